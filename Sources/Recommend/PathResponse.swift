import LearningPaths
import MasteryData
import MasteryModel

/// One skill's mastery for one student, by skill id: what a service shows beside a path.
public struct MasteryEntry: Codable, Sendable, Equatable {
    /// The skill's id, as the school's software knows it.
    public var skillId: String
    /// The skill's display name (often Vietnamese).
    public var name: String
    /// Probability of a correct answer on a typical question of the skill.
    public var mastery: Double
    /// The lower end of the interval of ``mastery`` at the request's confidence.
    public var lower: Double
    /// The upper end of that interval.
    public var upper: Double
    /// The student's answers on the skill folded in so far (a multi-skill question counts for each of its skills).
    public var practiceCount: Int
    /// Where the skill stands for the path's goals; nil outside a path response.
    public var state: SkillStatus?
    /// Its position on the path (from 1), if it is a step.
    public var step: Int?
}

/// A student's next path, by skill id, with everything a service or a report shows: the
/// response of ``Recommender/pathResponse(for:request:includeMastery:)``.
public struct PathResponse: Codable, Sendable, Equatable {
    /// One step: what to learn, how much, and why.
    public struct Step: Codable, Sendable, Equatable {
        /// Its position on the path, from 1.
        public var number: Int
        public var skillId: String
        public var name: String
        /// Ready, or needs a prerequisite that is an earlier step.
        public var state: SkillStatus
        public var mastery: Double
        public var lower: Double
        public var upper: Double
        /// The student's answers on the skill so far.
        public var practiceCount: Int
        /// About how many answers until mastery (see ``LearningPaths/PathStep/estimatedPractice``).
        public var estimatedPractice: Int
        /// False when the model predicts that practice alone does not reach the threshold within the cap.
        public var practiceReachesThreshold: Bool
        /// With an answer budget: the answers the schedule gives this step.
        public var plannedAnswers: Int?
        public var isGoal: Bool
        /// Goals that depend on this step, ascending by the model's skill order.
        public var unlockedGoals: [String]
        /// Its direct prerequisites; each is mastered or an earlier step.
        public var prerequisites: [String]
        /// The stable code of the main reason.
        public var reason: ReasonCode
        /// For ``ReasonCode/prerequisite``: how many goals need it; nil otherwise.
        public var reasonGoalCount: Int?
        /// The reason in a few words.
        public var reasonText: LocalizedText
        /// The reason as a sentence naming the skill.
        public var reasonSentence: LocalizedText
        /// A paragraph on what to practise, how much and why.
        public var explanation: LocalizedText
        /// Learning material for the skill (empty when none was given).
        public var resources: [Resource]
    }

    /// The mastery threshold planned with.
    public var threshold: Double
    /// The confidence of the intervals.
    public var confidence: Double
    /// The goals planned for, in the model's skill order.
    public var goals: [String]
    /// False when the model has no prerequisite graph: the path is then a ranking only.
    public var graphGiven: Bool
    /// How many skills are mastered, ready, and waiting on a prerequisite.
    public var mastered: Int
    public var ready: Int
    public var needsPrerequisite: Int
    /// Needed skills left off by the request's maximum number of steps.
    public var omittedByLength: Int
    /// Needed skills left off because an excluded skill they depend on is not mastered.
    public var blockedByExclusion: [String]
    public var steps: [Step]
    /// With an answer budget: the skill of every answer, in order; empty without one.
    public var practiceSchedule: [String]
    /// With an answer budget: goals whose path did not fit into it.
    public var goalsBeyondBudget: [String]
    /// Every skill's mastery and state, when asked for.
    public var skills: [MasteryEntry]?
}

extension Recommender {
    /// The next ordered path for a student in `state`, by skill id, with reasons as codes and
    /// sentences in Vietnamese and English: ``path(for:request:)`` in the form a service returns.
    /// With `includeMastery`, every skill's mastery and state too.
    public func pathResponse(for state: State, request: PathRequest = PathRequest(),
                             includeMastery: Bool = false) throws(RecommendError) -> PathResponse {
        let path = try path(for: state, request: request)
        let masteries = includeMastery ? try mastery(of: state, confidence: request.confidence) : nil
        return response(for: path, of: state, request: request, masteries: masteries)
    }

    /// Mastery of every skill (or of `skills`, by id) for a student in `state`, with their practice counts.
    public func masteryEntries(of state: State, skills: [String]? = nil, confidence: Double = 0.95) throws(RecommendError) -> [MasteryEntry] {
        try mastery(of: state, skills: skills, confidence: confidence).map { entry($0, of: state) }
    }

    /// A path already planned for `state` with `request`, by skill id; `masteries` (every skill,
    /// in the model's order) adds ``PathResponse/skills``.
    public func response(for path: LearningPath, of state: State, request: PathRequest, masteries: [SkillMastery]? = nil) -> PathResponse {
        let ids = model.metadata.skillIds
        let names = model.metadata.skillNames
        let steps = path.steps.enumerated().map { index, step in
            PathResponse.Step(
                number: index + 1, skillId: ids[step.skill], name: names[step.skill], state: SkillStatus(path.states[step.skill]),
                mastery: step.mastery, lower: step.lower, upper: step.upper, practiceCount: practiceCount(of: step.skill, in: state),
                estimatedPractice: step.estimatedPractice, practiceReachesThreshold: step.practiceReachesThreshold,
                plannedAnswers: path.plannedAnswers(ofStepAt: index), isGoal: step.isGoal,
                unlockedGoals: step.unlockedGoals.map { ids[$0] }, prerequisites: step.prerequisites.map { ids[$0] },
                reason: ReasonCode(step.reason), reasonGoalCount: step.reason.goalCount,
                reasonText: LocalizedText { $0.shortReason(step.reason) },
                reasonSentence: LocalizedText(vi: reasonSentence(of: step, in: .vi), en: reasonSentence(of: step, in: .en)),
                explanation: LocalizedText { $0.explanation(of: path, stepAt: index) { names[$0] } },
                resources: step.resources)
        }
        let stepNumbers = Dictionary(uniqueKeysWithValues: path.steps.enumerated().map { ($1.skill, $0 + 1) })
        let skills = masteries.map { masteries in
            masteries.map { mastery in
                var line = entry(mastery, of: state)
                line.state = SkillStatus(path.states[mastery.skillIndex])
                line.step = stepNumbers[mastery.skillIndex]
                return line
            }
        }
        return PathResponse(threshold: request.threshold, confidence: request.confidence, goals: path.goals.map { ids[$0] },
                            graphGiven: path.graphGiven, mastered: path.skills(in: .mastered).count,
                            ready: path.skills(in: .ready).count, needsPrerequisite: path.skills(in: .blocked).count,
                            omittedByLength: path.omittedByLength, blockedByExclusion: path.blockedByExclusion.map { ids[$0] },
                            steps: steps, practiceSchedule: path.practiceSchedule.map { ids[$0] },
                            goalsBeyondBudget: path.goalsBeyondBudget.map { ids[$0] }, skills: skills)
    }

    /// The reason of a step of a planned path as a sentence naming its skill, in `language`:
    /// ``PathResponse/Step/reasonSentence``, for a caller that needs one language only (the
    /// service's reply) and so skips the rest of ``response(for:of:request:masteries:)``.
    public func reasonSentence(of step: PathStep, in language: Language) -> String {
        PathSentences(language: language).reasonSentence(step.reason, skill: model.metadata.skillNames[step.skill])
    }

    /// The answers on `skill` folded into `state`: each adds its outcome to the wins and the rest to the fails.
    public func practiceCount(of skill: Int, in state: State) -> Int {
        Int(((state.wins[skill] ?? 0) + (state.fails[skill] ?? 0)).rounded())
    }

    private func entry(_ mastery: SkillMastery, of state: State) -> MasteryEntry {
        MasteryEntry(skillId: mastery.skillId, name: mastery.name, mastery: mastery.probability, lower: mastery.lower,
                     upper: mastery.upper, practiceCount: practiceCount(of: mastery.skillIndex, in: state))
    }
}

extension StepReason {
    /// How many goals need the step, for ``prerequisite(goalCount:)``; nil for the other reasons.
    public var goalCount: Int? {
        if case let .prerequisite(count) = self { return count }
        return nil
    }
}
