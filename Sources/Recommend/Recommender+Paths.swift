import LearningPaths
import MasteryData
import MasteryModel

/// What a path request asks for, by the ids the school's software uses.
public struct PathRequest: Sendable, Equatable {
    /// Skills to reach; nil for every skill of the model.
    public var goals: [String]?
    /// Mastery at or above this counts as mastered.
    public var threshold: Double
    /// Confidence of the intervals; a skill is mastered only when the interval's lower end reaches the threshold.
    public var confidence: Double
    /// At most this many steps (nil: the whole path); the rest are counted as omitted.
    public var maximumSteps: Int?
    /// Skills the path must not contain (and, while they are not mastered, nothing behind them).
    public var excluded: [String]
    /// Skills already on the student's agenda: they and what they need go first.
    public var scheduled: [String]
    /// A budget in answers: the goals that fit (cheapest first, each after its missing
    /// prerequisites) and ``LearningPaths/LearningPath/practiceSchedule`` with exactly this many
    /// answers, for a caller who hands the learner a fixed list. Nil: no budget.
    public var maximumAnswers: Int?
    /// The skills the student worked on last, most recent last: with the score's continuity term
    /// (``LearningPaths/ScoreWeights/continuity``, off by default) the path starts next to them.
    public var recentSkills: [String]
    /// Answers already given in this session, per skill id, when a caller replans after every
    /// answer within a session of ``maximumAnswers`` plus these: each step keeps what is left of
    /// its share of the session (``LearningPaths/PlanOptions/sessionPractice``) instead of the
    /// remaining budget being shared afresh each time. Needs ``maximumAnswers``.
    public var sessionPractice: [String: Int] = [:]
    /// What is left of the practice schedule this session is following, by skill id: the
    /// previous response's ``LearningPaths/LearningPath/practiceSchedule`` less the answers given
    /// since, when a caller replans after every answer. The new path keeps that schedule's order
    /// and counts and changes only what the answers showed
    /// (``LearningPaths/PlanOptions/sessionSchedule``). Needs ``maximumAnswers``; goes with
    /// ``sessionPractice``.
    public var sessionSchedule: [String] = []
    /// The weights of the planner's ordering score (the defaults are the ones chosen on the
    /// simulator; see `ScoreWeights`). For Swift callers and the simulator; not part of the JSON
    /// request, so a service's clients cannot change the documented order.
    public var scoreWeights: ScoreWeights = ScoreWeights()
    /// A skill whose latest answers were right this many times in a row counts as mastered for
    /// planning (``MasteryModel/StudentState/rightAnswersInARow``), whatever its estimate; nil: the
    /// estimate alone decides.
    public var rightInARowForMastery: Int? = PathRequest.defaultRightInARow
    /// The default of ``rightInARowForMastery``.
    ///
    /// Three, the rule of ASSISTments' skill builders ("three right in a row"). On the policy
    /// bench it is what lets a path replanned after every answer move on: without it every
    /// engine-driven policy stalled on its first step (closed-loop gain ≤ 0.015 at L = 50); with
    /// it the planner reaches 0.26–0.64 there (BENCHMARKS.md, "Mastery runs").
    public static let defaultRightInARow: Int? = 3
    /// A run of ``rightInARowForMastery`` right answers counts only when the skill's estimate is
    /// at least this (nil: any estimate). A run of three is common by chance for a learner who
    /// answers right six times in ten; on its own it let a replanned path leave a prerequisite
    /// still far from mastered, and learners whose progress waits on their prerequisites then
    /// learned less than with a blind topological order (closed loop, gated learners, L = 50).
    public var runEstimateFloor: Double? = PathRequest.defaultRunEstimateFloor
    /// The default of ``runEstimateFloor``: 0.7. With paths replanned from the estimates alone
    /// 0.6 was best of 0.5–0.8 on the policy bench (BENCHMARKS.md, "Runs that need an estimate");
    /// once a replan keeps the session's schedule (``sessionSchedule``) a run no longer unsticks a
    /// stalled path, it only frees a step's remaining answers, and 0.7 freed fewer too early:
    /// closed loop at L = 50, gated learners 0.387 → 0.413, BKT 0.465 → 0.447, damped 0.778 → 0.786
    /// (BENCHMARKS.md, "A session keeps its schedule").
    public static let defaultRunEstimateFloor: Double? = 0.7

    /// A request; the defaults plan every skill of the model at threshold 0.8 with 95% intervals.
    public init(goals: [String]? = nil, threshold: Double = 0.8, confidence: Double = 0.95, maximumSteps: Int? = nil,
                excluded: [String] = [], scheduled: [String] = [], maximumAnswers: Int? = nil, recentSkills: [String] = []) {
        self.goals = goals
        self.threshold = threshold
        self.confidence = confidence
        self.maximumSteps = maximumSteps
        self.excluded = excluded
        self.scheduled = scheduled
        self.maximumAnswers = maximumAnswers
        self.recentSkills = recentSkills
    }
}

extension Recommender {
    /// The next ordered path for a student in `state`: every not-yet-mastered skill the goals
    /// need, each after its prerequisites, with reasons and resources (see `LearningPaths`).
    /// Each step's practice comes from the model's practice terms and the student's counts on
    /// the skill (``LearningPaths/LearningCurve``); a model fitted without practice terms has no
    /// learning curve, and its steps fall back on the planner's constant gain.
    public func path(for state: State, request: PathRequest = PathRequest()) throws(RecommendError) -> LearningPath {
        // The request's one validation (its decoder and lotrinh-serve run the same).
        if let fault = request.fault { throw .invalidOption(fault.reason) }
        return try plan(state, masteries: model.studentMasteries(of: state, z: NormalDistribution.twoSidedQuantile(request.confidence)),
                        request: request)
    }

    /// ``path(for:request:)`` for a state prepared by this recommender: its masteries are reused
    /// when the request's confidence is the one they were prepared at.
    public func path(for prepared: PreparedState, request: PathRequest = PathRequest()) throws(RecommendError) -> LearningPath {
        if let fault = request.fault { throw .invalidOption(fault.reason) }
        guard prepared.confidence == request.confidence else { return try path(for: prepared.state, request: request) }
        return try plan(prepared.state, masteries: prepared.masteries, request: request)
    }

    /// The path from every skill's probability now; intervals are computed only where the planner
    /// asks (see MasteryIntervalSource).
    private func plan(_ state: State, masteries: StudentMasteries, request: PathRequest) throws(RecommendError) -> LearningPath {
        do {
            var planOptions = PlanOptions(goals: try request.goals.map { ids throws(RecommendError) in try skillIndices(ids) },
                                          masteryThreshold: request.threshold, maximumLength: request.maximumSteps,
                                          excluded: try skillIndices(request.excluded), scheduled: try skillIndices(request.scheduled),
                                          strategy: .scored(request.scoreWeights), maximumAnswers: request.maximumAnswers,
                                          recentSkills: try skillIndices(request.recentSkills))
            for (id, count) in request.sessionPractice { planOptions.sessionPractice[try skillIndex(id)] = count }
            planOptions.sessionSchedule = try skillIndices(request.sessionSchedule)
            if let run = request.rightInARowForMastery {
                let floor = request.runEstimateFloor ?? 0
                planOptions.demonstratedMastery = state.rightAnswersInARow
                    .filter { $0.value >= run && masteries.probability[$0.key] >= floor }.map(\.key).sorted()
            }
            return try planner.plan(mastery: masteries.probability, intervals: PlannerIntervals(masteries: masteries), options: planOptions,
                                    learningCurves: learningCurves(of: state))
        } catch let error as RecommendError {
            throw error
        } catch {
            throw .invalidOption("\(error)")
        }
    }
}

extension PathRequest {
    /// The distinct skills of the last `answers`, most recent last, as many as anchor a path's
    /// first step (`PlanOptions.recentSkillAnchors`): what ``recentSkills`` takes from a log.
    public static func recentSkills(of answers: [AnswerRecord]) -> [String] {
        var recent: [String] = []
        for answer in answers.reversed() {
            for id in answer.skillIds.reversed() where !recent.contains(id) {
                recent.append(id)
                if recent.count == PlanOptions.recentSkillAnchors { return recent.reversed() }
            }
        }
        return recent.reversed()
    }
}

extension Recommender {
    /// The largest answer budget a request may give (a year of daily practice, many times over).
    public static let maximumAnswerBudget = 100_000

    /// The learning curves of a student in `state`: the model's practice gains of each skill and
    /// the student's counts on it. Nil for a model without practice terms.
    public func learningCurves(of state: State) -> StudentLearningCurves? {
        guard model.metadata.terms.practice else { return nil }
        return StudentLearningCurves(model: model, state: state)
    }
}

/// One student's ``LearningPaths/LearningCurve`` for every skill, computed when the planner asks.
public struct StudentLearningCurves: LearningCurveSource, Sendable {
    let model: MasteryModel
    let state: StudentState

    /// The curve of `skill`: its γ⁺ and γ⁻, the weights of its terms over the latest answers and
    /// runs when the model has them, and the student's earlier answers on it.
    public func learningCurve(of skill: Int) -> LearningCurve {
        LearningCurve(gainCorrect: model.gainCorrect[skill], gainWrong: model.gainWrong[skill],
                      wins: state.wins[skill] ?? 0, fails: state.fails[skill] ?? 0,
                      scale: model.kind == .logistic ? .logit : .probability, practiceWindow: practiceWindow(of: skill))
    }

    /// The skill's window and run terms with the student's counts on it at their next answer,
    /// as `PracticeHistory` counts them; nil for a model without any of those terms.
    func practiceWindow(of skill: Int) -> PracticeWindow? {
        let features = model.practiceFeatures
        func weight(_ feature: PracticeFeature) -> Double {
            features.firstIndex(of: feature).map { model.practiceWeights[skill * features.count + $0] } ?? 0
        }
        let windowed: [PracticeFeature] = [.recentAttempts, .recentWins, .answersSince, .rightStreak, .wrongStreak]
        guard windowed.contains(where: features.contains) else { return nil }
        let history = state.history
        var ages: [Int] = [], outcomes: [Double] = []
        for (index, answer) in history.recent.enumerated() where answer.skills.contains(skill) {
            ages.append(history.recent.count - index)
            outcomes.append(answer.outcome)
        }
        return PracticeWindow(recentAttemptsWeight: weight(.recentAttempts), recentWinsWeight: weight(.recentWins),
                              answersSinceWeight: weight(.answersSince), rightStreakWeight: weight(.rightStreak),
                              wrongStreakWeight: weight(.wrongStreak), window: PracticeFeature.window,
                              earlierAges: ages, earlierOutcomes: outcomes,
                              answersSince: history.lastAnswer[skill].map { Double(state.answerCount) - $0 } ?? 0,
                              rightStreak: history.rightStreak[skill] ?? 0, wrongStreak: history.wrongStreak[skill] ?? 0)
    }
}

/// A student's masteries answering the planner's interval requests, each with one gathered
/// `strmm` block over the skills asked.
struct PlannerIntervals: MasteryIntervalSource {
    let masteries: StudentMasteries

    func intervalEnds(of skills: [Int]) -> (lower: [Double], upper: [Double]) {
        let columns = masteries.intervals(of: skills)
        return (columns.lower, columns.upper)
    }

    func lowerEndsCertainlyBelow(_ threshold: Double, among skills: [Int]) -> [Bool] {
        masteries.lowerEndsCertainlyBelow(threshold, among: skills)
    }
}
