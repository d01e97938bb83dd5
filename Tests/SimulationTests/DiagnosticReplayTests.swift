import LotrinhTestSupport
import MasteryData
import Recommend
@testable import Simulation
import Training
import XCTest

/// The diagnostic replay is leak-free: what a policy asks, and every prediction it makes after k
/// questions, depend on the outcomes of the answers asked and on nothing else.
final class DiagnosticReplayTests: XCTestCase {
    func testUnaskedOutcomesNeverReachTheReplay() throws {
        let path = RepositoryPaths.root.appendingPathComponent("datasets/vn-grade6/responses.csv").path
        let data = try ResponseLoader.load(path: path).0
        let student = try XCTUnwrap((0..<data.studentCount).first { data.answerRows(ofStudent: $0).count >= 40 })
        var configuration = FitConfiguration(rank: 2)
        configuration.maxSweeps = 5
        let others = (0..<data.rowCount).filter { Int(data.rowStudent[$0]) != student }
        let model = try Trainer.fit(data, configuration: configuration, trainRows: others).model.withoutStudents()
        let recommender = try Recommender(model: model)
        for policy in DiagnosticReplayPolicy.allCases {
            let original = try StudentReplay(data: data, student: student, recommender: recommender, threshold: 0.8)
                .run(policy, questions: 6, popularity: [:], seed: 3)
            XCTAssertEqual(original.count, 6)
            // Flip every answer the policy did not ask: the questions and the predictions stay.
            var flipped = data
            let asked = Set(original.map(\.asked))
            for (position, rows) in data.answerRows(ofStudent: student).enumerated() where !asked.contains(position) {
                for row in rows { flipped.rowOutcome[row] = 1 - data.rowOutcome[row] }
            }
            let replayed = try StudentReplay(data: flipped, student: student, recommender: recommender, threshold: 0.8)
                .run(policy, questions: 6, popularity: [:], seed: 3)
            XCTAssertEqual(replayed.map(\.asked), original.map(\.asked), "\(policy)")
            XCTAssertEqual(replayed.map(\.predictions), original.map(\.predictions), "\(policy)")
            XCTAssertNotEqual(replayed.last?.outcomes, original.last?.outcomes, "the remaining outcomes did change")
            XCTAssertEqual(Set(original.map(\.asked)).count, 6, "no answer is asked twice")
        }
        // The student's own order asks the answers as they came.
        let own = try StudentReplay(data: data, student: student, recommender: recommender, threshold: 0.8)
            .run(.studentOrder, questions: 4, popularity: [:], seed: 0)
        XCTAssertEqual(own.map(\.asked), [0, 1, 2, 3])
        // After k questions the remaining answers are exactly the ones not asked.
        XCTAssertEqual(own[3].predictions.count, data.answerRows(ofStudent: student).count - 4)
    }
}
