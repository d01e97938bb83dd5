import LearningPaths
import MasteryData
import XCTest

/// A path replanned after every answer within a session (``PlanOptions/sessionPractice``), and a
/// session's answers when nothing is left to learn, each against a case worked out by hand.
final class SessionPracticeTests: XCTestCase {
    /// Chain 0 → 1 → 2, goal 2. Skill 0's curve is flat, so it is estimated at the cap of 20;
    /// 1 and 2 need five each (as in BudgetSharingTests).
    private struct Curves: LearningCurveSource {
        func learningCurve(of skill: Int) -> LearningCurve {
            skill == 0 ? LearningCurve(gainCorrect: 0, gainWrong: 0) : LearningCurve(gainCorrect: 1, gainWrong: 0)
        }
    }

    private func chainPlan(budget: Int, spent: [Int: Int]) throws -> LearningPath {
        let planner = try PathPlanner(skillCount: 3, graph: graph(3, [(0, 1), (1, 2)]))
        var options = PlanOptions(goals: [2], maximumAnswers: budget)
        options.sessionPractice = spent
        return try planner.plan(MasteryEstimates(certain: [0.5, 0.5, 0.5]), options: options, learningCurves: Curves())
    }

    func testReplanningMidSessionContinuesTheSessionsSchedule() throws {
        // At the start, 10 answers among needs 20, 5, 5: [4, 3, 3]. Two answers later (estimates
        // unchanged) the session is 8 + 2 = 10 answers among needs 22, 5, 5: capped at 3 they
        // take 9, at 4 they would take 12, the answer left goes to skill 0: [4, 3, 3] again, less
        // the 2 spent: [2, 3, 3], the rest of the first schedule.
        let start = try chainPlan(budget: 10, spent: [:])
        XCTAssertEqual(start.practiceSchedule, [0, 0, 0, 0, 1, 1, 1, 2, 2, 2])
        let later = try chainPlan(budget: 8, spent: [0: 2])
        XCTAssertEqual(later.plannedAnswers, [2, 3, 3])
        XCTAssertEqual(later.practiceSchedule, Array(start.practiceSchedule.dropFirst(2)))
        // Without the session's answers, 8 among 20, 5, 5 is [3, 3, 2]: the first step takes an
        // answer more than the session gave it, and each replan takes it again.
        XCTAssertEqual(try chainPlan(budget: 8, spent: [:]).plannedAnswers, [3, 3, 2])
    }

    func testAStepThatHadMoreThanItsShareGetsNoMore() throws {
        // Six answers spent on skill 0, six left: the session's 12 among 26, 5, 5 is [4, 4, 4];
        // less the spent [0, 4, 4] is 8, more than 6, so cut back by water-filling: [0, 3, 3].
        let path = try chainPlan(budget: 6, spent: [0: 6])
        XCTAssertEqual(path.plannedAnswers, [0, 3, 3])
        XCTAssertEqual(path.practiceSchedule, [1, 1, 1, 2, 2, 2])
    }

    func testTheStepInProgressIsFinishedFirstUnlessItsPrerequisiteIsOnThePath() throws {
        // Lone skills 0 (0.1) and 1 (0.5), continuity off: the gain term puts 0 first. Needs at
        // 0.1 a answer: 7 and 3. One answer on 1 so far, 4 left: the session's 5 among 7 and
        // 3 + 1 is [3, 2], less the spent [3, 1]; skill 1, the step in progress, goes first.
        var options = PlanOptions(goals: [0, 1], strategy: .scored(ScoreWeights(continuity: 0)), maximumAnswers: 4,
                                  recentSkills: [1])
        options.sessionPractice = [1: 1]
        let lone = try plan(nil, mastery: [0.1, 0.5], options: options)
        XCTAssertEqual(lone.skills, [1, 0])
        XCTAssertEqual(lone.practiceSchedule, [1, 0, 0, 0])
        // With 0 → 1, skill 1 waits for its prerequisite.
        let chained = try plan(graph(2, [(0, 1)]), mastery: [0.1, 0.5], options: options)
        XCTAssertEqual(chained.skills, [0, 1])
        XCTAssertEqual(chained.practiceSchedule.first, 0)
    }

    func testSessionPracticeNeedsABudgetAndSkillsInRange() {
        var options = PlanOptions()
        options.sessionPractice = [0: 1]
        XCTAssertThrowsError(try plan(nil, mastery: [0.5, 0.5], options: options))
        options.maximumAnswers = 3
        options.sessionPractice = [5: 1]
        XCTAssertThrowsError(try plan(nil, mastery: [0.5, 0.5], options: options))
        options.sessionPractice = [0: -1]
        XCTAssertThrowsError(try plan(nil, mastery: [0.5, 0.5], options: options))
    }

    func testNothingLeftToLearnReviewsTheGoalsWeakestFirst() throws {
        // Every skill mastered: 5 answers over 4 goals, one each and the odd one to the weakest,
        // in the order 0 (0.90), 2 (0.92), 1 (0.95), 3 (0.97).
        let path = try plan(nil, mastery: [0.9, 0.95, 0.92, 0.97], options: PlanOptions(maximumAnswers: 5))
        XCTAssertEqual(path.steps, [])
        XCTAssertEqual(path.practiceSchedule, [0, 0, 2, 1, 3])
        // Goal 2 is not mastered but blocked behind the excluded skill 1: nothing to review.
        let blocked = try plan(graph(3, [(0, 1), (1, 2)]), mastery: [0.9, 0.5, 0.5],
                               options: PlanOptions(goals: [2], excluded: [1], maximumAnswers: 5))
        XCTAssertEqual(blocked.steps, [])
        XCTAssertEqual(blocked.blockedByExclusion, [2])
        XCTAssertEqual(blocked.practiceSchedule, [])
    }
}
