import Foundation
import LearningPaths
import LotrinhTestSupport
import MasteryData
@testable import MasteryModel
@testable import Recommend
import XCTest

final class RecommenderTests: XCTestCase {
    private let modelPath = RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path

    func testLoadsTheBundledModelAndRejectsBadFiles() throws {
        let recommender = try Recommender(modelPath: modelPath)
        XCTAssertEqual(recommender.model.skillCount, 45)
        XCTAssertThrowsError(try Recommender(modelPath: RepositoryPaths.root.appendingPathComponent("README.md").path)) { error in
            guard case RecommendError.model = error else { return XCTFail("\(error)") }
        }
    }

    func testEveryBadRequestIsATypedError() throws {
        let recommender = try Recommender(modelPath: modelPath)
        XCTAssertThrowsError(try recommender.student("nobody")) { XCTAssertEqual($0 as? RecommendError, .unknownStudent("nobody")) }
        XCTAssertThrowsError(try recommender.state(after: [AnswerRecord(skillId: "T9.99", outcome: 1)])) {
            XCTAssertEqual($0 as? RecommendError, .unknownSkill("T9.99"))
        }
        XCTAssertThrowsError(try recommender.state(after: [AnswerRecord(skillId: "T6.01", outcome: 2)])) { error in
            guard case RecommendError.invalidAnswer = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try recommender.state(after: [AnswerRecord(skillIds: [], outcome: 1)]))
        XCTAssertThrowsError(try recommender.mastery(of: recommender.newStudent(), confidence: 1)) { error in
            guard case RecommendError.invalidOption = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try recommender.mastery(of: recommender.newStudent(), skills: ["nope"]))
    }

    /// From the prior the facade folds all answers in at once, as the model's batch fold-in does;
    /// from an existing state it adds them one by one, as the model's update does.
    func testStateAfterAnswersIsTheModelsFoldIn() throws {
        let recommender = try Recommender(modelPath: modelPath)
        let answers = [AnswerRecord(skillId: "T6.01", itemId: "3", outcome: 1), AnswerRecord(skillIds: ["T6.02", "T6.01"], outcome: 0),
                       AnswerRecord(skillId: "T6.05", itemId: "never-seen", outcome: 1)]
        let model = recommender.model
        let resolved = [StudentAnswer(skill: 0, item: model.itemIds.index(of: "3"), outcome: 1),
                        StudentAnswer(skills: [1, 0], outcome: 0), StudentAnswer(skill: 4, outcome: 1)]
        let state = try recommender.state(after: answers)
        XCTAssertEqual(state, StudentState(try model.foldIn(resolved, covariance: false)))
        XCTAssertEqual(state.answerCount, 3)

        let more = try recommender.state(after: answers, from: state)
        var expected = state
        for answer in resolved { try model.update(&expected, with: answer) }
        XCTAssertEqual(more, expected)
        XCTAssertEqual(more.answerCount, 6)
    }

    /// All skills at once (`L⁻¹` once, a single-precision `strmm` over the skills) equal each
    /// skill's own double-precision solve: probabilities to rounding, deviations to the single
    /// precision of the product, intervals to what those deviations move them.
    func testAllSkillMasteriesMatchOneByOne() throws {
        let recommender = try Recommender(modelPath: modelPath)
        let state = try recommender.state(after: (0..<12).map { AnswerRecord(skillId: "T6.0\($0 % 9 + 1)", outcome: Double($0 % 3 == 0 ? 0 : 1)) })
        for z in [1.96, 2.58] {
            let all = recommender.model.masteries(of: state, z: z)
            for skill in 0..<recommender.model.skillCount {
                let single = recommender.model.mastery(of: state, skill: skill, z: z)
                XCTAssertEqual(all[skill].probability, single.probability, accuracy: 1e-12)
                XCTAssertEqual(all[skill].logitStandardDeviation, single.logitStandardDeviation,
                               accuracy: 1e-5 * single.logitStandardDeviation)
                // σ' ≤ 1/4, so a relative 1e-5 on the deviation moves an end by at most z·sd·2.5e-6.
                let slack = z * single.logitStandardDeviation * 2.5e-6 + 1e-12
                XCTAssertEqual(all[skill].lower, single.lower, accuracy: slack)
                XCTAssertEqual(all[skill].upper, single.upper, accuracy: slack)
            }
        }
    }

    /// Intervals asked for a few skills, in any order and with repeats, are the rows of every
    /// skill's: the gathered block and the flat one go through the same product. Equal to a
    /// millionth, not bit for bit: OpenBLAS picks its kernel by the block's shape, and on an
    /// AVX-512 machine the two blocks' standard deviations differed in the eighth digit.
    func testIntervalsOfSomeSkillsAreThoseOfEverySkill() throws {
        let recommender = try Recommender(modelPath: modelPath)
        let state = try recommender.state(after: (0..<9).map { AnswerRecord(skillId: "T6.0\($0 + 1)", outcome: Double($0 % 2)) })
        let masteries = recommender.model.studentMasteries(of: state, z: 1.5)
        let every = masteries.everySkill()
        let skills = [7, 0, 7, recommender.model.skillCount - 1, 3]
        let some = masteries.intervals(of: skills)
        for (row, skill) in skills.enumerated() {
            assertSameInterval(some[row], every[skill], "skill \(skill)")
        }
        XCTAssertEqual(masteries.probability, every.probability)
        XCTAssertEqual(masteries.intervals(of: []).count, 0)
        // Most of the skills, out of order (a whole path asks for them so).
        let most = Array((1..<recommender.model.skillCount).reversed())
        let picked = masteries.intervals(of: most)
        for (row, skill) in most.enumerated() { assertSameInterval(picked[row], every[skill], "skill \(skill)") }
    }

    private func assertSameInterval(_ actual: Mastery, _ expected: Mastery, _ message: String,
                                    file: StaticString = #filePath, line: UInt = #line) {
        // The point estimate does not go through the variance product, so it stays exact.
        XCTAssertEqual(actual.probability, expected.probability, message, file: file, line: line)
        for (a, e) in [(actual.lower, expected.lower), (actual.upper, expected.upper),
                       (actual.logitStandardDeviation, expected.logitStandardDeviation)] {
            XCTAssertEqual(a, e, accuracy: 1e-6 * max(1, abs(e)), message, file: file, line: line)
        }
    }

    /// A skill said to be certainly below the threshold is below it by its computed interval,
    /// for students from a few answers to many and thresholds across the range; and the bound
    /// settles a good share of the skills that are below.
    func testSkillsSettledBelowTheThresholdAreBelowByTheirIntervals() throws {
        let recommender = try Recommender(modelPath: modelPath)
        let ids = recommender.model.metadata.skillIds
        var settled = 0, below = 0
        for (student, answerCount) in [3, 12, 40, 120].enumerated() {
            let state = try recommender.state(after: (0..<answerCount).map {
                AnswerRecord(skillId: ids[($0 * 7 + student) % ids.count], outcome: ($0 + student) % 4 == 0 ? 0 : 1)
            })
            for z in [1.0, 1.96, 2.58] {
                let masteries = recommender.model.studentMasteries(of: state, z: z)
                let every = masteries.everySkill()
                for threshold in [0.5, 0.7, 0.8, 0.9, 0.95] {
                    let candidates = (0..<ids.count).filter { masteries.probability[$0] >= threshold }
                    let certain = masteries.lowerEndsCertainlyBelow(threshold, among: candidates)
                    XCTAssertEqual(certain.count, candidates.count)
                    for (skill, isCertain) in zip(candidates, certain) {
                        if every.lower[skill] < threshold { below += 1 }
                        guard isCertain else { continue }
                        settled += 1
                        XCTAssertLessThan(every.lower[skill], threshold, "skill \(skill), z \(z), threshold \(threshold)")
                    }
                }
            }
        }
        XCTAssertGreaterThan(settled, below / 3, "settled \(settled) of \(below) skills below the threshold")
    }

    /// Near 0 and 1 the computed lower end can round onto the threshold itself, so extreme
    /// thresholds must settle nothing: a student whose only uncertainty is the bias (deviation
    /// 1), with logits swept across each threshold's.
    func testExtremeThresholdsSettleOnlyWhatTheIntervalsConfirm() throws {
        let model = try Recommender(modelPath: modelPath).model
        let dimension = model.rank + 1
        var precision = [Double](repeating: 0, count: dimension * dimension)
        for index in 0..<dimension { precision[index * dimension + index] = index == 0 ? 1 : 1e12 }
        func masteries(bias: Double) -> StudentMasteries {
            let estimate = StudentEstimate(bias: bias, factors: Array(repeating: 0, count: model.rank), covariance: precision,
                                           precision: precision, wins: [:], fails: [:], answerCount: 1, iterations: 1)
            return model.studentMasteries(of: StudentState(estimate), z: 1)
        }
        let offset = masteries(bias: 0).logits[0]
        for threshold in [1 - 0x1p-52, 1 - 0x1p-49, 1 - 1e-10, 1 - 1e-8, 0.99, 1e-12, 1e-310, 5e-324] {
            let thresholdLogit = log(threshold) - log1p(-threshold)
            for step in 0..<400 {
                let student = masteries(bias: thresholdLogit - offset - 0.5 + Double(step) * 0.005)
                guard student.probability[0] >= threshold, student.lowerEndsCertainlyBelow(threshold, among: [0])[0] else { continue }
                XCTAssertLessThan(student.everySkill().lower[0], threshold, "threshold \(threshold), logit \(student.logits[0])")
            }
        }
    }

    /// A precision that is not positive definite (only reachable through a corrupt state) gives
    /// the widest interval instead of NaN.
    func testUnfactorablePrecisionGivesTheWholeInterval() throws {
        let model = try Recommender(modelPath: modelPath).model
        let dimension = model.rank + 1
        let estimate = StudentEstimate(bias: 0.3, factors: Array(repeating: 0.1, count: model.rank),
                                       covariance: Array(repeating: 0, count: dimension * dimension),
                                       precision: Array(repeating: 0, count: dimension * dimension),
                                       wins: [:], fails: [:], answerCount: 1, iterations: 1)
        let columns = model.masteryColumns(of: StudentState(estimate))
        XCTAssertEqual(columns.count, model.skillCount)
        for skill in 0..<model.skillCount {
            XCTAssertEqual(columns.logitStandardDeviation[skill], .infinity)
            XCTAssertEqual(columns.lower[skill], 0)
            XCTAssertEqual(columns.upper[skill], 1)
            XCTAssertGreaterThan(columns.probability[skill], 0)
        }
    }

    func testMasteryMovesWithEvidenceAndIntervalsNarrow() throws {
        let recommender = try Recommender(modelPath: modelPath)
        let prior = try recommender.mastery(of: recommender.newStudent(), skills: ["T6.13"]).first!
        let wrong = try recommender.state(after: Array(repeating: AnswerRecord(skillId: "T6.13", outcome: 0), count: 8))
        let right = try recommender.state(after: Array(repeating: AnswerRecord(skillId: "T6.13", outcome: 1), count: 8))
        let afterWrong = try recommender.mastery(of: wrong, skills: ["T6.13"]).first!
        let afterRight = try recommender.mastery(of: right, skills: ["T6.13"]).first!
        XCTAssertLessThan(afterWrong.probability, prior.probability)
        XCTAssertGreaterThan(afterRight.probability, prior.probability)
        XCTAssertLessThan(afterRight.upper - afterRight.lower, prior.upper - prior.lower, "evidence narrows the interval")
        let wide = try recommender.mastery(of: right, skills: ["T6.13"], confidence: 0.99).first!
        XCTAssertLessThan(wide.lower, afterRight.lower, "a higher confidence widens it")
        XCTAssertEqual(afterRight.skillId, "T6.13")
        XCTAssertEqual(afterRight.name, "Ước chung lớn nhất")
    }

    /// Many tasks share one Recommender; every answer equals the serial one.
    func testConcurrentRequestsGiveTheSerialAnswers() async throws {
        let recommender = try Recommender(modelPath: modelPath)
        let skills = recommender.model.metadata.skillIds
        func request(_ seed: Int) throws -> [SkillMastery] {
            let answers = (0..<30).map { AnswerRecord(skillId: skills[($0 * 7 + seed) % skills.count], outcome: Double(($0 + seed) % 3 == 0 ? 0 : 1)) }
            return try recommender.mastery(of: try recommender.state(after: answers))
        }
        let serial = try (0..<64).map(request)
        let concurrent = try await withThrowingTaskGroup(of: (Int, [SkillMastery]).self) { group in
            for seed in 0..<64 { group.addTask { (seed, try request(seed)) } }
            var results = [[SkillMastery]](repeating: [], count: 64)
            for try await (seed, result) in group { results[seed] = result }
            return results
        }
        XCTAssertEqual(concurrent, serial)
    }

    func testNormalQuantileMatchesKnownValues() throws {
        // Φ⁻¹(0.975) = 1.959963985, Φ⁻¹(0.995) = 2.575829304 (standard tables).
        let recommender = try Recommender(modelPath: modelPath)
        let state = recommender.newStudent()
        let at95 = try recommender.mastery(of: state, skills: ["T6.01"], confidence: 0.95).first!
        // The same blocked computation with the tabled z, so only the quantile can differ.
        let mastery = recommender.model.masteryColumns(of: state, z: 1.959963985)[0]
        XCTAssertEqual(at95.lower, mastery.lower, accuracy: 1e-9)
        XCTAssertEqual(at95.upper, mastery.upper, accuracy: 1e-9)
    }
}

final class RecommenderPathTests: XCTestCase {
    func testPathForANewStudentStartsAtTheRootsAndEndsAtTheGoal() throws {
        let recommender = try Recommender(modelPath: RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path)
        let path = try recommender.path(for: recommender.newStudent(), request: PathRequest(goals: ["T6.30"]))
        XCTAssertTrue(path.graphGiven)
        let ids = recommender.model.metadata.skillIds
        XCTAssertEqual(path.steps.last.map { ids[$0.skill] }, "T6.30")
        // Nothing is mastered for a student without answers (the prior interval is wide).
        let graph = try XCTUnwrap(recommender.planner.graph)
        for (index, step) in path.steps.enumerated() {
            for prerequisite in graph.prerequisites(of: step.skill) {
                XCTAssertTrue(path.steps[..<index].contains { $0.skill == prerequisite }, "\(ids[step.skill]) before \(ids[prerequisite])")
            }
        }
        XCTAssertThrowsError(try recommender.path(for: recommender.newStudent(), request: PathRequest(goals: ["X"]))) {
            XCTAssertEqual($0 as? RecommendError, .unknownSkill("X"))
        }
        XCTAssertThrowsError(try recommender.path(for: recommender.newStudent(), request: PathRequest(threshold: 0)))
    }

    /// A request computes intervals only where the planner asks; its path is the one planned
    /// from every skill's interval, for long and short paths and both mastery rules' inputs.
    func testPathEqualsThePlanFromEveryInterval() throws {
        let recommender = try Recommender(modelPath: RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path)
        let ids = recommender.model.metadata.skillIds
        let state = try recommender.state(after: (0..<40).map {
            AnswerRecord(skillId: ids[$0 % 20], outcome: $0 % 5 == 0 ? 0 : 1)
        })
        for request in [PathRequest(), PathRequest(maximumSteps: 3), PathRequest(goals: ["T6.30"], threshold: 0.6, confidence: 0.8)] {
            let path = try recommender.path(for: state, request: request)
            let every = recommender.model.masteryColumns(of: state, z: NormalDistribution.twoSidedQuantile(request.confidence))
            let estimates = try MasteryEstimates(mastery: every.probability, lower: every.lower, upper: every.upper)
            let options = PlanOptions(goals: request.goals.map { $0.map { recommender.model.skillIndex.index(of: $0)! } },
                                      masteryThreshold: request.threshold, maximumLength: request.maximumSteps)
            XCTAssertEqual(path, try recommender.planner.plan(estimates, options: options,
                                                              learningCurves: recommender.learningCurves(of: state)))
            XCTAssertFalse(path.steps.isEmpty)
        }
    }
}

final class RecommenderBatchTests: XCTestCase {
    /// The BLAS batch equals each student's own computation, practice counts included.
    func testMasteryMatrixMatchesEachStudentsMastery() throws {
        let recommender = try Recommender(modelPath: RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path)
        let skills = recommender.model.metadata.skillIds
        var states = [recommender.newStudent()]
        for seed in 0..<1100 where seed % 97 == 0 || seed < 3 {
            let answers = (0..<(seed % 7 + 1)).map { AnswerRecord(skillId: skills[($0 * 5 + seed) % skills.count], outcome: Double(($0 + seed) % 2)) }
            states.append(try recommender.state(after: answers))
        }
        // Enough students for several blocks of 512.
        states += Array(repeating: states[1], count: 1100)
        let matrix = recommender.masteryMatrix(of: states)
        XCTAssertEqual(matrix.students, states.count)
        XCTAssertEqual(matrix.skills, skills.count)
        for (index, state) in states.enumerated() where index < 20 || index % 250 == 0 {
            let expected = recommender.model.masteries(of: state)
            for skill in 0..<skills.count {
                XCTAssertEqual(Double(matrix[index, skill]), expected[skill].probability, accuracy: 1e-6, "student \(index) skill \(skill)")
            }
        }
    }
}

final class RecommenderPracticeTests: XCTestCase {
    /// Each step's practice is the model's learning curve for this student: γ⁺ and γ⁻ of the
    /// skill, the student's counts on it, each future answer at its expected outcome, until the
    /// predicted mastery reaches the threshold. Recomputed here by a plain loop over the model's
    /// own parameters.
    func testStepPracticeFollowsTheModelsPracticeTerms() throws {
        let recommender = try Recommender(modelPath: RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path)
        let model = recommender.model
        let ids = model.metadata.skillIds
        let state = try recommender.state(after: (0..<30).map { AnswerRecord(skillId: ids[$0 % 12], outcome: $0 % 3 == 0 ? 0 : 1) })
        let path = try recommender.path(for: state, request: PathRequest())
        XCTAssertFalse(path.steps.isEmpty)
        var distinct = Set<Int>()
        for step in path.steps {
            let wins = state.wins[step.skill] ?? 0, fails = state.fails[step.skill] ?? 0
            let start = log(step.mastery / (1 - step.mastery)), target = log(0.8 / 0.2)
            var logit = start, w = wins, f = fails, answers = 0
            while logit < target && answers < 20 {
                let p = 1 / (1 + exp(-logit))
                w += p
                f += 1 - p
                answers += 1
                logit = start + model.gainCorrect[step.skill] * (log(1 + w) - log(1 + wins))
                    + model.gainWrong[step.skill] * (log(1 + f) - log(1 + fails))
            }
            XCTAssertEqual(step.estimatedPractice, max(answers, 1), "skill \(ids[step.skill])")
            XCTAssertEqual(step.practiceReachesThreshold, logit >= target, "skill \(ids[step.skill])")
            distinct.insert(step.estimatedPractice)
        }
        // Unlike a constant gain from the interval's lower end, the counts differ across skills.
        XCTAssertGreaterThan(distinct.count, 3)
    }

    func testAnAnswerBudgetGivesAScheduleOfExactlyThatLength() throws {
        let recommender = try Recommender(modelPath: RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path)
        let state = recommender.newStudent()
        for budget in [1, 5, 20, 60] {
            let path = try recommender.path(for: state, request: PathRequest(goals: ["T6.26", "T6.30"], maximumAnswers: budget))
            XCTAssertEqual(path.practiceSchedule.count, budget)
            XCTAssertEqual(path.plannedAnswers.reduce(0, +), budget)
            // The schedule walks the steps in order, each step's answers together.
            XCTAssertEqual(path.practiceSchedule, zip(path.steps, path.plannedAnswers).flatMap { repeatElement($0.skill, count: $1) })
        }
        XCTAssertThrowsError(try recommender.path(for: state, request: PathRequest(maximumAnswers: 0)))
    }
}

final class RecommenderBatchPathTests: XCTestCase {
    /// A class planned in one call, each student with their own goals and budget, gets exactly the
    /// paths of one request per student, in order; a bad request fails the batch with its error.
    func testBatchPathsEqualOneRequestPerStudent() throws {
        let recommender = try Recommender(modelPath: RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path)
        let ids = recommender.model.metadata.skillIds
        let requests = try (0..<24).map { student in
            let state = try recommender.state(after: (0..<(10 + student)).map {
                AnswerRecord(skillId: ids[($0 * 7 + student) % ids.count], outcome: ($0 + student) % 3 == 0 ? 0 : 1)
            })
            let request = PathRequest(goals: student % 2 == 0 ? nil : [ids[40 - student]],
                                      maximumAnswers: student % 3 == 0 ? 10 + student : nil)
            return StudentPathRequest(state: state, request: request)
        }
        let batch = try recommender.paths(for: requests)
        XCTAssertEqual(batch, try requests.map { try recommender.path(for: $0.state, request: $0.request) })
        var broken = requests
        broken[5].request.goals = ["no-such-skill"]
        XCTAssertThrowsError(try recommender.paths(for: broken)) { XCTAssertEqual($0 as? RecommendError, .unknownSkill("no-such-skill")) }
    }
}
