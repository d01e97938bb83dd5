import LearningPaths
import Recommend

/// What the policy bench runs: on which curriculum, which learner models and policies, how many
/// learners and seeds, which budgets, and the request the planner gets.
public struct PolicyBenchConfiguration: Sendable {
    /// The skills and prerequisite graph the learners learn and the engine plans over.
    public var curriculum: Curriculum
    /// A name for the curriculum in reports.
    public var curriculumName: String
    /// The true dynamics to run, each with its own fits and figures.
    public var learnerModels: [BenchLearnerModel]
    /// The constants of the learner models.
    public var parameters: BenchLearnerParameters
    /// The policies compared, in report order.
    public var policies: [BenchPolicy]
    /// Open loop, closed loop or both.
    public var loops: [BenchLoop]
    /// Budgets L in answers; the figures are taken after exactly L answers (fewer when a path ends).
    public var budgets: [Int]
    /// Test learners per seed (never in the training cohort).
    public var learners: Int
    /// Learners in the training cohort per seed.
    public var cohortSize: Int
    /// Each seed draws new skill truths, a new cohort, a new fit and new test learners.
    public var seeds: [UInt64]
    /// Warm-up answers per learner, cohort and test learners alike.
    public var warmupAnswers: Int
    /// How many goals each test learner gets, drawn among the deeper half of the skills.
    public var goalCount: ClosedRange<Int>
    /// The request the ``BenchPolicy/planner`` policy (and the path the baselines reorder) uses;
    /// its goals are replaced by each learner's.
    public var request: PathRequest

    /// The defaults: every learner model and policy, both loops, L = 5, 10, 20, 30, 50, 1,000 test
    /// learners and a cohort of 5,000 per seed, three seeds, 20 warm-up answers, 2–4 goals, the
    /// default request.
    public init(curriculum: Curriculum, curriculumName: String, learnerModels: [BenchLearnerModel] = BenchLearnerModel.all,
                parameters: BenchLearnerParameters = BenchLearnerParameters(), policies: [BenchPolicy] = BenchPolicy.allCases,
                loops: [BenchLoop] = BenchLoop.allCases, budgets: [Int] = [5, 10, 20, 30, 50], learners: Int = 1_000,
                cohortSize: Int = 5_000, seeds: [UInt64] = [1, 2, 3], warmupAnswers: Int = 20, goalCount: ClosedRange<Int> = 2...4,
                request: PathRequest = PathRequest()) {
        self.curriculum = curriculum
        self.curriculumName = curriculumName
        self.learnerModels = learnerModels
        self.parameters = parameters
        self.policies = policies
        self.loops = loops
        self.budgets = budgets
        self.learners = learners
        self.cohortSize = cohortSize
        self.seeds = seeds
        self.warmupAnswers = warmupAnswers
        self.goalCount = goalCount
        self.request = request
    }

    func validate() throws(SimulationError) {
        guard !learnerModels.isEmpty, !policies.isEmpty, !loops.isEmpty, !seeds.isEmpty else {
            throw .invalidConfiguration("the bench needs at least one learner model, policy, loop and seed")
        }
        guard !budgets.isEmpty, budgets.allSatisfy({ $0 >= 1 }), budgets == Array(Set(budgets)).sorted() else {
            throw .invalidConfiguration("budgets must be distinct answer counts of at least 1 in ascending order, got \(budgets)")
        }
        guard learners >= 1, cohortSize >= 1 else {
            throw .invalidConfiguration("learners (\(learners)) and cohort size (\(cohortSize)) must be at least 1")
        }
        guard warmupAnswers >= 1 else { throw .invalidConfiguration("warm-up answers must be at least 1, got \(warmupAnswers)") }
        guard goalCount.lowerBound >= 1 else { throw .invalidConfiguration("goal count must be at least 1, got \(goalCount)") }
        let parameters = parameters
        for (name, range) in [("gain", parameters.gain), ("learn", parameters.learn), ("slip", parameters.slip),
                              ("guess", parameters.guess), ("forget", parameters.forget)]
        where range.lowerBound < 0 || range.upperBound > 1 {
            throw .invalidConfiguration("\(name) range \(range) must lie in [0, 1]")
        }
        for (name, value) in [("mastery threshold", parameters.masteryThreshold), ("gated fraction", parameters.gatedFraction),
                              ("damping", parameters.damping), ("spill-over", parameters.spillOver),
                              ("unready learn factor", parameters.unreadyLearnFactor)]
        where !(0...1).contains(value) {
            throw .invalidConfiguration("\(name) \(value) must lie in [0, 1]")
        }
    }
}

extension PolicyBenchConfiguration {
    /// The planner's score weights in ``request`` (the planner policy's order).
    public var scoreWeights: ScoreWeights {
        get { request.scoreWeights }
        set { request.scoreWeights = newValue }
    }

    /// The mastery threshold in ``request``, for callers that do not link `Recommend` (the command line).
    public var threshold: Double {
        get { request.threshold }
        set { request.threshold = newValue }
    }

    /// The confidence of the intervals in ``request`` (a skill is mastered when its lower end
    /// reaches the threshold).
    public var confidence: Double {
        get { request.confidence }
        set { request.confidence = newValue }
    }
}
