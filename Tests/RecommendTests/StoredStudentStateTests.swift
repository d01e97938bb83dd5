import Foundation
import LotrinhTestSupport
import MasteryData
import MasteryModel
import Recommend
import XCTest

/// A platform keeps a student's state between requests as JSON; it must come back equal, and a
/// state it cannot trust must be refused with a typed error.
final class StoredStudentStateTests: XCTestCase {
    private let modelPath = RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path

    private func roundTrip(_ stored: StoredStudentState) throws -> StoredStudentState {
        try JSONDecoder().decode(StoredStudentState.self, from: try JSONEncoder().encode(stored))
    }

    func testStateRoundTripsThroughJSON() throws {
        let recommender = try Recommender(modelPath: modelPath)
        let answers = (0..<9).map { AnswerRecord(skillIds: $0 == 4 ? ["T6.02", "T6.05"] : ["T6.0\($0 % 3 + 1)"], outcome: $0 % 4 == 0 ? 0 : 1) }
        let state = try recommender.state(after: answers)
        let restored = try recommender.state(restoring: try roundTrip(recommender.storedState(of: state)))
        XCTAssertEqual(restored, state)
        // Equal states plan equal paths: the restored one is as good as the one kept in memory.
        XCTAssertEqual(try recommender.pathResponse(for: restored), try recommender.pathResponse(for: state))
        let stored = recommender.storedState(of: state)
        XCTAssertEqual(stored.version, 1)
        XCTAssertEqual(stored.wins["T6.01"], 2, "answers 0, 3, 6 on T6.01: 0 wrong, 3 right, 6 right")
        XCTAssertEqual(stored.fails["T6.01"], 1)
    }

    /// A model with the further practice features keeps the latest answers (with their items) in
    /// the state: they survive too, and the next answer updates the restored state as the original.
    func testStateWithPracticeHistoryRoundTrips() throws {
        let skills = 3
        var random = SeededRandom(seed: 11)
        func values(_ count: Int) -> ParameterArray { ParameterArray((0..<count).map { _ in random.nextUniform() - 0.5 }) }
        let features: [PracticeFeature] = [.totalWins, .recentWins, .rightStreak]
        let metadata = ModelMetadata(kind: .logistic, rank: 1, terms: ModelTerms(practiceFeatures: features),
                                     regularization: Regularization(), recency: .none, onlineRecency: .none,
                                     skillIds: ["a", "b", "c"], skillNames: ["a", "b", "c"], dataFingerprint: "f", createdAt: "t")
        let model = MasteryModel(metadata: metadata, globalBias: 0.1, skillBias: values(skills), skillFactors: values(skills),
                                 gainCorrect: values(skills), gainWrong: values(skills), practiceWeights: values(skills * features.count),
                                 itemIds: IdTable(["q0", "q1"]), itemBias: values(2))
        let recommender = try Recommender(model: model)
        var state = recommender.newStudent()
        for (index, skill) in ["a", "b", "a", "c", "a"].enumerated() {
            try recommender.update(&state, with: AnswerRecord(skillId: skill, itemId: index % 2 == 0 ? "q1" : nil, outcome: Double(index % 2)))
        }
        XCTAssertFalse(state.history.recent.isEmpty)
        let stored = recommender.storedState(of: state)
        XCTAssertEqual(stored.history.recent.first?.itemId, "q1")
        var restored = try recommender.state(restoring: try roundTrip(stored))
        XCTAssertEqual(restored, state)
        let next = AnswerRecord(skillId: "b", itemId: "q0", outcome: 1)
        try recommender.update(&state, with: next)
        try recommender.update(&restored, with: next)
        XCTAssertEqual(restored, state)
    }

    func testUnknownVersionIsATypedError() throws {
        let recommender = try Recommender(modelPath: modelPath)
        var json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(recommender.storedState(of: recommender.newStudent())))
            as! [String: Any]
        json["version"] = 2
        let data = try JSONSerialization.data(withJSONObject: json)
        XCTAssertThrowsError(try JSONDecoder().decode(StoredStudentState.self, from: data)) { error in
            XCTAssertEqual(error as? StudentStateError, .unsupportedVersion(2, supported: 1))
            XCTAssertEqual((error as? StudentStateError)?.code, "state-version")
            XCTAssertEqual(error.localizedDescription, "student state version 2 is not supported (this library reads version 1)")
        }
    }

    func testStateOfAnotherModelOrWithBadNumbersIsRefused() throws {
        let recommender = try Recommender(modelPath: modelPath)
        let stored = recommender.storedState(of: try recommender.state(after: [AnswerRecord(skillId: "T6.01", outcome: 1)]))
        var otherFit = stored
        otherFit.model.createdAt = "2020-01-01T00:00:00Z"
        XCTAssertThrowsError(try recommender.state(restoring: otherFit)) { error in
            XCTAssertEqual((error as? StudentStateError)?.code, "state-other-model")
            XCTAssertTrue(error.localizedDescription.contains("fold the student's answers in again"), error.localizedDescription)
        }
        var unknownSkill = stored
        unknownSkill.wins["T9.99"] = 1
        XCTAssertThrowsError(try recommender.state(restoring: unknownSkill)) {
            XCTAssertEqual($0 as? StudentStateError, .unknownSkill("T9.99"))
            XCTAssertEqual($0.localizedDescription, "the student state names skill 'T9.99', which is not in the model")
        }
        var short = stored
        short.theta.removeLast()
        XCTAssertThrowsError(try recommender.state(restoring: short)) { error in
            guard case StudentStateError.invalid = error else { return XCTFail("\(error)") }
        }
        var notFinite = stored
        notFinite.precision[0] = .nan
        XCTAssertThrowsError(try recommender.state(restoring: notFinite)) {
            XCTAssertEqual($0 as? StudentStateError, .invalid("a parameter is not a finite number"))
        }
    }
}
