import Foundation
@testable import LearningPaths
import XCTest

/// A learning curve with a model's terms over the latest answers and runs (`PracticeWindow`),
/// against cases worked out by hand.
final class PracticeWindowTests: XCTestCase {
    /// A window with every weight zero but `recentWins`'s 1, no earlier answers on the skill.
    private func recentWinsOnly(earlierAges: [Int] = [], earlierOutcomes: [Double] = []) -> PracticeWindow {
        PracticeWindow(recentAttemptsWeight: 0, recentWinsWeight: 1, answersSinceWeight: 0, rightStreakWeight: 0,
                       wrongStreakWeight: 0, window: 5, earlierAges: earlierAges, earlierOutcomes: earlierOutcomes,
                       answersSince: 0, rightStreak: 0, wrongStreak: 0)
    }

    /// A model that put the gain from practice in the recent right answers (γ⁺ = γ⁻ = 0): the
    /// curve without the window sees no learning; with it, the threshold is reached.
    func testAGainInRecentWinsReachesTheThresholdWhereTheLifetimeGainsAloneDoNot() {
        let lifetimeOnly = LearningCurve(gainCorrect: 0, gainWrong: 0)
        XCTAssertEqual(lifetimeOnly.answers(from: 0.5, toReach: 0.8, cap: 20), PracticeNeed(answers: 20, reachesThreshold: false))
        let withWindow = LearningCurve(gainCorrect: 0, gainWrong: 0, practiceWindow: recentWinsOnly())
        // From logit 0, each answer right with the probability just before it; logit = ln(1 + wins
        // among the last 5), the target logit(0.8) = 1.386:
        //   1: p 0.500, wins 0.500, logit 0.405;  2: p 0.600, wins 1.100, logit 0.742
        //   3: p 0.677, wins 1.777, logit 1.022;  4: p 0.735, wins 2.513, logit 1.256
        //   5: p 0.778, wins 3.291, logit 1.457 ≥ 1.386: five answers.
        XCTAssertEqual(withWindow.answers(from: 0.5, toReach: 0.8, cap: 20), PracticeNeed(answers: 5, reachesThreshold: true))
        // The same from mastery 0.6 (logit 0.405): the increments count from there, so answer 1
        // adds ln 1.6 = 0.470 (p 0.6), answer 2 ln(1 + 0.6 + 0.705) − 0 = 0.835 → 1.240, answer 3
        // reaches 0.405 + ln(1 + 1.305 + 0.776) = 1.530: three answers.
        XCTAssertEqual(withWindow.answers(from: 0.6, toReach: 0.8, cap: 20), PracticeNeed(answers: 3, reachesThreshold: true))
    }

    /// An earlier right answer `age` back leaves the window of 5 after `5 − age + 1` more answers.
    func testEarlierAnswersLeaveTheWindowAsTheStepGoesOn() {
        let window = recentWinsOnly(earlierAges: [2], earlierOutcomes: [1])
        let noRuns = (right: 0.0, wrong: 0.0)
        XCTAssertEqual(window.terms(after: [], streaks: noRuns), log(2), accuracy: 1e-12, "the earlier right answer, 2 back")
        XCTAssertEqual(window.terms(after: [0, 0, 0], streaks: noRuns), log(2), accuracy: 1e-12, "5 back: still in")
        XCTAssertEqual(window.terms(after: [0, 0, 0, 0], streaks: noRuns), 0, accuracy: 1e-12, "6 back: out")
        XCTAssertEqual(window.terms(after: [0.5, 0.5, 0.5, 0.5, 0.5, 0.25], streaks: noRuns), log(1 + 2.25), accuracy: 1e-12,
                       "only the last five of the step's answers count")
    }

    /// Answers since the last one on the skill: the student's count before the step, then 1.
    func testAnswersSinceIsOneOnceTheStepHasBegun() {
        let window = PracticeWindow(recentAttemptsWeight: 0, recentWinsWeight: 0, answersSinceWeight: 2, rightStreakWeight: 0,
                                    wrongStreakWeight: 0, window: 5, earlierAges: [], earlierOutcomes: [],
                                    answersSince: 7, rightStreak: 0, wrongStreak: 0)
        XCTAssertEqual(window.terms(after: [], streaks: (0, 0)), 2 * log(8), accuracy: 1e-12)
        XCTAssertEqual(window.terms(after: [0.9], streaks: (0, 0)), 2 * log(2), accuracy: 1e-12)
    }

    /// Runs after an answer right with probability p: right runs grow to `p(r + 1)`, wrong ones to
    /// `(1 − p)(w + 1)` (the other outcome ends each).
    func testExpectedRunsAfterOneMoreAnswer() {
        let runs = PracticeWindow.extend((right: 2, wrong: 0), expected: 0.75)
        XCTAssertEqual(runs.right, 2.25, accuracy: 1e-12)
        XCTAssertEqual(runs.wrong, 0.25, accuracy: 1e-12)
        let window = PracticeWindow(recentAttemptsWeight: 0, recentWinsWeight: 0, answersSinceWeight: 0, rightStreakWeight: 1,
                                    wrongStreakWeight: -1, window: 5, earlierAges: [], earlierOutcomes: [],
                                    answersSince: 0, rightStreak: 2, wrongStreak: 0)
        XCTAssertEqual(window.terms(after: [0.75], streaks: runs), log(3.25) - log(1.25), accuracy: 1e-12)
    }
}
