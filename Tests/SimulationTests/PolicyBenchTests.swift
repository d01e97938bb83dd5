import MasteryData
@testable import Simulation
import XCTest

/// The bench's pipeline: leak-freedom, determinism, the figures' arithmetic and the oracle.
final class PolicyBenchTests: XCTestCase {
    private func configuration(learners: Int = 6, models: [BenchLearnerModel] = [BenchLearnerModel(kind: .gated)],
                               policies: [BenchPolicy] = BenchPolicy.allCases, budgets: [Int] = [5, 10],
                               loops: [BenchLoop] = BenchLoop.allCases) -> PolicyBenchConfiguration {
        PolicyBenchConfiguration(curriculum: .smallTenSkills, curriculumName: "small", learnerModels: models, policies: policies,
                                 loops: loops, budgets: budgets, learners: learners, cohortSize: 300, seeds: [4])
    }

    func testNormalizedGainByHand() {
        // (0.7 − 0.4) / (1 − 0.4) = 0.5; a learner who fell back: (0.3 − 0.4) / 0.6 = −1/6.
        XCTAssertEqual(PolicyBenchReport.normalizedGain(initial: 0.4, final: 0.7), 0.5, accuracy: 1e-12)
        XCTAssertEqual(PolicyBenchReport.normalizedGain(initial: 0.4, final: 0.3), -1.0 / 6, accuracy: 1e-12)
        XCTAssertEqual(PolicyBenchReport.normalizedGain(initial: 1, final: 1), 0)
        // Mean and sample standard deviation of 0, 0.5, 1: 0.5 and √((0.25 + 0 + 0.25) / 2) = 0.5.
        let summary = PolicyBenchReport.Summary([0, 0.5, 1])
        XCTAssertEqual(summary.mean, 0.5, accuracy: 1e-12)
        XCTAssertEqual(summary.standardDeviation, 0.5, accuracy: 1e-12)
    }

    func testOpenLoopScheduleSharesTheBudgetAlongThePath() {
        let steps = [PlannedStep(skill: 3, mastery: 0.2, practice: 3), PlannedStep(skill: 5, mastery: 0.1, practice: 2)]
        // 4 answers for needs 3 and 2: two each (PathPlanner.shareBudget); 7: both needs, then the
        // path again with the 2 left, one each.
        XCTAssertEqual(openLoopSchedule(steps, budget: 4), [3, 3, 5, 5])
        XCTAssertEqual(openLoopSchedule(steps, budget: 7), [3, 3, 3, 5, 5, 3, 5], "a path that ends first is walked again")
        XCTAssertEqual(openLoopSchedule([], budget: 5), [], "an empty path uses no answers")
    }

    func testModelFreeScheduleSharesTheBudgetEqually() {
        // 7 answers over 3 skills: 7 = 3 × 2 + 1, so the first skill gets 3 and the others 2.
        XCTAssertEqual(equalShareSchedule([4, 1, 2], budget: 7), [4, 4, 4, 1, 1, 2, 2])
        XCTAssertEqual(equalShareSchedule([4, 1, 2], budget: 2), [4, 1], "fewer answers than skills: one each to the first")
        XCTAssertEqual(equalShareSchedule([], budget: 5), [])
    }

    /// Model-free baselines see neither estimates nor answers: the goals and all their
    /// prerequisites, the same run open and closed loop, and no estimate in their traces.
    func testModelFreeBaselinesCoverTheGoalsAncestorsBlindly() throws {
        let configuration = configuration()
        let run = try SeedRun(configuration: configuration, model: BenchLearnerModel(kind: .gated), graph: BenchGraph(.smallTenSkills),
                              seed: 4)
        let (runner, _) = try run.learnerRun(2)
        for policy in BenchPolicy.allCases where policy.isModelFree {
            XCTAssertEqual(try runner.finalLevels(loop: .open, policy: policy, budgets: [5, 30]),
                           try runner.finalLevels(loop: .closed, policy: policy, budgets: [5, 30]), "\(policy)")
            let trace = try PolicyBench.trace(configuration, learnerModel: BenchLearnerModel(kind: .gated), seed: 4, learner: 2,
                                              policy: policy, loop: .open, budget: 30)
            let needed = Set(run.ordering.graph.closure(of: runner.goals).map { run.skillIDs[$0] })
            XCTAssertEqual(Set(trace.answers.map(\.skill)), needed, "30 answers reach every goal and prerequisite: \(policy)")
            XCTAssertTrue(trace.answers.allSatisfy { $0.estimate == nil }, "\(policy) sees no estimate")
        }
    }

    func testOrdersRespectPrerequisitesAndDifferOnlyInOrder() {
        let ordering = StepOrdering(graph: BenchGraph(.smallTenSkills))
        // Skills 2 (S03), 4 (S05, needs S03 and S02), 5 (S06, needs S03), 0 (S01), given in an arbitrary order.
        let steps = [4, 5, 2, 0].map { PlannedStep(skill: $0, mastery: Double($0) / 10, practice: $0 + 1) }
        XCTAssertEqual(ordering.order(steps, by: .topological, previous: nil, priorities: []).map(\.skill), [0, 2, 4, 5])
        XCTAssertEqual(ordering.order(steps, by: .easiestFirst, previous: nil, priorities: []).map(\.skill), [0, 2, 5, 4])
        XCTAssertEqual(ordering.order(steps, by: BenchPolicy.planner.baselineOrder, previous: nil, priorities: []), steps)
        // Continuity: S01 (0), S02 (1), S03 (2, needs S01). Topological: 0, 1, 2. From a last answer on
        // S04 (3, a dependent of S01): S01 is next to it, then S03 is next to S01, then S02: 0, 2, 1.
        // From S02 itself: S02 first (same skill), then S01, then S03.
        let roots = [0, 1, 2].map { PlannedStep(skill: $0, mastery: 0.3, practice: 2) }
        XCTAssertEqual(ordering.order(roots, by: .topological, previous: 3, priorities: []).map(\.skill), [0, 1, 2])
        XCTAssertEqual(ordering.order(roots, by: .continuity, previous: 3, priorities: []).map(\.skill), [0, 2, 1])
        XCTAssertEqual(ordering.order(roots, by: .continuity, previous: 1, priorities: []).map(\.skill), [1, 0, 2])
        let priorities = [0.1, 0, 0.9, 0, 0.2, 0.8, 0, 0, 0, 0]
        XCTAssertEqual(ordering.order(steps, by: .random, previous: nil, priorities: priorities).map(\.skill), [0, 2, 5, 4])
        for policy in BenchPolicy.allCases {
            let ordered = ordering.order(steps, by: policy.baselineOrder, previous: 9, priorities: priorities)
            XCTAssertEqual(Set(ordered.map(\.skill)), Set(steps.map(\.skill)))
            XCTAssertEqual(ordered.map(\.practice), ordered.map { $0.skill + 1 }, "practice counts travel with their step")
        }
    }

    func testTheSameSeedGivesTheSameReport() throws {
        let first = try PolicyBench.run(configuration())
        XCTAssertEqual(first, try PolicyBench.run(configuration()))
        var other = configuration()
        other.seeds = [5]
        XCTAssertNotEqual(first.cells, try PolicyBench.run(other).cells, "the seed must matter")
    }

    /// Learners run in parallel give the rows a serial loop gives, in learner order: the figures
    /// do not depend on the thread count.
    func testParallelRowsEqualSerialRows() throws {
        let run = try SeedRun(configuration: configuration(learners: 24), model: BenchLearnerModel(kind: .bkt, wastesJumps: true),
                              graph: BenchGraph(.smallTenSkills), seed: 4)
        let serial = try (0..<24).map { index throws(SimulationError) in try run.outcome(learner: index) }
        XCTAssertEqual(try run.outcomes { _ in }, serial)
    }

    /// The fitted model sees the cohort's warm-up answers and nothing else: its students are the
    /// cohort, its answers the cohort's warm-up, and adding test learners changes neither the
    /// model nor the learners already there.
    func testTheFitNeverSeesTestLearners() throws {
        let graph = BenchGraph(.smallTenSkills)
        let model = BenchLearnerModel(kind: .damped)
        let few = try SeedRun(configuration: configuration(learners: 2), model: model, graph: graph, seed: 4)
        let many = try SeedRun(configuration: configuration(learners: 40), model: model, graph: graph, seed: 4)
        XCTAssertEqual(few.fitFacts(refusals: 0).students, 300)
        XCTAssertEqual(few.fitFacts(refusals: 0).answers, 300 * 20)
        XCTAssertEqual(few.fitFacts(refusals: 0), many.fitFacts(refusals: 0))
        XCTAssertEqual(Array(few.recommender.model.skillBias), Array(many.recommender.model.skillBias))
        XCTAssertEqual(few.recommender.model.globalBias, many.recommender.model.globalBias)
        XCTAssertEqual(few.recommender.model.studentIds.count, 0, "the bench plans with the population model only")
        XCTAssertEqual(try few.outcome(learner: 1), try many.outcome(learner: 1))
    }

    /// On a tiny case the oracle, which sees the true levels, must teach more than a random order.
    func testOracleBeatsRandom() throws {
        let report = try PolicyBench.run(configuration(learners: 30, policies: [.random, .oracle], budgets: [20], loops: [.closed]))
        let random = try XCTUnwrap(report.cell("gated", .closed, .random, budget: 20)).normalizedGain.mean
        let oracle = try XCTUnwrap(report.cell("gated", .closed, .oracle, budget: 20)).normalizedGain.mean
        XCTAssertGreaterThan(oracle, random + 0.1)
    }

    func testFiguresLieInTheirRanges() throws {
        let report = try PolicyBench.run(configuration(models: BenchLearnerModel.all.filter { $0.kind == .bkt }))
        XCTAssertEqual(report.cells.count, 2 * 2 * BenchPolicy.allCases.count * 2)
        for cell in report.cells {
            XCTAssertEqual(cell.normalizedGain.count, 6)
            XCTAssertLessThanOrEqual(cell.normalizedGain.mean, 1)
            XCTAssertTrue((0...1).contains(cell.goalsMastered.mean))
        }
    }

    /// A trace replays the run the figures come from: the same answers, ending at the same levels.
    func testTraceReplaysTheRun() throws {
        let model = BenchLearnerModel(kind: .damped, wastesJumps: true)
        let run = try SeedRun(configuration: configuration(), model: model, graph: BenchGraph(.smallTenSkills), seed: 4)
        let (runner, _) = try run.learnerRun(3)
        for (policy, loop) in [(BenchPolicy.planner, BenchLoop.closed), (.plannerStepsContinuity, .open), (.oracle, .closed)] {
            let trace = try PolicyBench.trace(configuration(), learnerModel: model, seed: 4, learner: 3, policy: policy, loop: loop,
                                              budget: 10)
            let final = try runner.finalLevels(loop: loop, policy: policy, budgets: [10])[0]
            XCTAssertEqual(trace.answers.count, 10, "\(policy) \(loop)")
            XCTAssertEqual(trace.answers.last?.goalMastery, run.dynamics.goalMastery(final, goals: runner.goals))
            XCTAssertEqual(trace.goals, runner.goals.map { run.skillIDs[$0] })
            XCTAssertEqual(trace.answers.allSatisfy { $0.estimate == nil }, policy == .oracle, "the oracle plans without the engine")
        }
    }

    func testInvalidConfigurationsAreRefused() {
        var unsorted = configuration()
        unsorted.budgets = [10, 5]
        XCTAssertThrowsError(try PolicyBench.run(unsorted))
        var empty = configuration()
        empty.learners = 0
        XCTAssertThrowsError(try PolicyBench.run(empty))
    }
}
