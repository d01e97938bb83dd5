import Foundation
import LearningPaths
import LotrinhTestSupport
import MasteryModel
import Recommend
import XCTest

/// Every kind of request a service makes — fold-in, answer-by-answer updates, mastery, paths and
/// the batch matrix — from many tasks at once on one `Recommender`, against the same requests
/// made one after another. `scripts/sanitize thread` runs this under ThreadSanitizer.
final class ConcurrentRequestTests: XCTestCase {
    private struct Answer: Equatable, Sendable {
        var mastery: [SkillMastery]
        var path: LearningPath
        var state: StudentState
    }

    private static func request(_ recommender: Recommender, _ seed: Int) throws -> Answer {
        let skills = recommender.model.metadata.skillIds
        let answers = (0..<16).map { AnswerRecord(skillId: skills[($0 * 5 + seed) % skills.count], outcome: Double(($0 * seed) % 3 == 0 ? 0 : 1)) }
        var state = try recommender.state(after: Array(answers.prefix(10)))
        for answer in answers.dropFirst(10) { try recommender.update(&state, with: answer) }
        let path = try recommender.path(for: state, request: PathRequest(goals: [skills[seed % skills.count]], maximumSteps: 5 + seed % 7))
        return Answer(mastery: try recommender.mastery(of: state, confidence: 0.9), path: path, state: state)
    }

    func testConcurrentRequestsOfEveryKindGiveTheSerialAnswers() async throws {
        let recommender = try Recommender(modelPath: RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path)
        let tasks = 128
        let serial = try (0..<tasks).map { try Self.request(recommender, $0) }
        let serialMatrix = recommender.masteryMatrix(of: serial.map(\.state))
        let (concurrent, matrices) = try await withThrowingTaskGroup(of: (Int, Answer?, MasteryMatrix?).self) { group in
            for seed in 0..<tasks { group.addTask { (seed, try Self.request(recommender, seed), nil) } }
            // The batch matrix splits its own work over the cores; run a few of those alongside.
            for index in 0..<4 { group.addTask { (index, nil, recommender.masteryMatrix(of: serial.map(\.state))) } }
            var answers = [Answer?](repeating: nil, count: tasks)
            var matrices: [MasteryMatrix] = []
            for try await (seed, answer, matrix) in group {
                if let answer { answers[seed] = answer }
                if let matrix { matrices.append(matrix) }
            }
            return (answers, matrices)
        }
        for seed in 0..<tasks { XCTAssertEqual(concurrent[seed], serial[seed], "request \(seed)") }
        XCTAssertEqual(matrices.count, 4)
        for matrix in matrices { XCTAssertEqual(matrix, serialMatrix) }
    }
}
