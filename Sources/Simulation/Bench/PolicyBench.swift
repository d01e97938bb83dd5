import Foundation
import MasteryData
import Recommend
import Training

/// Path policies run through the real engine on simulated learners.
///
/// For every learner model and seed: draw the skills' true parameters; simulate a training
/// cohort answering warm-up questions (`WarmupWalk`, the same for everyone, blind to the
/// policies); fit a population model with `Training` on those answers only; then for each test
/// learner (never in the cohort) fold their own warm-up answers in through `Recommend`, draw 2–4
/// goals among the deeper skills, and run every policy from that same start, with the same
/// random numbers (a paired comparison), open loop and closed loop, for every budget.
public enum PolicyBench {
    /// Runs the bench. Learners are spread over all cores; each draws only from its own random
    /// stream and results are merged in learner order, so the figures depend on the seeds alone.
    ///
    /// - Parameter progress: called with (learners done, learners in all) from any thread.
    public static func run(_ configuration: PolicyBenchConfiguration,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws(SimulationError) -> PolicyBenchReport {
        try configuration.validate()
        let graph = BenchGraph(configuration.curriculum)
        let total = configuration.learnerModels.count * configuration.seeds.count * configuration.learners
        let counter = ProgressCounter()
        var cells: [PolicyBenchReport.Cell] = []
        var fits: [PolicyBenchReport.FitFacts] = []
        for model in configuration.learnerModels {
            var outcomes: [[Double]] = []
            for seed in configuration.seeds {
                let run = try SeedRun(configuration: configuration, model: model, graph: graph, seed: seed)
                let rows = try run.outcomes { done in progress?(counter.add(done), total) }
                let layout = OutcomeLayout(configuration)
                fits.append(run.fitFacts(refusals: rows.count { $0[layout.refusalColumn] == 1 }))
                outcomes += rows
            }
            cells += summarize(outcomes, model: model, configuration: configuration)
        }
        return PolicyBenchReport(
            curriculum: configuration.curriculumName, skills: graph.skillCount,
            prerequisites: configuration.curriculum.prerequisites.count, learnersPerSeed: configuration.learners,
            seeds: configuration.seeds, cohortSize: configuration.cohortSize, warmupAnswers: configuration.warmupAnswers,
            budgets: configuration.budgets, learnerModels: configuration.learnerModels.map(\.description),
            policies: configuration.policies, loops: configuration.loops, cells: cells, fits: fits)
    }

    /// One cell per loop, policy and budget from every learner's outcome row (see `SeedRun.outcome`).
    private static func summarize(_ outcomes: [[Double]], model: BenchLearnerModel,
                                  configuration: PolicyBenchConfiguration) -> [PolicyBenchReport.Cell] {
        let layout = OutcomeLayout(configuration)
        return configuration.loops.enumerated().flatMap { loopIndex, loop in
            configuration.policies.enumerated().flatMap { policyIndex, policy in
                configuration.budgets.enumerated().map { budgetIndex, budget in
                    let column = layout.column(loop: loopIndex, policy: policyIndex, budget: budgetIndex)
                    return PolicyBenchReport.Cell(
                        learnerModel: model.description, loop: loop, policy: policy, budget: budget,
                        normalizedGain: .init(outcomes.map { $0[column] }),
                        goalsMastered: .init(outcomes.map { $0[column + layout.masteredOffset] }))
                }
            }
        }
    }
}

/// Where each figure sits in a learner's outcome row: gains first, then the mastered fractions,
/// then 1 if the batch fold-in refused the learner's warm-up (0 otherwise).
struct OutcomeLayout {
    let policies: Int
    let budgets: Int
    let masteredOffset: Int
    var refusalColumn: Int { 2 * masteredOffset }

    init(_ configuration: PolicyBenchConfiguration) {
        policies = configuration.policies.count
        budgets = configuration.budgets.count
        masteredOffset = configuration.loops.count * policies * budgets
    }

    func column(loop: Int, policy: Int, budget: Int) -> Int { (loop * policies + policy) * budgets + budget }
}

/// One learner model and seed: the truth, the fitted engine and the test learners.
struct SeedRun: Sendable {
    let configuration: PolicyBenchConfiguration
    let dynamics: LearnerDynamics
    let recommender: Recommender
    let fit: FitResult
    let cohortAnswers: Int
    let cohortCorrect: Int
    let seed: UInt64
    /// Curriculum index of each model skill, and the model's id of each curriculum skill.
    let curriculumIndex: [Int]
    let skillIDs: [String]
    let ordering: StepOrdering
    let walk: WarmupWalk

    init(configuration: PolicyBenchConfiguration, model: BenchLearnerModel, graph: BenchGraph, seed: UInt64) throws(SimulationError) {
        self.configuration = configuration
        self.seed = seed
        dynamics = LearnerDynamics(model: model, parameters: configuration.parameters, graph: graph, seed: seed)
        walk = WarmupWalk(answers: configuration.warmupAnswers)
        ordering = StepOrdering(graph: graph)
        let cohort = (0..<configuration.cohortSize).map { [dynamics, walk] index in
            var learner = dynamics.makeLearner(random: SeededRandom(seed: seed, stream: BenchStream.cohortLearner(index)))
            return walk.run(&learner, dynamics: dynamics)
        }
        let fit = try PopulationFit.fit(curriculum: configuration.curriculum, cohort: cohort, seed: seed)
        self.fit = fit
        cohortAnswers = cohort.reduce(0) { $0 + $1.count }
        cohortCorrect = cohort.reduce(0) { $0 + $1.count(where: \.correct) }
        do {
            recommender = try Recommender(model: fit.model.withoutStudents(),
                                          topics: configuration.curriculum.skills.topics)
        } catch {
            throw .engine("loading the fitted model: \(error)")
        }
        skillIDs = configuration.curriculum.skills.ids.ids
        var indexByID: [String: Int] = [:]
        for (index, id) in skillIDs.enumerated() { indexByID[id] = index }
        curriculumIndex = try recommender.model.metadata.skillIds.map { id throws(SimulationError) in
            guard let index = indexByID[id] else { throw .engine("the fitted model has skill \(id), which the curriculum lacks") }
            return index
        }
    }

    /// What the fit did, with the number of test learners whose warm-up the batch fold-in refused.
    func fitFacts(refusals: Int) -> PolicyBenchReport.FitFacts {
        PolicyBenchReport.FitFacts(
            learnerModel: dynamics.model.description, seed: seed, sweeps: fit.history.count, stopReason: fit.stopReason,
            trainingLoss: fit.history.last?.trainingLoss ?? .nan, answers: cohortAnswers,
            correctRate: Double(cohortCorrect) / Double(cohortAnswers), students: fit.model.studentIds.count,
            foldInRefusals: refusals)
    }

    /// Every test learner's outcome row, in learner order.
    func outcomes(progress: @Sendable (Int) -> Void) throws(SimulationError) -> [[Double]] {
        let learners = configuration.learners
        let collector = RowCollector(count: learners)
        let chunkSize = max(1, learners / (ProcessInfo.processInfo.activeProcessorCount * 8))
        let chunkCount = (learners + chunkSize - 1) / chunkSize
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let range = chunk * chunkSize..<min(learners, (chunk + 1) * chunkSize)
            do throws(SimulationError) {
                for index in range { collector.store(try outcome(learner: index), at: index) }
                progress(range.count)
            } catch {
                collector.fail(error)
            }
        }
        if let error = collector.error { throw error }
        return collector.rows
    }

    /// Test learner `index`: warm-up, fold-in, goals, then every loop × policy × budget from the
    /// same start. The row holds the normalized gains, then the fractions of goals mastered
    /// (see `OutcomeLayout`).
    func outcome(learner index: Int) throws(SimulationError) -> [Double] {
        let (runner, refused) = try learnerRun(index)
        let goals = runner.goals
        let layout = OutcomeLayout(configuration)
        var row = [Double](repeating: 0, count: layout.refusalColumn + 1)
        row[layout.refusalColumn] = refused ? 1 : 0
        let initial = dynamics.goalMastery(runner.learner.levels, goals: goals)
        for (loopIndex, loop) in configuration.loops.enumerated() {
            for (policyIndex, policy) in configuration.policies.enumerated() {
                let finals = try runner.finalLevels(loop: loop, policy: policy, budgets: configuration.budgets)
                for (budgetIndex, final) in finals.enumerated() {
                    let column = layout.column(loop: loopIndex, policy: policyIndex, budget: budgetIndex)
                    row[column] = PolicyBenchReport.normalizedGain(initial: initial, final: dynamics.goalMastery(final, goals: goals))
                    row[column + layout.masteredOffset] = Double(goals.count { dynamics.isMastered(final, skill: $0) }) / Double(goals.count)
                }
            }
        }
        return row
    }

    /// Test learner `index` after warm-up and fold-in, with their goals and random priorities,
    /// and whether the batch fold-in refused their warm-up.
    func learnerRun(_ index: Int) throws(SimulationError) -> (LearnerRun, Bool) {
        var learner = dynamics.makeLearner(random: SeededRandom(seed: seed, stream: BenchStream.testLearner(index)))
        let warmup = walk.run(&learner, dynamics: dynamics)
        let (start, refused) = try foldIn(warmup, learner: index)
        let goals = drawGoals(&learner.random)
        var priorityRandom = SeededRandom(seed: seed, stream: BenchStream.randomOrder(index))
        let priorities = (0..<dynamics.graph.skillCount).map { _ in priorityRandom.nextUniform() }
        return (LearnerRun(run: self, start: start, learner: learner, goals: goals, priorities: priorities), refused)
    }

    /// The engine's estimate after the warm-up: the batch fold-in, as a service does for a new
    /// student's log; when it refuses (it can fail to converge, issue 14 A), the same answers
    /// folded in one by one from the prior, and `true` so the report counts it.
    private func foldIn(_ warmup: [WarmupAnswer], learner index: Int) throws(SimulationError) -> (Recommender.State, Bool) {
        let records = warmup.map(answerRecord)
        do {
            return (try recommender.state(after: records), false)
        } catch {
            do {
                return (try recommender.state(after: records, from: recommender.newStudent()), true)
            } catch {
                throw .engine("folding in test learner \(index)'s warm-up: \(error)")
            }
        }
    }

    func answerRecord(_ answer: WarmupAnswer) -> AnswerRecord {
        AnswerRecord(skillId: skillIDs[answer.skill], outcome: answer.correct ? 1 : 0)
    }

    /// 2–4 (the configuration's range) distinct goals among the skills at least half as deep as
    /// the deepest (and not roots), ascending.
    private func drawGoals(_ random: inout SeededRandom) -> [Int] {
        let depth = dynamics.graph.depth
        let cutoff = max(1, (depth.max()! + 1) / 2)
        var pool = depth.indices.filter { depth[$0] >= cutoff }
        if pool.isEmpty { pool = Array(depth.indices) }
        let count = min(pool.count, random.nextInt(in: configuration.goalCount))
        var goals: [Int] = []
        for _ in 0..<count { goals.append(pool.remove(at: random.nextInt(below: pool.count))) }
        return goals.sorted()
    }
}

/// Rows written by many threads, each learner to its own slot, behind one lock.
private final class RowCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [[Double]]
    private var firstError: SimulationError?

    init(count: Int) { storage = Array(repeating: [], count: count) }

    func store(_ row: [Double], at index: Int) { lock.withLock { storage[index] = row } }
    func fail(_ error: SimulationError) { lock.withLock { if firstError == nil { firstError = error } } }
    var error: SimulationError? { lock.withLock { firstError } }
    var rows: [[Double]] { lock.withLock { storage } }
}

/// Learners finished so far over the whole bench, for progress lines.
private final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0

    func add(_ count: Int) -> Int { lock.withLock { done += count; return done } }
}
