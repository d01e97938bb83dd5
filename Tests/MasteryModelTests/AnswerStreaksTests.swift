@testable import MasteryModel
import XCTest

/// The streak tally training, fold-in and the online state share (`AnswerStreaks`), answer by
/// answer, against the runs read backwards from the end of each prefix of a hand-written history.
final class AnswerStreaksTests: XCTestCase {
    /// Scores included: 0.5 counts as right, 0.25 and 0.49 as wrong.
    private let outcomes = [1, 1, 0.5, 0, 0.25, 0, 1, 0.75, 0.49, 1, 1, 1, 0]

    /// Independent of the tally: walk back from the last answer while answers stay on its side of 0.5.
    private func runAtTheEnd(of outcomes: [Double]) -> (right: Double, wrong: Double) {
        guard let last = outcomes.last else { return (0, 0) }
        let lastIsRight = last >= 0.5
        var run = 0.0
        for outcome in outcomes.reversed() {
            guard (outcome >= 0.5) == lastIsRight else { break }
            run += 1
        }
        return lastIsRight ? (run, 0) : (0, run)
    }

    func testStreaksMatchTheRunsAtTheEndOfEachPrefix() {
        var right = 0.0, wrong = 0.0
        for end in outcomes.indices {
            AnswerStreaks.extend(right: &right, wrong: &wrong, with: outcomes[end])
            let expected = runAtTheEnd(of: Array(outcomes[...end]))
            XCTAssertEqual(right, expected.right, "right streak after answer \(end)")
            XCTAssertEqual(wrong, expected.wrong, "wrong streak after answer \(end)")
        }
        XCTAssertEqual([right, wrong], [0, 1], "the history ends on one wrong answer after three right")
        XCTAssertEqual(runAtTheEnd(of: Array(outcomes.dropLast())).right, 3, "the helper itself: 1, 1, 1 before the last 0")
    }

    func testTheOnlineHistoryTalliesEachSkillsOwnStreaks() {
        // Skill 0 gets every answer above; skill 1 every other one, as the second skill of a question.
        var history = PracticeHistory()
        var perSkill: [[Double]] = [[], []]
        for (position, outcome) in outcomes.enumerated() {
            let skills = position.isMultiple(of: 2) ? [0, 1] : [0]
            history.record(StudentAnswer(skills: skills, item: 0, outcome: outcome), position: position)
            for skill in skills { perSkill[skill].append(outcome) }
            for skill in [0, 1] where !perSkill[skill].isEmpty {
                let expected = runAtTheEnd(of: perSkill[skill])
                XCTAssertEqual(history.rightStreak[skill], expected.right, "skill \(skill) after answer \(position)")
                XCTAssertEqual(history.wrongStreak[skill], expected.wrong, "skill \(skill) after answer \(position)")
            }
        }
        // Skill 1 saw 1, 0.5, 0.25, 1, 0.49, 1, 0: it ends on one wrong answer.
        XCTAssertEqual(perSkill[1], [1, 0.5, 0.25, 1, 0.49, 1, 0])
    }
}
