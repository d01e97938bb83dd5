import Foundation
import LotrinhTestSupport
import XCTest

/// The school's own files, read only when a report is written: the roster's names and the
/// header, the class grid, item titles in the evidence, and the errors of a broken file.
final class RosterTests: XCTestCase {
    private let model = ["--model", "models/vn-grade6.lotrinh"]
    private let answers = ["--answers", "datasets/vn-grade6/responses.csv"]
    private let roster = ["--roster", "datasets/vn-grade6/students.csv"]

    private func html(_ arguments: [String]) throws -> String {
        let directory = TemporaryDirectory("lotrinh-roster")
        let file = directory.url.appendingPathComponent("report.html").path
        let result = try CommandRunner.run("lotrinh-path", arguments + ["--html", file])
        XCTAssertEqual(result.status, 0, result.standardError)
        return try String(contentsOfFile: file, encoding: .utf8)
    }

    /// The roster's rows, read here with a plain split (the example file has no quoted fields).
    private func rosterRows() throws -> [[String]] {
        let text = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("datasets/vn-grade6/students.csv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
    }

    func testAStudentReportShowsTheNameAndAHeader() throws {
        let page = try html(["student"] + model + answers + roster + ["--student", "81", "--school-name", "THCS Lê Quý Đôn"])
        let name = try XCTUnwrap(try rosterRows().first { $0[0] == "81" })[1]
        XCTAssertTrue(page.contains("<h1>Lộ trình học tập · Học sinh \(name) (81)</h1>"), name)
        let header = try XCTUnwrap(page.components(separatedBy: "<p class=\"meta header\">").dropFirst().first?.components(separatedBy: "</p>").first)
        XCTAssertTrue(header.hasPrefix("Ngày lập báo cáo: \(Self.today())"), header)
        XCTAssertTrue(header.contains("Trường: THCS Lê Quý Đôn"), header)
        XCTAssertTrue(header.contains("Lớp: 6A3"), header)
        let createdAt = try XCTUnwrap(try modelCreatedAt())
        XCTAssertTrue(header.hasSuffix("mô hình huấn luyện ngày \(createdAt.prefix(10))"), header)
    }

    func testTheClassGridHasEveryStudentByNameAndEverySkill() throws {
        let page = try html(["class"] + model + answers + roster + ["--class", "3"])
        let grid = try XCTUnwrap(page.components(separatedBy: "<table class=\"grid\">").dropFirst().first?.components(separatedBy: "</table>").first)
        let rows = grid.components(separatedBy: "<tr><th class=\"student\">").dropFirst()
        XCTAssertEqual(rows.count, 40)
        let expected = try rosterRows().map { "\($0[1]) <span class=\"meta\">\($0[0])</span>" }
        XCTAssertEqual(rows.map { $0.components(separatedBy: "</th>")[0] }.sorted(), expected.sorted())
        for row in rows {
            XCTAssertEqual(row.components(separatedBy: "<td class=\"level-").count - 1, 45)
        }
        // Each cell also shows its level as a glyph (not by colour alone): the rule written out on the JSON's estimates.
        let masteries = try JSONSerialization.jsonObject(with: Data(try CommandRunner.run(
            "lotrinh-path", ["class"] + model + answers + ["--class", "3", "--json"]).standardOutput.utf8)) as! [String: Any]
        for (row, estimates) in zip(rows, masteries["masteryGrid"] as! [[Double]]) {
            let glyphs = row.components(separatedBy: "<td class=\"level-").dropFirst().map { String($0.components(separatedBy: "</td>")[0].last!) }
            XCTAssertEqual(glyphs, estimates.map { ($0 * 100).rounded() / 100 }.map { $0 >= 0.8 ? "●" : $0 >= 0.65 ? "◕" : $0 >= 0.4 ? "◑" : "◔" })
        }
        XCTAssertEqual(grid.components(separatedBy: "<th class=\"skill\"").count - 1, 45)
        XCTAssertTrue(page.contains("Lớp: 6A3"))
    }

    /// The text reports: the name in the student's title; in the class's, names in the lists and a
    /// grid line per student whose glyphs are the levels of the JSON's masteries (rule written out).
    /// With --hide-ids nobody is named, in any format.
    func testTextReportsShowNamesAndTheGrid() throws {
        let student = try CommandRunner.run("lotrinh-path", ["student"] + model + answers + roster + ["--student", "81"])
        XCTAssertEqual(student.status, 0, student.standardError)
        XCTAssertTrue(student.standardOutput.hasPrefix("Học sinh Nguyễn Văn An (81): "), student.standardOutput)

        let arguments = ["class"] + model + answers + roster + ["--class", "3"]
        let text = try CommandRunner.run("lotrinh-path", arguments)
        XCTAssertEqual(text.status, 0, text.standardError)
        let report = try JSONSerialization.jsonObject(with: Data(try CommandRunner.run("lotrinh-path", arguments + ["--json"]).standardOutput.utf8)) as! [String: Any]
        let students = report["students"] as! [[String: Any]]
        let masteries = report["masteryGrid"] as! [[Double]]
        let names = Dictionary(uniqueKeysWithValues: try rosterRows().map { ($0[0], $0[1]) })
        let gridLines = text.standardOutput.components(separatedBy: "Từng học sinh trên từng kỹ năng\n").last!.split(separator: "\n").map(String.init)
        XCTAssertTrue(gridLines[0].hasPrefix("Cột: 45 kỹ năng theo thứ tự của bảng kỹ năng (T6.01 … T6.45)"), gridLines[0])
        XCTAssertTrue(gridLines[1].hasSuffix("1     6     11    16    21    26    31    36    41"), gridLines[1])
        for (index, student) in students.enumerated() {
            let id = student["id"] as! String
            XCTAssertEqual(student["name"] as? String, names[id])
            let line = try XCTUnwrap(gridLines.first { $0.hasPrefix("\(names[id]!) (\(id)) ") }, id)
            let glyphs = masteries[index].map { ($0 * 100).rounded() / 100 }.map { $0 >= 0.8 ? "●" : $0 >= 0.65 ? "◕" : $0 >= 0.4 ? "◑" : "◔" }.joined()
            XCTAssertTrue(line.hasSuffix("  " + stride(from: 0, to: 45, by: 5).map { start in
                String(glyphs.dropFirst(start).prefix(5)) }.joined(separator: " ")), line)
        }
        XCTAssertEqual(report["levelGrid"] as? [[String]], masteries.map { row in
            row.map { ($0 * 100).rounded() / 100 }.map { $0 >= 0.8 ? "mastered" : $0 >= 0.65 ? "almost" : $0 >= 0.4 ? "learning" : "notStarted" }
        })

        let hidden = arguments + ["--hide-ids"]
        for output in [try CommandRunner.run("lotrinh-path", hidden).standardOutput, try CommandRunner.run("lotrinh-path", hidden + ["--markdown"]).standardOutput,
                       try CommandRunner.run("lotrinh-path", hidden + ["--json"]).standardOutput] {
            XCTAssertFalse(output.contains("Nguyễn Văn An"), output)
        }
    }

    func testARosterErrorNamesFileLineColumnAndValue() throws {
        let directory = TemporaryDirectory("lotrinh-roster")
        let file = directory.url.appendingPathComponent("students.csv")
        try "student_id,name\n81,An\n82,  \n".write(to: file, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run("lotrinh-path", ["student"] + model + ["--student", "81", "--roster", file.path,
                                                            "--html", directory.url.appendingPathComponent("r.html").path])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.standardError.contains("\(file.path):3:2: empty value in column 'name'"), result.standardError)

        try "student_id,name\n81,An\n81,Bình\n".write(to: file, atomically: true, encoding: .utf8)
        let twice = try CommandRunner.run("lotrinh-path", ["student"] + model + ["--student", "81", "--roster", file.path,
                                                           "--html", directory.url.appendingPathComponent("r.html").path])
        XCTAssertTrue(twice.standardError.contains("\(file.path):3:1: student_id \"81\" is listed twice (first on line 2)"), twice.standardError)

        try "id,name\n81,An\n".write(to: file, atomically: true, encoding: .utf8)
        let noColumn = try CommandRunner.run("lotrinh-path", ["student"] + model + ["--student", "81", "--roster", file.path,
                                                              "--html", directory.url.appendingPathComponent("r.html").path])
        XCTAssertTrue(noColumn.standardError.contains("\(file.path):1: missing column: \"id,name\" — expected a column named 'student_id'"),
                      noColumn.standardError)
    }

    /// Evidence names the question: by its title with --items, else by its place among the
    /// student's answers on its skill (counted here from the answers file).
    func testEvidenceNamesQuestionsATeacherKnows() throws {
        let arguments = ["explain"] + model + answers + ["--student", "81", "--skill", "T6.05", "--evidence", "3"]
        let json = try JSONSerialization.jsonObject(with: Data(try CommandRunner.run("lotrinh-path", arguments + ["--json"]).standardOutput.utf8)) as! [String: Any]
        let evidence = json["evidence"] as! [[String: Any]]
        XCTAssertEqual(evidence.count, 3)

        let responses = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("datasets/vn-grade6/responses.csv"), encoding: .utf8)
        // The student's rows in file order; a two-skill question is two rows with the same order.
        var answersOfStudent: [(order: String, skill: String, item: String)] = []
        for line in responses.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",").map(String.init)
            guard cells[0] == "81" else { continue }
            if let last = answersOfStudent.last, last.order == cells[4] { continue }
            answersOfStudent.append((cells[4], cells[1], cells[2]))
        }
        let plain = try html(arguments)
        let titled = try html(arguments + ["--items", "datasets/vn-grade6/items.csv"])
        let titles = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("datasets/vn-grade6/items.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",", maxSplits: 1).map(String.init) }
        // A title with a comma is quoted in the file.
        let titleOf = Dictionary(uniqueKeysWithValues: titles.map { ($0[0], $0[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))) })
        // Skill names as the model has them (skills.csv quotes names with commas).
        let mastery = try JSONSerialization.jsonObject(with: Data(try CommandRunner.run(
            "lotrinh-path", ["student"] + model + ["--student", "81", "--mastery", "--json"]).standardOutput.utf8)) as! [String: Any]
        let names = Dictionary(uniqueKeysWithValues: (mastery["skills"] as! [[String: Any]]).map { ($0["id"] as! String, $0["name"] as! String) })
        for entry in evidence {
            let position = entry["answer"] as! Int
            let answer = answersOfStudent[position - 1]
            XCTAssertEqual(entry["item"] as? String, answer.item)
            let onSkill = answersOfStudent[..<position].filter { $0.skill == answer.skill }.count
            XCTAssertTrue(plain.contains("<td>câu thứ \(onSkill) trên kỹ năng \(names[answer.skill]!)</td>"), "answer \(position)")
            XCTAssertTrue(titled.contains("<td>\(titleOf[answer.item]!)</td>"), "answer \(position)")
        }
        XCTAssertFalse(plain.contains("<th>Câu hỏi</th><th>Kỹ năng</th>"), "no bare answer and item numbers")
    }

    private static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    /// The model's creation time, as lotrinh-train's `inspect` prints it ("  created      2026-…").
    private func modelCreatedAt() throws -> String? {
        let result = try CommandRunner.run("lotrinh-train", ["inspect", "models/vn-grade6.lotrinh"])
        let line = result.standardOutput.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("created ") }
        return line.map { $0.trimmingCharacters(in: .whitespaces).dropFirst("created".count).trimmingCharacters(in: .whitespaces) }
    }
}
