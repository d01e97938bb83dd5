import Foundation
import LotrinhTestSupport
import XCTest

/// `--practice-features`: the default adds the related pair exactly when the data has a
/// prerequisite graph, a list is taken as given, and a related feature without a graph is a
/// clear error, as the analyst runs them.
final class PracticeFeatureOptionTests: XCTestCase {
    private let directory = TemporaryDirectory("practice-feature-option")

    private func train(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run("lotrinh-train", arguments)
    }

    func testTheDefaultAddsTheRelatedPairOnlyWithAGraph() throws {
        let withGraph = directory.path("graph.lotrinh"), withoutGraph = directory.path("plain.lotrinh")
        let fitted = try train(["fit", "--data", "datasets/vn-grade6", "--rank", "2", "--max-sweeps", "3", "--out", withGraph])
        XCTAssertEqual(fitted.status, 0, fitted.standardError)
        XCTAssertTrue(fitted.standardError.contains("practice on (+ related wins, related fails)"), fitted.standardError)
        XCTAssertTrue(try train(["inspect", withGraph]).standardOutput.contains("practice on (+ related wins, related fails)"))

        // The same answers without prerequisites.csv: nothing is added.
        let plain = try train(["fit", "--responses", "datasets/vn-grade6/responses.csv", "--rank", "2", "--max-sweeps", "3", "--out", withoutGraph])
        XCTAssertEqual(plain.status, 0, plain.standardError)
        XCTAssertTrue(plain.standardError.contains("practice on, "), plain.standardError)
        XCTAssertFalse(try train(["inspect", withoutGraph]).standardOutput.contains("related"))

        // A list is used as given, even with a graph.
        let listed = try train(["fit", "--data", "datasets/vn-grade6", "--rank", "2", "--max-sweeps", "3", "--quiet",
                                "--practice-features", "recentWins", "--out", directory.path("listed.lotrinh")])
        XCTAssertEqual(listed.status, 0, listed.standardError)
        let inspected = try train(["inspect", directory.path("listed.lotrinh")]).standardOutput
        XCTAssertTrue(inspected.contains("practice on (+ recent wins)"), inspected)
    }

    func testARelatedFeatureWithoutAGraphIsAClearError() throws {
        let result = try train(["fit", "--responses", "datasets/vn-grade6/responses.csv", "--rank", "2", "--quiet",
                                "--practice-features", "relatedWins", "--out", directory.path("m.lotrinh")])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.standardError.contains("relatedWins") && result.standardError.contains("prerequisites.csv"), result.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.path("m.lotrinh")))
    }
}
