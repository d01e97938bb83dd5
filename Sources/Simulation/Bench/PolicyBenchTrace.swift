/// One answer of a run as the bench saw it (internal form of ``BenchTrace/Answer``).
struct TracedAnswer {
    let skill: Int
    let correct: Bool
    /// True levels after the answer.
    let levels: [Double]
    /// The planned path the answer came from (nil for the oracle).
    let path: [PlannedStep]?
}

/// Every answer of one learner's run under one policy, to see why a policy does what it does.
public struct BenchTrace: Sendable, Equatable, Codable {
    /// One answer: what was practised, how it went, and what the policy and the truth said.
    public struct Answer: Sendable, Equatable, Codable {
        /// The skill practised, by id.
        public let skill: String
        /// Whether the answer was right.
        public let correct: Bool
        /// The learner's true probability of a correct answer on the skill after this answer.
        public let trueMastery: Double
        /// The engine's estimate of the skill when the path was planned (nil for the oracle).
        public let estimate: Double?
        /// The planned path the answer came from, as (skill id, estimated practice) pairs, at
        /// most the first five steps (empty for the oracle).
        public let path: [PathEntry]
        /// Mean true probability of a correct answer over the goals after this answer.
        public let goalMastery: Double
    }

    /// A step of a planned path: skill id and the answers the planner expected it to need.
    public struct PathEntry: Sendable, Equatable, Codable {
        /// The step's skill id.
        public let skill: String
        /// The step's `estimatedPractice`.
        public let practice: Int
    }

    /// Which run: learner model, seed, test learner index, loop, policy and budget.
    public let learnerModel: String
    public let seed: UInt64
    public let learner: Int
    public let loop: BenchLoop
    public let policy: BenchPolicy
    public let budget: Int
    /// The learner's goals, by id.
    public let goals: [String]
    /// Mean true probability of a correct answer over the goals before the first answer.
    public let initialGoalMastery: Double
    /// Every answer of the run, in order.
    public let answers: [Answer]
}

extension PolicyBench {
    /// Test learner `learner` of `seed` (as in ``run(_:progress:)``) taught by `policy` in
    /// `loop` for `budget` answers, answer by answer.
    public static func trace(_ configuration: PolicyBenchConfiguration, learnerModel: BenchLearnerModel, seed: UInt64,
                             learner: Int, policy: BenchPolicy, loop: BenchLoop, budget: Int) throws(SimulationError) -> BenchTrace {
        try configuration.validate()
        guard budget >= 1, learner >= 0 else {
            throw .invalidConfiguration("a trace needs a budget of at least 1 and a learner index of at least 0")
        }
        let run = try SeedRun(configuration: configuration, model: learnerModel, graph: BenchGraph(configuration.curriculum), seed: seed)
        var (runner, _) = try run.learnerRun(learner)
        let ids = run.skillIDs
        let goals = runner.goals
        let collector = TraceCollector()
        runner.observer = { answer in
            let chosen = answer.path?.first { $0.skill == answer.skill }
            collector.answers.append(BenchTrace.Answer(
                skill: ids[answer.skill], correct: answer.correct,
                trueMastery: run.dynamics.correctProbability(answer.levels, skill: answer.skill), estimate: chosen?.mastery,
                path: (answer.path ?? []).prefix(5).map { BenchTrace.PathEntry(skill: ids[$0.skill], practice: $0.practice) },
                goalMastery: run.dynamics.goalMastery(answer.levels, goals: goals)))
        }
        _ = try runner.finalLevels(loop: loop, policy: policy, budgets: [budget])
        return BenchTrace(learnerModel: learnerModel.description, seed: seed, learner: learner, loop: loop, policy: policy,
                          budget: budget, goals: goals.map { ids[$0] },
                          initialGoalMastery: run.dynamics.goalMastery(runner.learner.levels, goals: goals),
                          answers: collector.answers)
    }
}

/// Gathers a trace's answers from the observer closure (one thread).
private final class TraceCollector {
    var answers: [BenchTrace.Answer] = []
}
