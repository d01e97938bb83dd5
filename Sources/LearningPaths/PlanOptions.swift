import MasteryData

/// What to plan for and how: goals, the mastery rule, limits and the ordering strategy.
public struct PlanOptions: Sendable, Equatable {
    /// The skills the student should reach; nil means every skill. Duplicates are ignored.
    public var goals: [Int]?
    /// A skill is mastered at or above this probability (see ``requiresConfidentMastery``).
    public var masteryThreshold: Double
    /// When true (the default) a skill is mastered only if its interval's *lower* bound reaches
    /// the threshold, so a high estimate from little evidence still gets practised. When false
    /// the point estimate alone decides.
    public var requiresConfidentMastery: Bool
    /// At most this many steps (nil: no limit). The path is the first steps of the full order,
    /// so a shorter path never breaks a prerequisite either.
    public var maximumLength: Int?
    /// Skills never put on the path (the teacher covers them elsewhere, or they are off the
    /// syllabus). An excluded skill that is not mastered still *blocks* its dependents: they
    /// are left off the path too and listed in ``LearningPath/blockedByExclusion``, because
    /// planning them would put a step before an unlearned prerequisite.
    public var excluded: [Int]
    /// Skills already on the student's agenda: they and their unmastered prerequisites come
    /// first on the path (in prerequisite order, ranked by the strategy among themselves), even
    /// when they lie outside the goals' closure. Mastered ones are simply done.
    public var scheduled: [Int]
    /// How available steps are ranked.
    public var strategy: OrderingStrategy
    /// The mastery a student is expected to gain per answer, for ``PathStep/estimatedPractice``
    /// when the plan has no ``LearningCurveSource`` (a planner used without a model). With a
    /// source, the practice comes from the model's learning curves instead.
    public var masteryGainPerAnswer: Double
    /// A budget in answers: the planner fits as many goals as it can into it (cheapest first,
    /// each with its missing ancestors before it) and returns ``LearningPath/practiceSchedule``
    /// with exactly this many answers. Nil: no budget.
    public var maximumAnswers: Int?
    /// No step is estimated at more answers than this: a skill that the learning curve does not
    /// bring to the threshold within it says so (``PathStep/practiceReachesThreshold``).
    public var maximumPracticePerStep: Int
    /// The skills the student worked on last, most recent last: the continuity term of the
    /// score favours the first step next to them (see ``ScoreWeights/continuity``). Only the
    /// last ``recentSkillAnchors`` count.
    public var recentSkills: [Int]
    /// Under ``maximumAnswers``, the goals taken are those whose steps each get at least this
    /// many answers (see `PathPlanner.shareBudget(_:among:)`); two on the policy bench, where one
    /// spread a 10-answer budget too thin and three took too few goals at 20 (BENCHMARKS.md).
    /// When not one goal fits at this many, the goals that fit at one answer a step are taken.
    public var minimumAnswersPerStep = 2
    /// Skills the student has just shown to master by their answers (a run of right answers),
    /// counted as mastered for planning whatever their estimate: an estimate that weighs the
    /// whole history lags behind a learner who has just learned, and without this a path keeps
    /// the learner on a skill they already answer right.
    public var demonstratedMastery: [Int] = []

    /// Answers the student has already given in this session, per skill, when the caller replans
    /// after every answer: the session's budget is ``maximumAnswers`` plus these, shared along the
    /// path as at the session's start, and each step keeps what is left of its share. Without
    /// it a path replanned after every answer shares the *remaining* budget afresh each time, and
    /// its first step, whose estimated need barely moves with one answer, takes the first answer
    /// again and again: on the policy bench the closed loop then stayed on the first prerequisite
    /// and fell behind the same planner's open loop (BENCHMARKS.md, "Session practice").
    /// Needs ``maximumAnswers``.
    public var sessionPractice: [Int: Int] = [:]
    /// What is left of the practice schedule the student is following in this session (the
    /// previous plan's ``LearningPath/practiceSchedule`` less the answers given since), when the
    /// caller replans after every answer. The new plan keeps that schedule's order and each
    /// step's answers in it, and changes only what the answers showed: a step judged mastered
    /// leaves and frees its answers, which go first to steps that joined the path (a
    /// prerequisite whose estimate fell back) and then to the goals; a step that has had its
    /// answers gets no more. Replanned from the estimates alone, one answer reshuffled steps
    /// whose scores it nudged, and a step judged nearly mastered kept asking for "one more"
    /// (its need never falls below one until the interval clears the threshold), so the path
    /// ran out of answers before the goals: on the policy bench the closed loop trailed the
    /// same planner's open loop (BENCHMARKS.md, "A session keeps its schedule"). Needs
    /// ``maximumAnswers``; goes with ``sessionPractice``, which tells a step that has had its
    /// answers from one that joined.
    public var sessionSchedule: [Int] = []
    /// The order the plan within a budget hands its narrowed plan: ``sessionSchedule``'s skills.
    var sessionOrder: [Int] = []

    /// How many of ``recentSkills`` (the most recent) anchor the first step.
    public static let recentSkillAnchors = 3

    /// Options with defaults that suit a service: every skill a goal, mastery at 0.8 judged by
    /// the interval's lower end, the whole path, the default score.
    public init(goals: [Int]? = nil, masteryThreshold: Double = 0.8, requiresConfidentMastery: Bool = true,
                maximumLength: Int? = nil, excluded: [Int] = [], scheduled: [Int] = [],
                strategy: OrderingStrategy = .scored(ScoreWeights()), masteryGainPerAnswer: Double = 0.1,
                maximumAnswers: Int? = nil, maximumPracticePerStep: Int = 20, recentSkills: [Int] = []) {
        self.goals = goals
        self.masteryThreshold = masteryThreshold
        self.requiresConfidentMastery = requiresConfidentMastery
        self.maximumLength = maximumLength
        self.excluded = excluded
        self.scheduled = scheduled
        self.strategy = strategy
        self.masteryGainPerAnswer = masteryGainPerAnswer
        self.maximumAnswers = maximumAnswers
        self.maximumPracticePerStep = maximumPracticePerStep
        self.recentSkills = recentSkills
    }

    func validate() throws(PlanningError) {
        do throws(ProbabilityOutOfRange) {
            _ = try MasteryThreshold(masteryThreshold, name: "mastery threshold")
        } catch {
            throw .invalidOption(error.description)
        }
        if let maximumLength, maximumLength < 0 {
            throw .invalidOption("maximum length \(maximumLength) must not be negative")
        }
        if let maximumAnswers, maximumAnswers < 1 {
            throw .invalidOption("maximum answers \(maximumAnswers) must be at least 1")
        }
        if !sessionPractice.isEmpty, maximumAnswers == nil {
            throw .invalidOption("session practice needs a budget (maximum answers): it says what part of the session's budget is spent")
        }
        if !sessionSchedule.isEmpty, maximumAnswers == nil {
            throw .invalidOption("a session schedule needs a budget (maximum answers): it is what is left of the session's answers")
        }
        if let (skill, count) = sessionPractice.first(where: { !(0...1_000_000).contains($0.value) }) {
            throw .invalidOption("session practice on skill \(skill) is \(count) answers; it must lie in 0...1,000,000")
        }
        guard maximumPracticePerStep >= 1, maximumPracticePerStep <= 1_000_000 else {
            throw .invalidOption("maximum practice per step \(maximumPracticePerStep) must lie in 1...1,000,000")
        }
        guard minimumAnswersPerStep >= 1, minimumAnswersPerStep <= 1_000_000 else {
            throw .invalidOption("minimum answers per step \(minimumAnswersPerStep) must lie in 1...1,000,000")
        }
        guard masteryGainPerAnswer > 0, masteryGainPerAnswer <= 1 else {
            throw .invalidOption("mastery gain per answer \(masteryGainPerAnswer) must lie in (0, 1]")
        }
        if case let .scored(weights) = strategy { try weights.validate() }
    }
}

/// How the planner chooses among the steps whose prerequisites are all satisfied. Every
/// strategy yields a path with zero prerequisite violations; they differ only in the order,
/// so the simulator can compare them on equal terms.
public enum OrderingStrategy: Sendable, Equatable {
    /// The documented score (see ``ScoreWeights``): the default.
    case scored(ScoreWeights)
    /// Plain Kahn order: the smallest skill index first.
    case topological
    /// The highest predicted mastery first (ties: smallest index).
    case easiestFirst
    /// A random order that still respects prerequisites: each skill draws one priority from
    /// `SeededRandom(seed:)` in skill-index order, so a seed gives the same path everywhere.
    case random(seed: UInt64)
}

/// Weights of the ordering score. Among available steps the planner takes the highest
///
///     score(s) = gain      · (1 − mastery(s))
///              + closeness · min(1, mastery(s) / threshold)
///              + unlocks   · goalsReached(s) / max over the path of goalsReached
///              + topic     · [topic(s) == topic(previous step)]
///              + continuity · [s is next to the previous step in the graph]
///
/// where `goalsReached(s)` counts the plannable goals that are `s` itself or depend on `s`
/// directly or transitively, and "next to" means a direct prerequisite or dependent of the
/// previous step, or another prerequisite of one of its dependents (before the first step: the
/// student's ``PlanOptions/recentSkills`` themselves and their neighbours). Ties go to the
/// smaller skill index. Each term lies in [0, 1], so
/// the weights compare directly.
///
/// The defaults (gain 1, closeness 0, unlocks 0.3, topic 0.5, continuity 1) were chosen on the learning
/// simulator (`lotrinh-train simulate`; BENCHMARKS.md has the comparison): under the usual
/// learning curve, where each practice closes a fixed share of the gap to full mastery, the
/// expected gain of a step is proportional to `1 − mastery`, so spreading practice over the
/// skills with most to learn masters more goals in 10, 20 and 50 steps than finishing the
/// nearly-mastered ones first (closeness alone reproduces easiest-first, which lost).
///
/// Continuity is on (weight 1) since the planner shares its budget along the path and counts a
/// run of right answers as mastery: on the policy bench that runs the real engine (`lotrinh-train
/// simulate`, 3 seeds × 1,000 learners, BENCHMARKS.md "Continuity on, with budgets shared") it
/// took the closed loop ahead of random order at L = 50 for learners who waste a step away from
/// their last one (damped 0.545 → 0.582 against 0.566; gated 0.224 → 0.256 against 0.227) and
/// damped+continuity open loop at L = 20 from 0.795 to 0.822 of the oracle, and moved no other
/// figure by more than 0.006 (BKT open loop, within its spread; 10 seeds: 0.001). Closed loop,
/// the path otherwise flips between two steps of one-answer needs and every flip is a wasted
/// answer for such a learner. Before those two changes weight 0.5 had not earned its place.
public struct ScoreWeights: Sendable, Equatable, Codable {
    /// Prefer skills with the most left to learn: the expected mastery gain of one practice.
    public var gain: Double
    /// Prefer skills close to mastery: quick wins, and the practice they need is small.
    public var closeness: Double
    /// Prefer skills that many goals wait for: progress toward the goals.
    public var unlocks: Double
    /// Prefer staying on the previous step's topic, so the path reads as one thread.
    public var topic: Double
    /// Prefer a skill next to the previous step (or the student's recent work) in the graph:
    /// learners take up what is next to what they just practised.
    public var continuity: Double

    /// Weights for the five terms; the defaults are the ones chosen on the learning simulator
    /// (see the type's discussion).
    public init(gain: Double = 1, closeness: Double = 0, unlocks: Double = 0.3, topic: Double = 0.5, continuity: Double = 1) {
        self.gain = gain
        self.closeness = closeness
        self.unlocks = unlocks
        self.topic = topic
        self.continuity = continuity
    }
}

extension ScoreWeights {
    /// The terms by name, in the order of the score's formula.
    public var named: [(name: String, weight: Double)] {
        [("gain", gain), ("closeness", closeness), ("unlocks", unlocks), ("topic", topic), ("continuity", continuity)]
    }

    /// Throws ``PlanningError/invalidOption(_:)`` naming the first weight that is negative or not finite.
    public func validate() throws(PlanningError) {
        if let (name, weight) = named.first(where: { !($0.weight >= 0 && $0.weight.isFinite) }) {
            throw .invalidOption("score weight \(name) = \(weight) must be finite and not negative")
        }
    }
}
