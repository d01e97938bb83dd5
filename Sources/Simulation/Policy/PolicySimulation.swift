import LearningPaths
import MasteryData

/// One step of a simulated policy run: the path the policy was given and what it practised.
public struct PolicyStep: Sendable {
    /// 1 for the first step.
    public let number: Int
    /// The skill practised: the first step of ``path``.
    public let skill: Int
    /// The plan the policy saw (one step long); its states say which skills the policy's
    /// estimate counted as mastered when it chose.
    public let path: LearningPath
    /// Correct answers among the step's ``PolicySimulationConfiguration/answersPerStep``.
    public let correctAnswers: Int
}

/// Simulated learners taught by path policies, to compare the policies before they reach schools.
///
/// At each step a policy sees only the learner's own answers (see the estimate on
/// `AnswerTally`: the empirical rate per skill shrunk to a prior, with an interval from the
/// count), asks ``LearningPaths/PathPlanner`` with its ordering strategy for a path toward the
/// goals, practises the path's first skill ``PolicySimulationConfiguration/answersPerStep``
/// times, and repeats. The learners' true mastery follows ``LearnerModel``; the outcome is how
/// many goals are *truly* mastered after each checkpoint. When the estimate says every goal is
/// mastered the path is empty and the learner stops practising.
public struct PolicySimulation: Sendable {
    public let planner: PathPlanner
    public let configuration: PolicySimulationConfiguration
    /// The goals, ascending and without duplicates.
    public let goals: [Int]
    let truth: SkillTruth

    /// - Parameters:
    ///   - topics: a topic index per skill (see `PathPlanner.topicIndices`), for the score's topic term.
    /// - Throws: ``SimulationError`` for a graph with a cycle, mismatched counts or an invalid configuration.
    public init(skillCount: Int, graph: PrerequisiteGraph?, topics: [Int]? = nil,
                configuration: PolicySimulationConfiguration = PolicySimulationConfiguration()) throws(SimulationError) {
        try configuration.validate(skillCount: skillCount)
        if let graph, !graph.isAcyclic {
            throw .invalidCurriculum("the prerequisite graph has a cycle; break it first (PrerequisiteGraph.breakingCycles())")
        }
        do {
            planner = try PathPlanner(skillCount: skillCount, graph: graph, topics: topics)
        } catch {
            throw .invalidCurriculum(error.description)
        }
        self.configuration = configuration
        goals = Array(Set(configuration.goals ?? Array(0..<skillCount))).sorted()
        truth = SkillTruth(skillCount: skillCount, model: configuration.learner, seed: configuration.seed)
    }

    /// A simulation over a curriculum's skills, prerequisites and topics.
    public init(curriculum: Curriculum,
                configuration: PolicySimulationConfiguration = PolicySimulationConfiguration()) throws(SimulationError) {
        try self.init(skillCount: curriculum.skills.count, graph: curriculum.graph,
                      topics: PathPlanner.topicIndices(curriculum.skills.topics), configuration: configuration)
    }

    /// Runs learner `student` under `policy` to the last checkpoint and returns, per checkpoint
    /// (in the configuration's order), how many goals the learner truly masters then.
    ///
    /// - Parameter onStep: sees every step, for tests and traces.
    /// - Throws: ``LearningPaths/PlanningError`` only if the planner fails, which the
    ///   initializer's checks rule out for valid input.
    public func run(student: Int, policy: PathPolicy,
                    onStep: (PolicyStep) -> Void = { _ in }) throws(PlanningError) -> [Int] {
        let threshold = configuration.learner.masteryThreshold
        let options = PlanOptions(goals: goals, masteryThreshold: threshold, maximumLength: 1,
                                  strategy: policy.strategy(student: student, seed: configuration.seed,
                                                                          weights: configuration.scoreWeights))
        var learner = SimulatedLearner(index: student, truth: truth, model: configuration.learner, seed: configuration.seed)
        var tally = AnswerTally(skillCount: planner.skillCount)
        var masteredAt: [Int: Int] = [:]
        let lastStep = configuration.checkpoints.max()!
        for number in 1...lastStep {
            let estimates = tally.estimates(priorMean: configuration.priorMean,
                                            priorStrength: configuration.priorStrength, z: configuration.intervalZ)
            let path = try planner.plan(estimates, options: options)
            if let skill = path.steps.first?.skill {
                var correctAnswers = 0
                for _ in 0..<configuration.answersPerStep {
                    let correct = learner.practise(skill, truth: truth, graph: planner.graph, model: configuration.learner)
                    tally.record(correct, on: skill)
                    if correct { correctAnswers += 1 }
                }
                onStep(PolicyStep(number: number, skill: skill, path: path, correctAnswers: correctAnswers))
            }
            if configuration.checkpoints.contains(number) {
                masteredAt[number] = learner.masteredCount(of: goals, threshold: threshold)
            }
        }
        return configuration.checkpoints.map { masteredAt[$0]! }
    }
}
