import Foundation
import LotrinhTestSupport
import XCTest

final class StudentCommandTests: XCTestCase {
    private func path(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run("lotrinh-path", arguments)
    }

    func testMasteryTableFromAStudentsAnswers() throws {
        let result = try path(["student", "--model", "models/vn-grade6.lotrinh", "--answers", "datasets/vn-grade6/responses.csv", "--student", "17"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.hasPrefix("Student 17: 156 answers folded in"), result.standardOutput)
        let lines = result.standardOutput.split(separator: "\n")
        let rows = lines.filter { $0.hasPrefix("T6.") }
        XCTAssertEqual(rows.count, 45)
        // Vietnamese names with diacritics pad to the same display width: every bar starts in one column.
        let barColumns = Set(rows.map { row in row.distance(from: row.startIndex, to: row.firstIndex { "█░".contains($0) }!) })
        XCTAssertEqual(barColumns.count, 1, "bars misaligned: \(barColumns)")
    }

    func testJSONAndTheModelsOwnEstimate() throws {
        let result = try path(["student", "--model", "models/vn-grade6.lotrinh", "--student", "17", "--json"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        XCTAssertEqual(object?["student"] as? String, "17")
        XCTAssertNil(object?["answers"], "no answers were folded in")
        XCTAssertEqual((object?["skills"] as? [Any])?.count, 45)
    }

    func testErrorsAndHelp() throws {
        XCTAssertEqual(try path(["student", "--model", "models/vn-grade6.lotrinh"]).status, 64)
        let unknown = try path(["student", "--model", "models/vn-grade6.lotrinh", "--student", "nobody"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.standardError.contains("'nobody'"), unknown.standardError)
        let help = try path(["student", "--help"])
        XCTAssertTrue(help.standardOutput.contains("Examples:"))
    }
}
