import Foundation
import LotrinhTestSupport
import XCTest

/// The Markdown reports as a reader sees them: rendered to HTML by a real CommonMark renderer,
/// `cmark-gfm` with GitHub's table, strikethrough and autolink extensions (Debian's `cmark-gfm`,
/// installed by scripts/setup), never by a reimplementation of its rules here.
final class MarkdownRenderingTests: XCTestCase {
    private let model = ["--model", "models/vn-grade6.lotrinh"]
    private let answers = ["--answers", "datasets/vn-grade6/responses.csv"]

    func testEveryReportRendersWithoutLiteralMarkup() throws {
        let student = try render(["student"] + model + answers + ["--student", "17", "--mastery", "--resources", "datasets/vn-grade6/resources.csv"])
        XCTAssertTrue(student.contains("<strong>Vì sao có bước 1:</strong> Luyện tập"), student)
        let english = try render(["student"] + model + ["--student", "17", "--goals", "T6.26", "--lang", "en"])
        XCTAssertTrue(english.contains("<strong>Why step 1:</strong> Practise"), english)
        let explain = try render(["explain"] + model + answers + ["--student", "17", "--skill", "T6.15"])
        let classArguments = ["class"] + model + answers + ["--class", "3"]
        let classReport = try render(classArguments)
        let stuck = try JSONSerialization.jsonObject(with: Data(try run(classArguments + ["--json"]).utf8)) as! [String: Any]
        let stuckCount = (stuck["stuck"] as! [Any]).count
        XCTAssertGreaterThan(stuckCount, 0, "class 3 has stuck students, so their bold labels are exercised")
        XCTAssertEqual(classReport.components(separatedBy: "<li><strong>").count - 1, stuckCount, "one bold label per stuck student")
        let hidden = try render(classArguments + ["--hide-ids", "--group-steps", "2"])

        for html in [student, english, explain, classReport, hidden] {
            let text = Self.visibleText(html)
            // None of these reports has an asterisk or underscore of its own: any left is markup
            // CommonMark did not read as emphasis.
            XCTAssertFalse(text.contains("*"), "literal asterisks in:\n\(html)")
            XCTAssertFalse(text.contains("_"), "literal underscores in:\n\(html)")
            XCTAssertFalse(text.contains("\\"), "literal backslashes in:\n\(html)")
            try assertRectangularTables(html)
        }
    }

    /// Student ids and resource titles come from files anyone may have edited: every markup
    /// character in them is shown as written, none becomes emphasis, a link, HTML, a list or a
    /// new table cell, and a hostile URL stays one link whose target cannot break out.
    func testNamesFromFilesAreShownAsWritten() throws {
        let folder = TemporaryDirectory("lotrinh-markdown")
        let id = "*a_b* [x](y) <i>ok</i> ~~s~~ &amp; | `c` \\ #\n- item"
        // The same answers as student 17's, under the hostile id (quoted as RFC 4180 asks).
        let rows = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("datasets/vn-grade6/responses.csv"), encoding: .utf8)
            .split(separator: "\n")
        let quoted = "\"" + id.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let hostile = [String(rows[0])] + rows.dropFirst().filter { $0.hasPrefix("17,") }.map { quoted + $0.dropFirst(2) }
        let answersFile = folder.url.appendingPathComponent("answers.csv")
        try (hostile.joined(separator: "\n") + "\n").write(to: answersFile, atomically: true, encoding: .utf8)
        let title = "**Bài 1** | _nháp_ <b>x</b> [y](z) ~a~ &lt;"
        let resources = folder.url.appendingPathComponent("resources.csv")
        try "skill_id,title,url\nT6.26,\"\(title)\",https://hoc10.vn/a|b c>d\nT6.26,Trò chơi,javascript:alert(1)|x\n"
            .write(to: resources, atomically: true, encoding: .utf8)

        let student = try render(["student"] + model + ["--answers", answersFile.path, "--goals", "T6.26", "--resources", resources.path])
        let flattened = id.replacingOccurrences(of: "\n", with: " ")
        XCTAssertEqual(Self.visibleText(Self.firstMatch(of: "<h1>(.*)</h1>", in: student) ?? ""), "Lộ trình học tập · Học sinh " + flattened, student)
        for tag in ["<em>", "<del>", "<i>", "<b>", "<code>", "<ul>", "<li>"] {
            XCTAssertFalse(student.contains(tag), "\(tag) made from a name:\n\(student)")
        }
        XCTAssertEqual(Self.matches(of: #"<a href="([^"]*)""#, in: student), ["https://hoc10.vn/a%7Cb%20c%3Ed"], "one link, its target percent-encoded")
        let text = Self.visibleText(student)
        XCTAssertTrue(text.contains(title), "resource title as written:\n\(student)")
        XCTAssertTrue(text.contains("javascript:alert(1)|x"), "a non-web URL shown as text:\n\(student)")
        try assertRectangularTables(student)

        // Every student is stuck below mean mastery 1, so the hostile id is a bold list label.
        let classReport = try render(["class"] + model + ["--answers", answersFile.path, "--class", "1", "--stuck-mastery", "1"])
        XCTAssertTrue(classReport.contains("<li><strong>"), classReport)
        XCTAssertEqual(Self.visibleText(Self.firstMatch(of: "<li><strong>(.*?)</strong>:", in: classReport) ?? ""), flattened, classReport)
        XCTAssertFalse(classReport.contains("<em>"), classReport)
        try assertRectangularTables(classReport)
    }

    /// The class's student × skill grid as a Markdown table that cmark-gfm renders cell for cell:
    /// a row per student named from the roster, a column per skill, each cell the glyph of the
    /// level the JSON's mastery gives by the rule written out here.
    func testTheClassGridAndTheNamesRenderAsATable() throws {
        let arguments = ["class"] + model + answers + ["--class", "3", "--roster", "datasets/vn-grade6/students.csv"]
        let html = try render(arguments)
        let report = try JSONSerialization.jsonObject(with: Data(try run(arguments + ["--json"]).utf8)) as! [String: Any]
        let students = report["students"] as! [[String: Any]]
        let skills = (report["skills"] as! [[String: Any]]).map { $0["id"] as! String }
        let masteries = report["masteryGrid"] as! [[Double]]
        let grid = try XCTUnwrap(Self.matches(of: "(?s)<table>(.*?)</table>", in: html).first { $0.contains(">\(skills.last!)</th>") && $0.contains(">Học sinh</th>") })
        XCTAssertEqual(Self.matches(of: "<th[^>]*>([^<]*)</th>", in: grid), ["Học sinh"] + skills)
        let rows = Self.matches(of: "(?s)<tr>(.*?)</tr>", in: Self.firstMatch(of: "(?s)<tbody>(.*)</tbody>", in: grid) ?? "")
        XCTAssertEqual(rows.count, students.count)
        XCTAssertEqual(students.count, 40)
        let roster = Dictionary(uniqueKeysWithValues: try String(contentsOf: RepositoryPaths.root.appendingPathComponent("datasets/vn-grade6/students.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { line in let fields = line.split(separator: ","); return (String(fields[0]), String(fields[1])) })
        for (index, row) in rows.enumerated() {
            let cells = Self.matches(of: "<td[^>]*>([^<]*)</td>", in: row)
            let id = students[index]["id"] as! String
            XCTAssertEqual(cells.first, "\(try XCTUnwrap(roster[id])) (\(id))")
            let glyphs = masteries[index].map { ($0 * 100).rounded() / 100 }.map { $0 >= 0.8 ? "●" : $0 >= 0.65 ? "◕" : $0 >= 0.4 ? "◑" : "◔" }
            XCTAssertEqual(Array(cells.dropFirst()), glyphs, id)
        }
        XCTAssertTrue(Self.visibleText(html).contains("◔ chưa học · ◑ đang học · ◕ gần thành thạo · ● thành thạo (chưa học < 0,40 ≤ đang học"), html)
        // Groups and stuck students are named too.
        let stuck = report["stuck"] as! [[String: Any]]
        XCTAssertGreaterThan(stuck.count, 0)
        for student in stuck {
            let id = student["student"] as! String
            XCTAssertTrue(html.contains("<li><strong>\(roster[id]!) (\(id))</strong>:"), id)
        }
    }

    /// The student's Markdown: the roster's name in the title and each step's level in words.
    func testAStudentsMarkdownHasTheNameAndTheLevels() throws {
        let arguments = ["student"] + model + answers + ["--student", "81", "--roster", "datasets/vn-grade6/students.csv"]
        let html = try render(arguments)
        XCTAssertTrue(html.contains("<h1>Lộ trình học tập · Học sinh Nguyễn Văn An (81)</h1>"), html)
        let report = try JSONSerialization.jsonObject(with: Data(try run(arguments + ["--json"]).utf8)) as! [String: Any]
        XCTAssertEqual(report["name"] as? String, "Nguyễn Văn An")
        let path = try XCTUnwrap(Self.matches(of: "(?s)<table>(.*?)</table>", in: html).first { $0.contains(">Mức độ</th>") })
        let headers = Self.matches(of: "<th[^>]*>([^<]*)</th>", in: path)
        let levelColumn = try XCTUnwrap(headers.firstIndex(of: "Mức độ"))
        let rows = Self.matches(of: "(?s)<tr>(.*?)</tr>", in: Self.firstMatch(of: "(?s)<tbody>(.*)</tbody>", in: path) ?? "")
        let steps = report["path"] as! [[String: Any]]
        XCTAssertEqual(rows.count, steps.count)
        for (row, step) in zip(rows, steps) {
            let mastery = step["mastery"] as! Double
            // The level of the estimate as printed (two decimals), the report's rule.
            let printed = (mastery * 100).rounded() / 100
            let word = printed >= 0.8 ? "thành thạo" : printed >= 0.65 ? "gần thành thạo" : printed >= 0.4 ? "đang học" : "chưa học"
            XCTAssertEqual(Self.matches(of: "(?s)<td[^>]*>(.*?)</td>", in: row)[levelColumn], word)
            XCTAssertEqual(step["level"] as? String, ["chưa học": "notStarted", "đang học": "learning", "gần thành thạo": "almost", "thành thạo": "mastered"][word])
        }
    }

    // MARK: Running and reading

    private func run(_ arguments: [String]) throws -> String {
        let result = try CommandRunner.run("lotrinh-path", arguments)
        XCTAssertEqual(result.status, 0, "\(arguments): \(result.standardError)")
        return result.standardOutput
    }

    /// The report's Markdown, rendered to HTML by cmark-gfm.
    private func render(_ arguments: [String]) throws -> String {
        let markdown = try run(arguments + ["--markdown"])
        let renderer = try XCTUnwrap(Self.cmarkGFM, "cmark-gfm is not installed: run scripts/setup")
        let process = Process()
        process.executableURL = renderer
        process.arguments = ["--extension", "table", "--extension", "strikethrough", "--extension", "autolink"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(markdown.utf8))
        try input.fileHandleForWriting.close()
        let html = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        return String(decoding: html, as: UTF8.self)
    }

    private static let cmarkGFM: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin")
        .split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("cmark-gfm") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// Every table row has as many cells as its header: no name split a cell.
    private func assertRectangularTables(_ html: String, file: StaticString = #filePath, line: UInt = #line) throws {
        for table in Self.matches(of: "(?s)<table>(.*?)</table>", in: html) {
            let columns = Self.matches(of: "(<th[ >])", in: table).count
            let body = Self.firstMatch(of: "(?s)<tbody>(.*)</tbody>", in: table) ?? ""
            for row in Self.matches(of: "(?s)<tr>(.*?)</tr>", in: body) {
                XCTAssertEqual(Self.matches(of: "(<td[ >])", in: row).count, columns, row, file: file, line: line)
            }
        }
    }

    /// What a browser shows of the HTML: tags dropped, the entities cmark writes decoded.
    private static func visibleText(_ html: String) -> String {
        html.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    private static func matches(of pattern: String, in text: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: pattern)
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            String(text[Range(match.range(at: 1), in: text)!])
        }
    }

    private static func firstMatch(of pattern: String, in text: String) -> String? { matches(of: pattern, in: text).first }
}
