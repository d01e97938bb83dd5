import LearningPaths
import MasteryData
import XCTest

/// How a budget is shared along a path, and skills a student has just shown to master, each
/// against a case worked out by hand.
final class BudgetSharingTests: XCTestCase {
    func testEveryNeedIsMetWhenTheyFit() {
        XCTAssertEqual(PathPlanner.shareBudget(10, among: [3, 3, 2]), [3, 3, 2])
        XCTAssertEqual(PathPlanner.shareBudget(8, among: [3, 3, 2]), [3, 3, 2])
    }

    func testAShortBudgetIsWaterFilled() {
        // Needs 1, 9, 20, 8 and 20 answers. Capped at 6 they take 1 + 6 + 6 + 6 = 19, at 7 they
        // would take 22: the level is 6, and the one answer left goes to the first step short of
        // its need, the second.
        XCTAssertEqual(PathPlanner.shareBudget(20, among: [1, 9, 20, 8]), [1, 7, 6, 6])
        // 7 among three needs of 3: 2 each, and the odd answer to the first step.
        XCTAssertEqual(PathPlanner.shareBudget(7, among: [3, 3, 3]), [3, 2, 2])
        // A need below one counts as one: every step is practised.
        XCTAssertEqual(PathPlanner.shareBudget(4, among: [0, 5]), [1, 3])
    }

    func testFewerAnswersThanStepsGoToTheFirstSteps() {
        XCTAssertEqual(PathPlanner.shareBudget(2, among: [3, 3, 2]), [1, 1])
        XCTAssertEqual(PathPlanner.shareBudget(0, among: [3]), [])
    }

    func testAGenerousBudgetGivesEveryStepTheMinimum() {
        // Needs 1, 20, 20, 1, 20 and 50 answers. By need alone: capped at 16 they take
        // 1 + 16 + 16 + 1 + 16 = 50. With every need raised to the minimum of 2: capped at 15 they
        // take 2 + 15 + 15 + 2 + 15 = 49, at 16 they would take 52; the answer left goes to the
        // first step short, the second. Every short step still gets 15 or more, at least twice
        // the minimum: generous, so the raised split stands.
        XCTAssertEqual(PathPlanner.shareBudget(50, among: [1, 20, 20, 1, 20]), [1, 16, 16, 1, 16])
        XCTAssertEqual(PathPlanner.shareBudget(50, among: [1, 20, 20, 1, 20], generousMinimum: 2), [2, 16, 15, 2, 15])
        // 12 answers: raised, capped at 2 the needs take 10 and at 3 they would take 13, so the
        // short steps get 2 or 3, less than twice 2: shared by need alone, capped at 3 (11) and the
        // answer left to the second step.
        XCTAssertEqual(PathPlanner.shareBudget(12, among: [1, 20, 20, 1, 20], generousMinimum: 2), [1, 4, 3, 1, 3])
        // Needs 3, 3, 2, 1 fit 9 answers exactly. Raised to 3, 3, 2, 2 they would need 10, and the
        // second step would get 2 of its 3, less than twice 2: the needs are met as they are.
        XCTAssertEqual(PathPlanner.shareBudget(9, among: [3, 3, 2, 1], generousMinimum: 2), [3, 3, 2, 1])
        // Raised needs that fit: the one-answer step gets two.
        XCTAssertEqual(PathPlanner.shareBudget(10, among: [1, 3], generousMinimum: 2), [2, 3])
        // Fewer answers than steps: one each to the first, as without the minimum.
        XCTAssertEqual(PathPlanner.shareBudget(2, among: [3, 3, 2], generousMinimum: 2), [1, 1])
    }

    func testAPlanWithinAGenerousBudgetGivesANearlyMasteredPrerequisiteTwoAnswers() throws {
        // Chain 0 → 1 → 2, goal 2. Skill 0 is at 0.79, below the threshold of 0.8 with γ⁺ = 1
        // from 0.79: one expected answer (0.79 + logit step) clears it, so its need is 1; skills 1
        // and 2 are at 0.2 with flat curves, estimated at the cap of 20. A budget of 30 by need
        // alone: capped at 14 the needs take 1 + 14 + 14 = 29, at 15 they would take 31, the answer
        // left to skill 1: [1, 15, 14], the short steps at 14 or more, generous. With skill 0's
        // need raised to 2: capped at 14 they take 30: [2, 14, 14].
        struct Curves: LearningCurveSource {
            func learningCurve(of skill: Int) -> LearningCurve {
                skill == 0 ? LearningCurve(gainCorrect: 1, gainWrong: 0) : LearningCurve(gainCorrect: 0, gainWrong: 0)
            }
        }
        let planner = try PathPlanner(skillCount: 3, graph: graph(3, [(0, 1), (1, 2)]))
        let path = try planner.plan(MasteryEstimates(certain: [0.79, 0.2, 0.2]),
                                    options: PlanOptions(goals: [2], maximumAnswers: 30), learningCurves: Curves())
        XCTAssertEqual(path.steps.map(\.estimatedPractice), [1, 20, 20])
        XCTAssertEqual(path.plannedAnswers, [2, 14, 14])
        XCTAssertEqual(path.practiceSchedule.count, 30)
    }

    func testAStepEstimatedAtTheCapDoesNotTakeTheGoalsAnswers() throws {
        // Chain 0 → 1 → 2, goal 2. Skill 0's curve is flat (the model sees no learning), so it is
        // estimated at the cap of 20; 1 and 2 (γ⁺ = 1 from 0.5) need five each (LearningCurveTests).
        // Paid in order, all 10 answers would go to skill 0. Shared: capped at 3 the needs take 9,
        // at 4 they would take 13; the answer left goes to skill 0.
        struct Curves: LearningCurveSource {
            func learningCurve(of skill: Int) -> LearningCurve {
                skill == 0 ? LearningCurve(gainCorrect: 0, gainWrong: 0) : LearningCurve(gainCorrect: 1, gainWrong: 0)
            }
        }
        let planner = try PathPlanner(skillCount: 3, graph: graph(3, [(0, 1), (1, 2)]))
        let path = try planner.plan(MasteryEstimates(certain: [0.5, 0.5, 0.5]),
                                    options: PlanOptions(goals: [2], maximumAnswers: 10), learningCurves: Curves())
        XCTAssertEqual(path.steps.map(\.estimatedPractice), [20, 5, 5])
        XCTAssertEqual(path.plannedAnswers, [4, 3, 3])
        XCTAssertEqual(path.practiceSchedule, [0, 0, 0, 0, 1, 1, 1, 2, 2, 2])
        XCTAssertEqual(path.steps.indices.map { path.plannedAnswers(ofStepAt: $0) }, [4, 3, 3])
        // Without a budget no step has a share: nil, not 0.
        let unbudgeted = try planner.plan(MasteryEstimates(certain: [0.5, 0.5, 0.5]), options: PlanOptions(goals: [2]),
                                          learningCurves: Curves())
        XCTAssertEqual(unbudgeted.steps.count, 3)
        XCTAssertEqual(unbudgeted.steps.indices.map { unbudgeted.plannedAnswers(ofStepAt: $0) }, [nil, nil, nil])
    }

    func testGoalsAreTakenWhileEachStepGetsTheMinimum() throws {
        // Chain 0 → 1 → 2 and a lone skill 3, every skill unmastered. At two answers a step, goal 3
        // costs 2 and goal 2 costs 6: a budget of 7 takes 3 only. At one answer a step they cost
        // 1 and 3 and both fit.
        let chain = graph(4, [(0, 1), (1, 2)])
        let mastery = [0.5, 0.5, 0.6, 0.7]
        var options = PlanOptions(goals: [2, 3], maximumAnswers: 7)
        let two = try plan(chain, mastery: mastery, options: options)
        XCTAssertEqual(two.skills, [3])
        XCTAssertEqual(two.goalsBeyondBudget, [2])
        options.minimumAnswersPerStep = 1
        let one = try plan(chain, mastery: mastery, options: options)
        XCTAssertEqual(Set(one.skills), [0, 1, 2, 3])
        XCTAssertEqual(one.goalsBeyondBudget, [])
        options.minimumAnswersPerStep = 0
        XCTAssertThrowsError(try plan(chain, mastery: mastery, options: options))
    }

    func testWhenNoGoalFitsAtTheMinimumTheGoalsThatFitAtOneAnswerAStepAreTaken() throws {
        // Chain 0 → 1 → 2, goals 1 and 2, needs ⌈(0.8 − m) / 0.1⌉ = 3, 3, 2. At two answers a
        // step the cheaper goal, 1, costs 2 · 2 = 4 > 3: nothing fits. At one answer a step goal 1
        // costs 2, and goal 2 then costs its one step left: 2 + 1 = 3 ≤ 3, both are taken, and
        // the three answers are shared one a step (water-filled: every need is above one).
        // Taking the cheapest goal alone, as before, gave [0, 0, 1] and left goal 2 unpractised.
        let chain = graph(3, [(0, 1), (1, 2)])
        let path = try plan(chain, mastery: [0.5, 0.5, 0.6], options: PlanOptions(goals: [1, 2], maximumAnswers: 3))
        XCTAssertEqual(path.skills, [0, 1, 2])
        XCTAssertEqual(path.practiceSchedule, [0, 1, 2])
        XCTAssertEqual(path.goalsBeyondBudget, [])
        // With two answers goal 1 fits at one answer a step (2 ≤ 2) and goal 2's one step more
        // does not: goal 1 is planned alone, its prerequisite first.
        let shorter = try plan(chain, mastery: [0.5, 0.5, 0.6], options: PlanOptions(goals: [1, 2], maximumAnswers: 2))
        XCTAssertEqual(shorter.skills, [0, 1])
        XCTAssertEqual(shorter.practiceSchedule, [0, 1])
        XCTAssertEqual(shorter.goalsBeyondBudget, [2])
    }

    func testADemonstratedSkillIsSkippedAndNoLongerBlocks() throws {
        // Chain 0 → 1 → 2 at 0.5 each: every skill is a step until 0 is shown mastered by the
        // student's answers; then 1 is ready at once and 0 is reported mastered.
        let chain = graph(3, [(0, 1), (1, 2)])
        XCTAssertEqual(try plan(chain, mastery: [0.5, 0.5, 0.5]).skills, [0, 1, 2])
        var options = PlanOptions()
        options.demonstratedMastery = [0]
        let path = try plan(chain, mastery: [0.5, 0.5, 0.5], options: options)
        XCTAssertEqual(path.skills, [1, 2])
        XCTAssertEqual(path.states[0], .mastered)
        XCTAssertEqual(path.steps.first?.prerequisitesOnPath, 0)
        options.demonstratedMastery = [3]
        XCTAssertThrowsError(try plan(chain, mastery: [0.5, 0.5, 0.5], options: options))
    }
}
