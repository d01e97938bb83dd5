import LearningPaths
import MasteryData
import Recommend

/// Where a skill stands for a student, as reports name it (JSON values are these raw values).
enum SkillStatus: String, Encodable, CaseIterable {
    case mastered, ready, needsPrerequisite, notNeeded

    init(_ state: SkillState) {
        switch state {
        case .mastered: self = .mastered
        case .ready: self = .ready
        case .blocked: self = .needsPrerequisite
        case .notNeeded: self = .notNeeded
        }
    }
}

/// Why a step is on the path (JSON values are these raw values).
enum ReasonCode: String, Encodable {
    case goal, prerequisite, confirmMastery, scheduled

    init(_ reason: StepReason) {
        switch reason {
        case .goal: self = .goal
        case .prerequisite: self = .prerequisite
        case .confirmMastery: self = .confirmMastery
        case .scheduled: self = .scheduled
        }
    }
}

/// One student's path and mastery: what `student` prints in every format (the JSON is this value;
/// its schema is `docs/lotrinh-path.schema.json`).
struct StudentReport: Encodable {
    struct Step: Encodable {
        var step: Int
        var id: String
        var name: String
        var state: SkillStatus
        var mastery: Double
        var lower: Double
        var upper: Double
        var estimatedPractice: Int
        /// False when the model predicts the threshold is not reached within the cap.
        var practiceReachesThreshold: Bool
        /// With --max-answers: the answers the schedule gives this step.
        var plannedAnswers: Int?
        var isGoal: Bool
        var unlocksGoals: Int
        var prerequisites: [String]
        var reason: ReasonCode
        /// The reason in a few words, in the report's language.
        var reasonText: String
        /// A paragraph on what to practise and why, in the report's language.
        var explanation: String
        var resources: [Resource]
    }

    let report = "student"
    let schemaVersion = 1
    var language: Language
    var student: String
    /// Answers folded in; nil when the model's own estimate was used.
    var answers: Int?
    var threshold: Double
    var confidence: Double
    /// Goal skill ids; nil for every skill.
    var goals: [String]?
    var graphGiven: Bool
    var mastered: Int
    var ready: Int
    var blocked: Int
    var omittedByLength: Int
    var path: [Step]
    /// With --max-answers: the skill id of every answer of the schedule, in order.
    var practiceSchedule: [String]?
    /// With --max-answers: goals whose path did not fit into the budget.
    var goalsBeyondBudget: [String]?
    /// Every skill of the model (JSON and text: only with --mastery).
    var skills: [SkillLine]?

    init(student: StudentInput, path: LearningPath, masteries: [SkillMastery], curriculum: Curriculum) {
        let words = curriculum.words
        let ids = curriculum.ids
        let names = curriculum.names
        language = words.language
        self.student = student.id
        answers = student.answers?.count
        threshold = curriculum.threshold
        confidence = curriculum.confidence
        goals = curriculum.goals
        graphGiven = path.graphGiven
        mastered = path.skills(in: .mastered).count
        ready = path.skills(in: .ready).count
        blocked = path.skills(in: .blocked).count
        omittedByLength = path.omittedByLength
        self.path = path.steps.enumerated().map { index, step in
            Step(step: index + 1, id: ids[step.skill], name: names[step.skill], state: SkillStatus(path.states[step.skill]),
                 mastery: step.mastery, lower: step.lower, upper: step.upper, estimatedPractice: step.estimatedPractice,
                 practiceReachesThreshold: step.practiceReachesThreshold,
                 plannedAnswers: path.plannedAnswers.isEmpty ? nil : path.plannedAnswers[index],
                 isGoal: step.isGoal, unlocksGoals: step.unlockedGoals.count, prerequisites: step.prerequisites.map { ids[$0] },
                 reason: ReasonCode(step.reason), reasonText: words.shortReason(step.reason),
                 explanation: words.explanation(of: path, stepAt: index) { names[$0] }, resources: step.resources)
        }
        if curriculum.request.maximumAnswers != nil {
            practiceSchedule = path.practiceSchedule.map { ids[$0] }
            goalsBeyondBudget = path.goalsBeyondBudget.map { ids[$0] }
        }
        let stepNumbers = path.stepNumbers
        // Names from the curriculum, which escapes control characters for a terminal.
        skills = masteries.map { mastery in
            var named = mastery
            named.name = names[mastery.skillIndex]
            return SkillLine(named, path: path, stepNumbers: stepNumbers)
        }
    }
}
