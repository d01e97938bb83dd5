import Foundation
import LotrinhTestSupport
import Recommend
import XCTest

/// A prepared state stands in for its state in every path request: the masteries computed ahead
/// are the ones the request would have computed, and another confidence is computed afresh.
final class PreparedStateTests: XCTestCase {
    private let modelPath = RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path

    func testAPreparedStateGivesTheStatesPathAtEveryConfidence() throws {
        let recommender = try Recommender(modelPath: modelPath)
        let answers = (0..<20).map { AnswerRecord(skillId: "T6.0\($0 % 7 + 1)", outcome: $0 % 3 == 0 ? 0 : 1) }
        let state = try recommender.state(after: answers)
        let prepared = try recommender.prepared(state)
        XCTAssertEqual(prepared.confidence, PathRequest().confidence)
        for request in [PathRequest(), PathRequest(goals: ["T6.26"], maximumSteps: 5),
                        PathRequest(goals: ["T6.30"], confidence: 0.5), PathRequest(threshold: 0.6, confidence: 0.99, maximumAnswers: 12)] {
            let expected = try recommender.path(for: state, request: request)
            let fromPrepared = try recommender.path(for: prepared, request: request)
            XCTAssertFalse(expected.steps.isEmpty)
            XCTAssertEqual(fromPrepared, expected, "confidence \(request.confidence)")
        }
        // Intervals at another confidence really differ, so the comparison above at 0.5 and 0.99
        // would see masteries reused at the wrong confidence.
        let narrow = try recommender.path(for: state, request: PathRequest(confidence: 0.5))
        let wide = try recommender.path(for: state, request: PathRequest(confidence: 0.99))
        XCTAssertNotEqual(narrow.steps.first?.lower, wide.steps.first?.lower)
    }

    func testAConfidenceOutsideTheOpenUnitIntervalIsRefused() throws {
        let recommender = try Recommender(modelPath: modelPath)
        for confidence in [0, 1, .nan, 1.5] {
            XCTAssertThrowsError(try recommender.prepared(recommender.newStudent(), confidence: confidence)) { error in
                guard case RecommendError.invalidOption(let reason) = error else { return XCTFail("\(error)") }
                XCTAssertTrue(reason.contains("confidence"), reason)
            }
        }
    }
}
