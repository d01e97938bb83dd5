import Foundation
import LotrinhTestSupport
import XCTest

/// `evaluate` run as the analyst would: the BKT rows, the per-answer predictions file, and the
/// split labels of a dataset's own split column.
final class EvaluateCommandTests: XCTestCase {
    private let directory = TemporaryDirectory("evaluate-cli")
    private let quickModel = ["--rank", "2", "--max-sweeps", "5"]

    private func train(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run("lotrinh-train", arguments)
    }

    /// The first `lines` lines of the bundled demo's answers, with a split column when asked (every
    /// fifth student 'test', the others 'train').
    private func responses(lines count: Int, splitColumn: Bool = false) throws -> String {
        let lines = try String(contentsOf: RepositoryPaths.bundledDatasets.appendingPathComponent("vn-grade6/responses.csv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true).prefix(count)
        guard splitColumn else { return directory.write("responses.csv", lines.joined(separator: "\n") + "\n") }
        let labelled = [lines.first! + ",split"] + lines.dropFirst().map { line in
            line + (Int(line.prefix { $0 != "," })! % 5 == 0 ? ",test" : ",train")
        }
        return directory.write("labelled.csv", labelled.joined(separator: "\n") + "\n")
    }

    private func json(_ result: CommandResult) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any], result.standardOutput)
    }

    /// The file's rows are the answers the report scored: per fold, the AUC recomputed from them by
    /// the naive pair count Σ_{i right, j wrong} ([pᵢ > pⱼ] + ½[pᵢ = pⱼ]) / (n₊ n₋) is the report's.
    func testPredictionsFileRecomputesTheReportedAUC() throws {
        let file = directory.path("predictions.csv")
        let result = try train(["evaluate", "--responses", try responses(lines: 4000), "--folds", "2", "--json",
                                "--predictions", file] + quickModel)
        XCTAssertEqual(result.status, 0, result.standardError)
        let report = try json(result)
        let folds = try XCTUnwrap(report["folds"] as? [[String: Any]])
        XCTAssertEqual(report["predictors"] as? [String], ["global rate", "per-skill rate", "bkt", "bkt with forgetting", "rasch", "model"])

        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "student_id,skill_id,item_id,outcome,probability,fold")
        var byFold: [Int: [(outcome: Int, probability: Double)]] = [:]
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            XCTAssertEqual(fields.count, 6, String(line))
            byFold[Int(fields[5])!, default: []].append((Int(fields[3])!, Double(fields[4])!))
        }
        XCTAssertEqual(byFold.keys.sorted(), [1, 2])
        for fold in folds {
            let number = try XCTUnwrap(fold["fold"] as? Int)
            let rows = try XCTUnwrap(byFold[number])
            XCTAssertEqual(rows.count, fold["testAnswers"] as? Int, "one row per held-out answer")
            let reported = try XCTUnwrap(((fold["metrics"] as? [String: Any])?["model"] as? [String: Any])?["auc"] as? Double)
            var concordant = 0.0
            var pairs = 0.0
            for right in rows where right.outcome == 1 {
                for wrong in rows where wrong.outcome == 0 {
                    concordant += right.probability > wrong.probability ? 1 : (right.probability == wrong.probability ? 0.5 : 0)
                    pairs += 1
                }
            }
            XCTAssertEqual(concordant / pairs, reported, accuracy: 1e-12, "fold \(number)")
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600, "one row per student answer: owner only")

        let skills = try XCTUnwrap(report["skills"] as? [[String: Any]])
        XCTAssertFalse(skills.isEmpty)
        for skill in skills {
            XCTAssertNotNil(skill["skill"] as? String)
            XCTAssertGreaterThan(skill["answers"] as? Int ?? 0, 0)
        }
        XCTAssertTrue(skills.contains { ($0["auc"] as? [String: Double])?["bkt"] != nil }, "per-skill AUC per predictor")
    }

    func testTheTextReportHasTheBKTRows() throws {
        let result = try train(["evaluate", "--responses", try responses(lines: 3000), "--folds", "2", "--quiet"] + quickModel)
        XCTAssertEqual(result.status, 0, result.standardError)
        let rows = result.standardOutput.split(separator: "\n").map { String($0) }
        for name in ["bkt ", "bkt with forgetting ", "rasch ", "model "] {
            XCTAssertTrue(rows.contains { $0.hasPrefix(name) }, "\(name) in \(result.standardOutput)")
        }
    }

    func testATestLabelThatMatchesNoRowIsAnErrorNamingTheLabels() throws {
        let labelled = try responses(lines: 3000, splitColumn: true)
        for command in [["evaluate"], ["tune", "--ranks", "0", "--lambda-factors", "16", "--folds", "2"]] {
            let result = try train(command + ["--responses", labelled, "--column", "split=split", "--test-label", "9", "--max-sweeps", "3"])
            XCTAssertNotEqual(result.status, 0, "\(command[0]): \(result.standardOutput)")
            XCTAssertTrue(result.standardError.contains("--test-label 9"), result.standardError)
            let held = result.standardError.components(separatedBy: "the split column holds ").last ?? ""
            XCTAssertTrue(held.contains("test") && held.contains("train"), "the labels present: \(result.standardError)")
        }
        let noColumn = try train(["evaluate", "--responses", try responses(lines: 3000), "--test-label", "test"])
        XCTAssertNotEqual(noColumn.status, 0)
        XCTAssertTrue(noColumn.standardError.contains("has no split column"), noColumn.standardError)
    }

    func testTheTestedLabelIsNamedInTheReport() throws {
        let arguments = ["evaluate", "--responses", try responses(lines: 3000, splitColumn: true), "--column", "split=split",
                         "--test-label", "test", "--quiet"] + quickModel
        let text = try train(arguments)
        XCTAssertEqual(text.status, 0, text.standardError)
        XCTAssertTrue(text.standardOutput.contains("1 fold (rows labelled 'test')"), text.standardOutput)
        let report = try json(try train(arguments + ["--json"]))
        let folds = try XCTUnwrap(report["folds"] as? [[String: Any]])
        XCTAssertEqual(folds.map { $0["label"] as? String }, ["test"])
    }
}
