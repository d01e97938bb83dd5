import LearningPaths
import MasteryData
import XCTest

/// A path replanned after every answer while the student follows the session's schedule
/// (``PlanOptions/sessionSchedule``), each against a case worked out by hand.
final class SessionScheduleTests: XCTestCase {
    /// Skill 0's curve is flat, so it is estimated at the cap of 20 answers; the others need
    /// five from 0.5 (as in SessionPracticeTests).
    private struct Curves: LearningCurveSource {
        func learningCurve(of skill: Int) -> LearningCurve {
            skill == 0 ? LearningCurve(gainCorrect: 0, gainWrong: 0) : LearningCurve(gainCorrect: 1, gainWrong: 0)
        }
    }

    /// Chain 0 → 1 → 2, goal 2, certain estimates.
    private func chainPlan(_ mastery: [Double], budget: Int, spent: [Int: Int] = [:], schedule: [Int] = []) throws -> LearningPath {
        let planner = try PathPlanner(skillCount: 3, graph: graph(3, [(0, 1), (1, 2)]))
        var options = PlanOptions(goals: [2], maximumAnswers: budget)
        options.sessionPractice = spent
        options.sessionSchedule = schedule
        return try planner.plan(MasteryEstimates(certain: mastery), options: options, learningCurves: Curves())
    }

    func testAnUnchangedEstimateKeepsTheSchedule() throws {
        // 10 answers among needs 20, 5, 5 at the start: [4, 3, 3]. Two answers on 0 later, the
        // schedule's eight are asked for and fit the eight left.
        let start = try chainPlan([0.5, 0.5, 0.5], budget: 10)
        XCTAssertEqual(start.practiceSchedule, [0, 0, 0, 0, 1, 1, 1, 2, 2, 2])
        let rest = Array(start.practiceSchedule.dropFirst(2))
        let later = try chainPlan([0.5, 0.5, 0.5], budget: 8, spent: [0: 2], schedule: rest)
        XCTAssertEqual(later.practiceSchedule, rest)
    }

    func testAStepJudgedMasteredLeavesAndItsAnswersGoToTheGoal() throws {
        // Skill 0 now at 0.95: off the path. Steps 1 and 2 ask for their 3 each; the 2 answers 0
        // had left go to the goal, 2: [3, 5].
        let later = try chainPlan([0.95, 0.5, 0.5], budget: 8, spent: [0: 2], schedule: [0, 0, 1, 1, 1, 2, 2, 2])
        XCTAssertEqual(later.skills, [1, 2])
        XCTAssertEqual(later.plannedAnswers, [3, 5])
        XCTAssertEqual(later.practiceSchedule, [1, 1, 1, 2, 2, 2, 2, 2])
    }

    func testAPrerequisiteThatFellBackTakesAnswersFromTheLargestAsk() throws {
        // Skill 0 was mastered when the schedule [1, 2, 2, 2, 2] was made; three answers on 1
        // since. Now 0 is at 0.5 and joins with its need of 20. Five answers among asks 20, 1, 4:
        // capped at 2 they take 2 + 1 + 2 = 5, at 3 they would take 7: [2, 1, 2], the goal
        // giving up two of its four.
        let later = try chainPlan([0.5, 0.5, 0.5], budget: 5, spent: [1: 3], schedule: [1, 2, 2, 2, 2])
        XCTAssertEqual(later.skills, [0, 1, 2])
        XCTAssertEqual(later.plannedAnswers, [2, 1, 2])
        XCTAssertEqual(later.practiceSchedule, [0, 0, 1, 2, 2])
    }

    func testAStepThatHadItsAnswersGetsNoMore() throws {
        // Skill 1 had two answers and is no longer in the schedule [2, 2, 2]: it asks for none.
        // The goal's three fit, and the one answer left goes to the goal too.
        let later = try chainPlan([0.95, 0.5, 0.5], budget: 4, spent: [1: 2], schedule: [2, 2, 2])
        XCTAssertEqual(later.skills, [1, 2])
        XCTAssertEqual(later.plannedAnswers, [0, 4])
    }

    func testTheScheduleKeepsItsOrderAgainstTheScore() throws {
        // Lone goals 0 (0.1) and 1 (0.5), continuity off: the gain term puts 0 first, but the
        // session's schedule put 1 first, and one answer does not change that.
        var options = PlanOptions(goals: [0, 1], strategy: .scored(ScoreWeights(continuity: 0)), maximumAnswers: 4)
        XCTAssertEqual(try plan(nil, mastery: [0.1, 0.5], options: options).skills, [0, 1])
        options.sessionPractice = [1: 1]
        options.sessionSchedule = [1, 1, 0, 0]
        let kept = try plan(nil, mastery: [0.1, 0.5], options: options)
        XCTAssertEqual(kept.skills, [1, 0])
        XCTAssertEqual(kept.practiceSchedule, [1, 1, 0, 0])
    }

    func testAJoinedStepGoesBeforeTheFirstScheduledStepThatFollowsIt() throws {
        // Chain 0 → 1 → 2 plus lone 3, goals 2 and 3, continuity off. The schedule had 3 first,
        // then 1 and 2; 0 fell back. In the score's order 0 comes before 1, so it goes just
        // before 1, after 3: [3, 0, 1, 2].
        let planner = try PathPlanner(skillCount: 4, graph: graph(4, [(0, 1), (1, 2)]))
        var options = PlanOptions(goals: [2, 3], strategy: .scored(ScoreWeights(continuity: 0)), maximumAnswers: 8)
        options.sessionPractice = [3: 1]
        options.sessionSchedule = [3, 1, 1, 2, 2, 2, 2, 2]
        let path = try planner.plan(MasteryEstimates(certain: [0.5, 0.5, 0.5, 0.5]), options: options)
        XCTAssertEqual(path.skills, [3, 0, 1, 2])
        XCTAssertEqual(prerequisiteViolations(in: path.skills, mastered: [false, false, false, false],
                                              graph: graph(4, [(0, 1), (1, 2)])), [])
    }

    func testAScheduleNeedsABudgetAndSkillsInRange() {
        var options = PlanOptions()
        options.sessionSchedule = [0]
        XCTAssertThrowsError(try plan(nil, mastery: [0.5, 0.5], options: options))
        options.maximumAnswers = 3
        options.sessionSchedule = [0, 7]
        XCTAssertThrowsError(try plan(nil, mastery: [0.5, 0.5], options: options))
    }
}
