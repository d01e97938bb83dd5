import Foundation
import LotrinhTestSupport
import XCTest

/// `tune` run as the analyst would, on the bundled demo with a grid small enough for a debug build.
final class TuneCommandTests: XCTestCase {
    private let directory = TemporaryDirectory("tune-cli")
    private let tinyGrid = ["tune", "--data", "datasets/vn-grade6", "--ranks", "0,2", "--lambda-factors", "16", "--folds", "2",
                            "--max-sweeps", "5"]

    private func train(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run("lotrinh-train", arguments)
    }

    func testTunesAndWritesTheBestModelWithItsScores() throws {
        let model = directory.path("tuned.lotrinh")
        let result = try train(tinyGrid + ["--out", model])
        XCTAssertEqual(result.status, 0, result.standardError)
        for text in ["Tuning: online protocol, 2 folds", "2 candidates", "rank  λ factors", "Best: rank "] {
            XCTAssertTrue(result.standardOutput.contains(text), "\(text) in \(result.standardOutput)")
        }
        XCTAssertTrue(result.standardError.contains("tune: [2/2] rank "), "a progress line per candidate: \(result.standardError)")
        XCTAssertTrue(result.standardError.contains("wrote \(model)"), result.standardError)

        let inspect = try train(["inspect", model, "--json"])
        XCTAssertEqual(inspect.status, 0, inspect.standardError)
        let text = inspect.standardOutput
        for key in ["tune.cvAUC", "tune.cvAUCStd", "tune.candidates", "tune.rank", "tune.lambdaFactors"] {
            XCTAssertTrue(text.contains("\"\(key)\""), "\(key) in \(text)")
        }
    }

    func testJSONHasTheRankedTableAndTheBest() throws {
        let result = try train(tinyGrid + ["--protocol", "random", "--json"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardError, "", "--json keeps standard error quiet")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let trials = object?["trials"] as? [[String: Any]]
        XCTAssertEqual(trials?.count, 2)
        let best = object?["best"] as? [String: Any]
        XCTAssertEqual((best?["candidate"] as? [String: Any])?["rank"] as? Int,
                       (trials?.first?["candidate"] as? [String: Any])?["rank"] as? Int, "the best leads the table")
        XCTAssertEqual(object?["evaluationProtocol"] as? String, "random")
    }

    func testRowsOfTheFinalTestSplitAreHeldBack() throws {
        // Every fifth student's rows are the final test set, labelled in a split column.
        let lines = try String(contentsOf: RepositoryPaths.bundledDatasets.appendingPathComponent("vn-grade6/responses.csv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true)
        let labelled = [lines[0] + ",split"] + lines.dropFirst().map { line in
            line + (Int(line.prefix { $0 != "," })! % 5 == 0 ? ",test" : ",train")
        }
        let responses = directory.write("responses.csv", labelled.joined(separator: "\n") + "\n")
        let result = try train(["tune", "--responses", responses, "--column", "split=split", "--ranks", "0", "--lambda-factors", "16",
                                "--folds", "2", "--max-sweeps", "3"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let testRows = labelled.filter { $0.hasSuffix(",test") }.count
        XCTAssertGreaterThan(testRows, 0)
        XCTAssertTrue(result.standardError.contains("of \(labelled.count - 1) rows (rows labelled 'test' held back)"), result.standardError)
        XCTAssertTrue(result.standardOutput.contains("2 folds on \(labelled.count - 1 - testRows) rows"), result.standardOutput)
    }

    func testBadGridsAreUsageErrors() throws {
        let letters = try train(["tune", "--data", "datasets/vn-grade6", "--ranks", "x"])
        XCTAssertEqual(letters.status, 64)
        XCTAssertTrue(letters.standardError.contains("--ranks: 'x' is not an integer"), letters.standardError)
        let empty = try train(["tune", "--data", "datasets/vn-grade6", "--lambda-factors", ""])
        XCTAssertEqual(empty.status, 64)
        let negative = try train(["tune", "--data", "datasets/vn-grade6", "--half-lives", "none,-5"])
        XCTAssertEqual(negative.status, 64)
        XCTAssertTrue(negative.standardError.contains("half-lives"), negative.standardError)
    }
}
