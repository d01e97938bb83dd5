import Training

/// The bench's figures: per learner model, loop, policy and budget, the normalized gain on the
/// goals and the fraction of goals truly mastered, over every test learner of every seed.
public struct PolicyBenchReport: Sendable, Equatable, Codable {
    /// Mean and sample standard deviation over learners (all seeds pooled).
    public struct Summary: Sendable, Equatable, Codable {
        /// The mean over learners.
        public let mean: Double
        /// The sample standard deviation over learners (0 for one learner).
        public let standardDeviation: Double
        /// Learners summarized: test learners per seed × seeds.
        public let count: Int

        init(_ values: [Double]) {
            let mean = values.reduce(0, +) / Double(values.count)
            let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            self.mean = mean
            standardDeviation = values.count > 1 ? (squares / Double(values.count - 1)).squareRoot() : 0
            count = values.count
        }
    }

    /// One policy at one budget in one loop on one learner model.
    public struct Cell: Sendable, Equatable, Codable {
        /// The learner model's name (``BenchLearnerModel/description``).
        public let learnerModel: String
        /// Open or closed loop.
        public let loop: BenchLoop
        /// The policy that taught.
        public let policy: BenchPolicy
        /// L, the answers the policy had.
        public let budget: Int
        /// `(final − initial) / (1 − initial)` per learner, mastery being the mean true
        /// probability of a correct answer over the learner's goals.
        public let normalizedGain: Summary
        /// The fraction of the learner's goals truly mastered after the budget.
        public let goalsMastered: Summary
    }

    /// What the population fit of one learner model and seed did, so a bad fit cannot hide, and
    /// how often the fold-in needed its fallback.
    public struct FitFacts: Sendable, Equatable, Codable {
        /// The learner model whose cohort was fitted.
        public let learnerModel: String
        /// The seed of the cohort, the skills' truth and the fit.
        public let seed: UInt64
        /// Sweeps run, and why the fit stopped.
        public let sweeps: Int
        public let stopReason: StopReason
        /// Mean training loss of the last sweep.
        public let trainingLoss: Double
        /// Warm-up answers the model was fitted on, and the share of them right.
        public let answers: Int
        public let correctRate: Double
        /// Students in the fitted model: the cohort only.
        public let students: Int
        /// Test learners whose warm-up the batch fold-in refused; they were folded in answer by
        /// answer (`Recommender.update`) instead.
        public let foldInRefusals: Int
    }

    /// The curriculum's name, skill count and prerequisite-edge count.
    public let curriculum: String
    public let skills: Int
    public let prerequisites: Int
    /// Test learners per seed, the seeds, the training cohort per seed and the warm-up per learner.
    public let learnersPerSeed: Int
    public let seeds: [UInt64]
    public let cohortSize: Int
    public let warmupAnswers: Int
    /// What was run, in report order.
    public let budgets: [Int]
    public let learnerModels: [String]
    public let policies: [BenchPolicy]
    public let loops: [BenchLoop]
    /// Every learner model × loop × policy × budget.
    public let cells: [Cell]
    /// One per learner model and seed.
    public let fits: [FitFacts]

    /// The cell of `policy` at `budget` in `loop` on `learnerModel`, if it was run.
    public func cell(_ learnerModel: String, _ loop: BenchLoop, _ policy: BenchPolicy, budget: Int) -> Cell? {
        cells.first { $0.learnerModel == learnerModel && $0.loop == loop && $0.policy == policy && $0.budget == budget }
    }

    /// `(final − initial) / (full − initial)` with full mastery 1; 0 when nothing was left to learn.
    public static func normalizedGain(initial: Double, final: Double) -> Double {
        initial < 1 ? (final - initial) / (1 - initial) : 0
    }
}
