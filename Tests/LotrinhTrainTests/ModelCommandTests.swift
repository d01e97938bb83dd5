import Foundation
import LotrinhTestSupport
import XCTest

/// fit → inspect → export, run as the analyst would.
final class ModelCommandTests: XCTestCase {
    private let directory = TemporaryDirectory("model-cli")

    private func train(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run("lotrinh-train", arguments)
    }

    func testFitInspectAndExportTheBundledDemo() throws {
        let model = directory.path("vn.lotrinh")
        let fit = try train(["fit", "--data", "datasets/vn-grade6", "--rank", "4", "--max-sweeps", "15", "--out", model])
        XCTAssertEqual(fit.status, 0, fit.standardError)
        XCTAssertTrue(fit.standardError.contains("sweep   1"), "one plain line per sweep in a pipe: \(fit.standardError)")
        XCTAssertTrue(fit.standardError.contains("wrote \(model)"))

        let inspect = try train(["inspect", model])
        XCTAssertEqual(inspect.status, 0, inspect.standardError)
        for text in ["rank         4", "skills       45, 66 prerequisite edges", "students     400", "Hardest skills", "Phân"] {
            XCTAssertTrue(inspect.standardOutput.contains(text), "\(text) in \(inspect.standardOutput)")
        }
        let inspectJSON = try train(["inspect", model, "--json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(inspectJSON.standardOutput.utf8)) as? [String: Any]
        XCTAssertEqual(decoded?["students"] as? Int, 400)

        let service = directory.path("service.lotrinh")
        let export = try train(["export", model, "--out", service])
        XCTAssertEqual(export.status, 0, export.standardError)
        // (The byte scan for student ids is in MasteryModelTests, whose fixture ids cannot occur by chance.)
        let inspected = try train(["inspect", service])
        XCTAssertTrue(inspected.standardOutput.contains("none (exported for fold-in)"), inspected.standardOutput)

        let csv = try train(["export", model, "--csv", directory.path("csv"), "--include-students"])
        XCTAssertEqual(csv.status, 0, csv.standardError)
        let skills = try String(contentsOfFile: directory.path("csv/skills.csv"), encoding: .utf8)
        XCTAssertTrue(skills.hasPrefix("skill_id,name,bias,gain_correct,gain_wrong,relatedWins,relatedFails,f1,f2,f3,f4\n"), skills)
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.path("csv/students.csv")))
    }

    func testInspectRejectsDamagedAndForeignFiles() throws {
        let model = directory.path("m.lotrinh")
        XCTAssertEqual(try train(["fit", "--data", "datasets/vn-grade6", "--rank", "2", "--max-sweeps", "3", "--quiet", "--out", model]).status, 0)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: model))
        bytes[bytes.count / 2] ^= 0x40
        let damaged = directory.write("damaged.lotrinh", bytes: [UInt8](bytes))
        let result = try train(["inspect", damaged])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardError.contains("damaged.lotrinh"), result.standardError)
        let truncated = directory.write("short.lotrinh", bytes: [UInt8](bytes.prefix(100)))
        XCTAssertEqual(try train(["inspect", truncated]).status, 1)
        let foreign = try train(["inspect", "datasets/vn-grade6/skills.csv"])
        XCTAssertEqual(foreign.status, 1)
        XCTAssertTrue(foreign.standardError.contains("skills.csv"), foreign.standardError)
    }

    func testFitRejectsBadOptionsBeforeReadingData() throws {
        let result = try train(["fit", "--data", "datasets/vn-grade6", "--rank", "-1"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.standardError.contains("--rank"), result.standardError)
        let fraction = try train(["fit", "--data", "datasets/vn-grade6", "--validation-fraction", "1.5"])
        XCTAssertEqual(fraction.status, 64)
    }

    func testFitJSONReportsHistoryAndValidation() throws {
        let result = try train(["fit", "--data", "datasets/vn-grade6", "--rank", "2", "--max-sweeps", "8", "--validation-fraction", "0.2", "--json"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let history = object?["history"] as? [[String: Any]]
        XCTAssertEqual(history?.count ?? 0 > 0, true)
        XCTAssertNotNil(history?.first?["validationLoss"])
        XCTAssertEqual(result.standardError, "", "--json keeps standard error quiet")
    }
}
