import Foundation
import LotrinhTestSupport
import XCTest

/// `lotrinh-path quiz` on the bundled grade-6 data: the quiz in every format, and an answer sheet
/// that, filled in, reads back as answers.
final class QuizCommandTests: XCTestCase {
    private let model = "models/vn-grade6.lotrinh"
    private let answers = "datasets/vn-grade6/responses.csv"
    private var directory: TemporaryDirectory!

    override func setUp() { directory = TemporaryDirectory("quiz") }
    override func tearDown() { directory = nil }

    private func quiz(_ options: [String]) throws -> CommandResult {
        try CommandRunner.run("lotrinh-path", ["quiz", "--model", model, "--answers", answers, "--class", "3", "--bank", answers] + options)
    }

    func testTheQuizCoversWhatTheClassIsAboutToLearn() throws {
        let result = try quiz(["--questions", "8", "--json"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let items = try XCTUnwrap(report["items"] as? [[String: Any]])
        XCTAssertEqual(items.count, 8)
        XCTAssertEqual(Set(items.compactMap { $0["itemId"] as? String }).count, 8)
        let skills = try XCTUnwrap(report["skills"] as? [[String: Any]])
        let students = skills.compactMap { $0["students"] as? Int }
        XCTAssertEqual(students, students.sorted(by: >), "most demanded skills first")
        XCTAssertEqual(skills.compactMap { $0["items"] as? Int }.reduce(0, +), 8)
        let markdown = try quiz(["--markdown"])
        XCTAssertTrue(markdown.standardOutput.hasPrefix("# Đề kiểm tra cho lớp"), markdown.standardOutput)
        XCTAssertTrue(markdown.standardOutput.contains("| # | câu hỏi | kỹ năng |"), markdown.standardOutput)
        let english = try quiz(["--lang", "en"])
        XCTAssertTrue(english.standardOutput.hasPrefix("20 items for 40 students"), english.standardOutput)
        let page = directory.path("quiz.html")
        XCTAssertEqual(try quiz(["--html", page]).status, 0)
        XCTAssertTrue(try String(contentsOfFile: page, encoding: .utf8).contains("<table>"))
    }

    func testTheFilledAnswerSheetReadsBackAsAnswers() throws {
        let sheet = directory.path("sheet.csv")
        let result = try quiz(["--questions", "5", "--answer-sheet", sheet])
        XCTAssertEqual(result.status, 0, result.standardError)
        let lines = try String(contentsOfFile: sheet, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "student_id,skill_id,item_id,correct,order")
        // Empty answers are refused with their place until they are filled in.
        let empty = try CommandRunner.run("lotrinh-train", ["validate", "--responses", sheet])
        XCTAssertNotEqual(empty.status, 0)
        XCTAssertTrue(empty.standardError.contains("sheet.csv:2"), empty.standardError)
        let filled = directory.write("filled.csv", ([lines[0]] + lines.dropFirst().map {
            let fields = $0.split(separator: ",", omittingEmptySubsequences: false)
            return "\(fields[0]),\(fields[1]),\(fields[2]),1,\(fields[4])"
        }).joined(separator: "\n") + "\n")
        let validated = try CommandRunner.run("lotrinh-train", ["validate", "--responses", filled])
        XCTAssertEqual(validated.status, 0, validated.standardError)
        let student = String(lines[1].split(separator: ",")[0])
        let path = try CommandRunner.run("lotrinh-path", ["student", "--model", model, "--answers", filled, "--student", student, "--json"])
        XCTAssertEqual(path.status, 0, path.standardError)
    }
}
