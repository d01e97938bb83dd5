import MasteryData
@testable import Training
import XCTest

final class LearningCurveTests: XCTestCase {
    /// Attempt numbers and the curve against a naive loop that counts, for every row, the earlier
    /// rows of the same student and skill anywhere in the data (no contiguity assumed).
    func testCurveMatchesANaiveCount() throws {
        let truth = try SyntheticTruth(students: 40, answersPerStudent: 30, rank: 1, seed: 5, multiSkillFraction: 0.3)
        let data = truth.dataset.responses
        XCTAssertGreaterThan(data.rowCount, data.answerCount, "multi-skill answers must be covered")

        var naiveAttempts: [Int] = []
        for row in 0..<data.rowCount {
            var earlier = 0
            for other in 0..<row where data.rowStudent[other] == data.rowStudent[row] && data.rowSkill[other] == data.rowSkill[row] {
                earlier += 1
            }
            naiveAttempts.append(earlier + 1)
        }
        let attempts = LearningCurve.attemptNumbers(data)
        XCTAssertEqual(attempts, naiveAttempts)

        // Every other student's answers held out, with a made-up prediction per answer.
        var answers: [HeldOutAnswer] = []
        for student in stride(from: 0, to: data.studentCount, by: 2) {
            for rows in data.answerRows(ofStudent: student) {
                let prediction = Double((rows.lowerBound * 7919) % 100) / 100
                answers.append(HeldOutAnswer(student: student, rows: rows, outcome: Double(data.rowOutcome[rows.lowerBound]),
                                             predictions: [0.5, prediction]))
            }
        }
        let maxAttempt = 6
        let curve = LearningCurve(answers: answers, predictor: 1, attempts: attempts, maxAttempt: maxAttempt)

        var expected: [LearningCurve.Point] = []
        for attempt in 1...maxAttempt {
            var count = 0
            var right = 0.0
            var predicted = 0.0
            for answer in answers {
                for row in answer.rows where naiveAttempts[row] == attempt {
                    count += 1
                    right += answer.outcome
                    predicted += answer.predictions[1]
                }
            }
            if count > 0 {
                expected.append(.init(attempt: attempt, answers: count, observedRate: right / Double(count),
                                      meanPrediction: predicted / Double(count)))
            }
        }
        XCTAssertEqual(curve.points.map(\.attempt), expected.map(\.attempt))
        for (point, reference) in zip(curve.points, expected) {
            XCTAssertEqual(point.answers, reference.answers)
            XCTAssertEqual(point.observedRate, reference.observedRate, accuracy: 1e-12)
            XCTAssertEqual(point.meanPrediction, reference.meanPrediction, accuracy: 1e-12)
        }
        XCTAssertEqual(curve.points.count, maxAttempt, "30 answers per student reach attempt 6 on some skill")
    }
}
