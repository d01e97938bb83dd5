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
