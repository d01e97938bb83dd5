import Foundation
import LotrinhTestSupport
import MasteryModel
@testable import Recommend
import XCTest

/// What a service shows for a failed request: the error's own sentence, and a code that does not
/// change with the wording.
final class RecommendErrorTests: XCTestCase {
    private let everyKind: [RecommendError] = [
        .model(.checksumMismatch(path: "/tmp/a.lotrinh")), .unknownStudent("HS-1"), .unknownSkill("T6.99"),
        .unknownItem("Q-7"), .invalidAnswer("outcome 2.0 is not in [0, 1]"), .invalidOption("threshold 2"),
        .solverFailed("did not settle"),
    ]

    func testLocalizedDescriptionIsTheErrorsOwnSentence() throws {
        for error in everyKind {
            XCTAssertEqual((error as Error).localizedDescription, error.description)
            XCTAssertFalse(error.localizedDescription.contains("could not be completed"), error.localizedDescription)
        }
        // Through the public API, as a caller catching `any Error` sees it.
        let recommender = try Recommender(modelPath: RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path)
        do {
            _ = try recommender.student("no-such-student")
            XCTFail("an unknown student must be refused")
        } catch {
            XCTAssertEqual((error as Error).localizedDescription,
                           "student 'no-such-student' is not in the model (fold their answers in instead)")
        }
    }

    func testEveryKindHasItsOwnStableCode() {
        XCTAssertEqual(everyKind.map(\.code), ["model-file", "unknown-student", "unknown-skill", "unknown-item",
                                               "invalid-answer", "invalid-option", "solver-failed"])
    }
}
