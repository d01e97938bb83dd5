import Foundation
import LotrinhTestSupport
import XCTest

/// `lotrinh-path diagnose` on the bundled grade-6 data: the next questions in every format, the
/// student's answered items never asked again, and a bad bank refused with file, line and column.
final class DiagnoseCommandTests: XCTestCase {
    private let model = "models/vn-grade6.lotrinh"
    private let bank = "datasets/vn-grade6/responses.csv"
    private var directory: TemporaryDirectory!

    override func setUp() { directory = TemporaryDirectory("diagnose") }
    override func tearDown() { directory = nil }

    private func diagnose(_ options: [String]) throws -> CommandResult {
        try CommandRunner.run("lotrinh-path", ["diagnose", "--model", model, "--bank", bank] + options)
    }

    func testANewStudentGetsQuestionsOnTheGoalsClosure() throws {
        let result = try diagnose(["--goals", "T6.26", "--questions", "4", "--json"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual(report["status"] as? String, "asking")
        let questions = try XCTUnwrap(report["questions"] as? [[String: Any]])
        XCTAssertEqual(questions.count, 4)
        let skills = try XCTUnwrap(report["skills"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        XCTAssertTrue(skills.contains("T6.26") && skills.contains("T6.25"), "the goal and its prerequisites: \(skills)")
        for question in questions {
            let asked = try XCTUnwrap(question["skills"] as? [String])
            XCTAssertTrue(asked.allSatisfy(skills.contains), "every question is on a skill being settled")
            XCTAssertGreaterThan(question["expectedInformationBits"] as? Double ?? 0, 0)
        }
        XCTAssertEqual(Set(questions.compactMap { $0["itemId"] as? String }).count, 4, "no item twice")
    }

    func testItemsTheStudentAnsweredAreNotAskedAgainAndEveryFormatRenders() throws {
        let answers = directory.write("s17.csv", try studentRows("17"))
        let answered = Set(try studentRows("17").split(separator: "\n").dropFirst().map { $0.split(separator: ",")[2] }.map(String.init))
        let json = try diagnose(["--answers", answers, "--questions", "5", "--json"])
        XCTAssertEqual(json.status, 0, json.standardError)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        XCTAssertGreaterThan(report["answeredSoFar"] as? Int ?? 0, 20)
        for question in report["questions"] as? [[String: Any]] ?? [] {
            XCTAssertFalse(answered.contains(question["itemId"] as? String ?? ""))
        }
        let text = try diagnose(["--answers", answers, "--lang", "vi"])
        XCTAssertEqual(text.status, 0, text.standardError)
        XCTAssertTrue(text.standardOutput.contains("Câu hỏi tiếp theo"), text.standardOutput)
        let markdown = try diagnose(["--answers", answers, "--markdown", "--lang", "en"])
        XCTAssertTrue(markdown.standardOutput.contains("# Diagnostic: the next questions"), markdown.standardOutput)
        XCTAssertTrue(markdown.standardOutput.contains("| # | item | skill |"), markdown.standardOutput)
        let page = directory.path("d.html")
        let html = try diagnose(["--answers", answers, "--html", page])
        XCTAssertEqual(html.status, 0, html.standardError)
        XCTAssertTrue(try String(contentsOfFile: page, encoding: .utf8).contains("<table>"))
    }

    func testABankWithAnUnknownSkillNamesFileLineAndColumn() throws {
        let bad = directory.write("bank.csv", "item_id,skill_id\n1,T6.01\n2,T9.99\n")
        let result = try CommandRunner.run("lotrinh-path", ["diagnose", "--model", model, "--bank", bad])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardError.contains("bank.csv:3:2: unknown skill in column 'skill_id': \"T9.99\""), result.standardError)
        let noColumns = directory.write("nocols.csv", "id,kn\n1,T6.01\n")
        let missing = try CommandRunner.run("lotrinh-path", ["diagnose", "--model", model, "--bank", noColumns])
        XCTAssertTrue(missing.standardError.contains("nocols.csv:1: missing column — expected a column 'item_id'"), missing.standardError)
    }

    /// Student `id`'s rows of the bundled answers, with the header.
    private func studentRows(_ id: String) throws -> String {
        let bundled = try String(contentsOf: RepositoryPaths.root.appendingPathComponent(bank), encoding: .utf8)
        let lines = bundled.split(separator: "\n")
        return ([lines[0]] + lines.dropFirst().filter { $0.hasPrefix("\(id),") }).joined(separator: "\n") + "\n"
    }
}
