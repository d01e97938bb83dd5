import LearningPaths

/// What a policy comparison simulates: how many learners, for how long, toward which goals,
/// and what the policies' estimate assumes.
public struct PolicySimulationConfiguration: Sendable, Equatable, Codable {
    /// Simulated learners; every policy meets the same ones (a paired comparison).
    public var students: Int
    /// Steps after which the goals truly mastered are counted, e.g. `[10, 20, 50]`.
    public var checkpoints: [Int]
    /// Answers practised per step, on the first skill of the planned path.
    public var answersPerStep: Int
    /// Goal skills; nil means every skill.
    public var goals: [Int]?
    public var seed: UInt64
    /// The true learning dynamics (and the mastery threshold shared with the planner).
    public var learner: LearnerModel
    /// Prior mean and strength (in pseudo-answers) the policies' estimate shrinks toward.
    public var priorMean: Double
    public var priorStrength: Double
    /// Half-width of the estimate's interval in standard deviations (1.96 for 95 %).
    public var intervalZ: Double
    /// The `scored` policy's weights (by default the planner's own).
    public var scoreWeights: ScoreWeights

    public init(students: Int = 1_000, checkpoints: [Int] = [10, 20, 50], answersPerStep: Int = 3,
                goals: [Int]? = nil, seed: UInt64 = 1, learner: LearnerModel = LearnerModel(),
                priorMean: Double = 0.5, priorStrength: Double = 2, intervalZ: Double = 1.96,
                scoreWeights: ScoreWeights = ScoreWeights()) {
        self.students = students
        self.checkpoints = checkpoints
        self.answersPerStep = answersPerStep
        self.goals = goals
        self.seed = seed
        self.learner = learner
        self.priorMean = priorMean
        self.priorStrength = priorStrength
        self.intervalZ = intervalZ
        self.scoreWeights = scoreWeights
    }

    func validate(skillCount: Int) throws(SimulationError) {
        guard students >= 1 else { throw .invalidConfiguration("students must be at least 1, got \(students)") }
        guard !checkpoints.isEmpty, checkpoints.allSatisfy({ $0 >= 1 }) else {
            throw .invalidConfiguration("checkpoints must be step counts of at least 1, got \(checkpoints)")
        }
        do {
            try scoreWeights.validate()
        } catch {
            throw .invalidConfiguration("\(error)")
        }
        guard answersPerStep >= 1 else {
            throw .invalidConfiguration("answers per step must be at least 1, got \(answersPerStep)")
        }
        if let goals {
            guard !goals.isEmpty else { throw .invalidConfiguration("the goal list is empty") }
            if let outside = goals.first(where: { !(0..<skillCount).contains($0) }) {
                throw .invalidConfiguration("goal \(outside) is not one of the \(skillCount) skills")
            }
        }
        guard priorMean > 0, priorMean < 1, priorStrength > 0, priorStrength.isFinite else {
            throw .invalidConfiguration("the prior needs a mean in (0, 1) and a positive strength")
        }
        guard intervalZ >= 0, intervalZ.isFinite else {
            throw .invalidConfiguration("interval z \(intervalZ) must be finite and not negative")
        }
        try learner.validate()
    }
}
