import Foundation
import LotrinhTestSupport
import MasteryData
import MasteryModel
import Recommend
import XCTest

/// A service looks up a student of a pseudonymized model by the id its school uses and the
/// operator's key; a key other than the model's is refused, naming both fingerprints, instead of
/// every lookup silently missing.
final class PseudonymJoinTests: XCTestCase {
    private let key = [UInt8](repeating: 0x42, count: 32)

    /// The bundled model as if trained with `key`: student ids replaced by their pseudonyms and
    /// the key's fingerprint recorded, as `lotrinh-train fit --pseudonym-key` leaves it.
    private func pseudonymizedModel() throws -> (MasteryModel, Pseudonymizer) {
        let model = try MasteryModel.load(from: RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path)
        let pseudonymizer = try Pseudonymizer(keyBytes: key)
        var metadata = model.metadata
        metadata.pseudonymKeyFingerprint = pseudonymizer.keyFingerprint
        let ids = IdTable((0..<model.studentIds.count).map { pseudonymizer.pseudonym(for: model.studentIds[$0]) })
        let pseudonymized = MasteryModel(metadata: metadata, globalBias: model.globalBias, skillBias: model.skillBias,
                                         skillFactors: model.skillFactors, gainCorrect: model.gainCorrect, gainWrong: model.gainWrong,
                                         itemIds: model.itemIds, itemBias: model.itemBias, studentIds: ids,
                                         studentBias: model.studentBias, studentFactors: model.studentFactors)
        return (pseudonymized, pseudonymizer)
    }

    func testTheRightKeyFindsTheStudentBySchoolId() throws {
        let (model, pseudonymizer) = try pseudonymizedModel()
        let recommender = try Recommender(model: model)
        let student = try XCTUnwrap(model.studentIds.index(of: pseudonymizer.pseudonym(for: "17")))
        XCTAssertEqual(try recommender.student(schoolId: "17", pseudonymizer: pseudonymizer), model.state(ofStudent: student))
        XCTAssertThrowsError(try recommender.student("17"), "the school id itself is not in the model") {
            XCTAssertEqual($0 as? RecommendError, .unknownStudent("17"))
        }
    }

    func testAWrongKeyIsDetectedNamingBothFingerprints() throws {
        let (model, pseudonymizer) = try pseudonymizedModel()
        let wrong = try Pseudonymizer(keyBytes: key.map { $0 ^ 1 })
        XCTAssertThrowsError(try Recommender(model: model).student(schoolId: "17", pseudonymizer: wrong)) { error in
            guard case let .invalidOption(message) = error as? RecommendError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("wrong pseudonymization key") && message.contains(wrong.keyFingerprint)
                              && message.contains(pseudonymizer.keyFingerprint), message)
        }
    }

    func testAKeyForAModelWithoutPseudonymsIsRefused() throws {
        let recommender = try Recommender(modelPath: RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path)
        XCTAssertThrowsError(try recommender.student(schoolId: "17", pseudonymizer: Pseudonymizer(keyBytes: key))) { error in
            guard case let .invalidOption(message) = error as? RecommendError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("not pseudonymized"), message)
        }
    }
}
