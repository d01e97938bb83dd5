import Foundation
import LotrinhTestSupport
import XCTest

/// Every subcommand in every format, run as a teacher would: the JSON against the committed
/// schema, the HTML's structure, the Markdown's tables.
final class ReportFormatTests: XCTestCase {
    private let model = ["--model", "models/vn-grade6.lotrinh"]
    private let answers = ["--answers", "datasets/vn-grade6/responses.csv"]

    private func run(_ arguments: [String]) throws -> CommandResult {
        let result = try CommandRunner.run("lotrinh-path", arguments)
        XCTAssertEqual(result.status, 0, "\(arguments): \(result.standardError)")
        return result
    }

    private func json(_ arguments: [String]) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(try run(arguments + ["--json"]).standardOutput.utf8)) as! [String: Any]
    }

    private var validator: JSONSchemaValidator {
        get throws { try JSONSchemaValidator(contentsOf: RepositoryPaths.root.appendingPathComponent("docs/lotrinh-path.schema.json")) }
    }

    func testEveryReportValidatesAgainstTheSchema() throws {
        let reports = [
            try json(["student"] + model + answers + ["--student", "17", "--mastery", "--resources", "datasets/vn-grade6/resources.csv"]),
            try json(["student"] + model + ["--student", "17", "--goals", "T6.26", "--max-steps", "3"]),
            try json(["student"] + model + answers + ["--student", "17", "--goals", "T6.26,T6.30", "--max-answers", "12"]),
            try json(["class"] + model + answers + ["--class", "3"]),
            try json(["class"] + model + answers + ["--class", "3", "--hide-ids", "--group-steps", "2"]),
            try json(["explain"] + model + answers + ["--student", "17", "--skill", "T6.09", "--goals", "T6.26"]),
            try json(["explain"] + model + ["--student", "17", "--skill", "T6.01", "--lang", "en"]),
            try json(["student"] + model + answers + ["--student", "81", "--roster", "datasets/vn-grade6/students.csv"]),
            try json(["class"] + model + answers + ["--class", "3", "--roster", "datasets/vn-grade6/students.csv"]),
        ]
        let validator = try validator
        for report in reports {
            XCTAssertEqual(validator.violations(of: report), [], "\(report["report"] ?? "?")")
        }
        XCTAssertEqual(reports.map { $0["report"] as? String }, ["student", "student", "student", "class", "class", "explain", "explain", "student", "class"])
    }

    /// The validator is not a rubber stamp: a missing field, a wrong type, an unknown key and an
    /// out-of-range probability are each caught.
    func testTheValidatorRejectsBrokenReports() throws {
        let validator = try validator
        let good = try json(["student"] + model + ["--student", "17", "--max-steps", "2"])
        var missing = good
        missing["path"] = nil
        var wrongType = good
        wrongType["mastered"] = "8"
        var extra = good
        extra["surprise"] = 1
        var outOfRange = good
        var steps = good["path"] as! [[String: Any]]
        steps[0]["mastery"] = 1.5
        outOfRange["path"] = steps
        for broken in [missing, wrongType, extra, outOfRange] {
            XCTAssertFalse(validator.violations(of: broken).isEmpty)
        }
    }

    func testStudentHTMLDrawsOneNodePerSkillInScopeNumberedInPathOrder() throws {
        let directory = TemporaryDirectory("lotrinh-path-html")
        let file = directory.url.appendingPathComponent("student.html").path
        let result = try run(["student"] + model + answers + ["--student", "17", "--goals", "T6.26", "--html", file,
                                                             "--resources", "datasets/vn-grade6/resources.csv"])
        XCTAssertTrue(result.standardOutput.contains(file))
        let html = try String(contentsOfFile: file, encoding: .utf8)
        let report = try json(["student"] + model + answers + ["--student", "17", "--goals", "T6.26"])
        let path = (report["path"] as! [[String: Any]]).map { $0["id"] as! String }

        // Scope: T6.26 and its ancestors, computed here from prerequisites.csv.
        let edges = try String(contentsOfFile: RepositoryPaths.root.appendingPathComponent("datasets/vn-grade6/prerequisites.csv").path, encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        var scope: Set<String> = ["T6.26"]
        var frontier = ["T6.26"]
        while let skill = frontier.popLast() {
            for edge in edges where edge[1] == skill && !scope.contains(edge[0]) {
                scope.insert(edge[0])
                frontier.append(edge[0])
            }
        }
        // The screen's graph (the print's shows only the first steps' neighbourhood).
        let graph = try XCTUnwrap(html.components(separatedBy: "<div class=\"screen-only\"><svg class=\"graph\"").dropFirst().first?
            .components(separatedBy: "</svg></div>").first)
        let nodes = matches(of: #"<g class="skill[^"]*" data-skill="([^"]+)""#, in: graph)
        XCTAssertEqual(nodes.count, scope.count, "one node per skill in scope")
        XCTAssertEqual(Set(nodes), scope)
        let numbered = matches(of: #"data-skill="([^"]+)" data-level="[a-zA-Z]+" data-step="\d+""#, in: graph)
        let steps = matches(of: #"data-step="(\d+)""#, in: graph).map { Int($0)! }
        XCTAssertEqual(zip(steps, numbered).sorted { $0.0 < $1.0 }.map(\.1), path, "nodes numbered in path order")
        XCTAssertEqual(steps.sorted(), Array(1...path.count))
        XCTAssertTrue(html.contains("@page { size: A4"))
        XCTAssertFalse(html.contains("src=\"http"), "nothing fetched")
        XCTAssertFalse(html.contains("<script"), "no script")
        XCTAssertTrue(html.contains("<html lang=\"vi\">"))
    }

    /// explain's and class's graphs draw levels as the student's does: the node's level is the
    /// rule applied to the JSON's estimate (the student's; the class's mean), filled in the level's
    /// colour; no hue ramp from red to green is left in any page.
    func testEveryGraphDrawsLevelsNotARedGreenRamp() throws {
        let directory = TemporaryDirectory("lotrinh-path-html")
        func rule(_ mastery: Double) -> String {
            // The level of the estimate as printed (two decimals), the report's rule.
            let printed = (mastery * 100).rounded() / 100
            return printed >= 0.8 ? "mastered" : printed >= 0.65 ? "almost" : printed >= 0.4 ? "learning" : "notStarted"
        }
        let colours = ["notStarted": "#e8a39e", "learning": "#f2cd6b", "almost": "#b5dc98", "mastered": "#3f9f5f"]
        func nodes(_ html: String) -> [String: String] {
            Dictionary(uniqueKeysWithValues: zip(matches(of: #"<g class="skill[^"]*" data-skill="([^"]+)" data-level=""#, in: html),
                                                 matches(of: #"<g class="skill[^"]*" data-skill="[^"]+" data-level="([a-zA-Z]+)""#, in: html)))
        }

        let explainArguments = ["explain"] + model + answers + ["--student", "17", "--skill", "T6.15"]
        let explainFile = directory.url.appendingPathComponent("explain.html").path
        _ = try run(explainArguments + ["--html", explainFile])
        let explainPage = try String(contentsOfFile: explainFile, encoding: .utf8)
        let explain = try json(explainArguments)
        let lines = [explain["skill"] as! [String: Any]] + (explain["prerequisites"] as! [[String: Any]])
        XCTAssertGreaterThan(lines.count, 1)
        let explainNodes = nodes(explainPage)
        for line in lines {
            let level = rule(line["mastery"] as! Double)
            XCTAssertEqual(explainNodes[line["id"] as! String], level, "\(line["id"]!)")
            XCTAssertEqual(line["level"] as? String, level)
        }

        let classArguments = ["class"] + model + answers + ["--class", "3"]
        let classFile = directory.url.appendingPathComponent("class.html").path
        _ = try run(classArguments + ["--html", classFile])
        let classPage = try String(contentsOfFile: classFile, encoding: .utf8)
        // The whole graph on screen; the printed one repeats some skills at the same levels.
        let classNodes = nodes(try XCTUnwrap(matches(of: #"(?s)(<div class="screen-only"><svg class="graph".*?</svg>)"#, in: classPage).first))
        let printedNodes = nodes(try XCTUnwrap(matches(of: #"(?s)(<svg class="graph printed print-only".*?</svg>)"#, in: classPage).first))
        XCTAssertFalse(printedNodes.isEmpty)
        for (id, level) in printedNodes { XCTAssertEqual(classNodes[id], level, id) }
        let skills = try json(classArguments)["skills"] as! [[String: Any]]
        XCTAssertEqual(classNodes.count, skills.count)
        for skill in skills {
            let id = skill["id"] as! String
            XCTAssertEqual(classNodes[id], rule(skill["meanMastery"] as! Double), id)
            let node = try XCTUnwrap(matches(of: #"(<g class="skill[^"]*" data-skill="\#(id)".*?</g>)"#, in: classPage).first)
            XCTAssertTrue(node.contains("class=\"fill\"") && node.contains("fill=\"\(colours[classNodes[id]!]!)\""), node)
        }
        for page in [explainPage, classPage] { XCTAssertFalse(page.contains("hsl("), "no red-to-green hue ramp") }
        // The chart hatches "needs a prerequisite": one hatched segment per skill some student needs a prerequisite for.
        XCTAssertEqual(classPage.components(separatedBy: "fill=\"url(#needs-prerequisite)\"").count - 1,
                       skills.filter { ($0["needsPrerequisite"] as! Int) > 0 }.count)
        XCTAssertFalse(classPage.contains("#d9534f"), "no plain red beside the green")
        XCTAssertTrue(classPage.contains("Màu và phần tô của vòng tròn (◔ ◑ ◕ ●): mức độ (chưa học &lt; 0,40"), "the caption explains the fill")
    }

    func testClassHTMLHasTheGraphTheChartAndHiddenIds() throws {
        let directory = TemporaryDirectory("lotrinh-path-html")
        let file = directory.url.appendingPathComponent("class.html").path
        _ = try run(["class"] + model + answers + ["--class", "3", "--hide-ids", "--html", file, "--lang", "en"])
        let html = try String(contentsOfFile: file, encoding: .utf8)
        let screenGraph = try XCTUnwrap(matches(of: #"(?s)(<div class="screen-only"><svg class="graph".*?</svg>)"#, in: html).first)
        XCTAssertEqual(matches(of: #"<g class="skill[^"]*" data-skill="([^"]+)""#, in: screenGraph).count, 45)
        XCTAssertEqual(matches(of: #"<g class="chart-row" data-skill="([^"]+)""#, in: html).count, 45)
        XCTAssertTrue(html.contains("<html lang=\"en\">"))
        let studentsTable = html[html.range(of: "<table class=\"students\">")!.lowerBound...]
        XCTAssertEqual(matches(of: #"<tr><td>([^<]*)</td>"#, in: String(studentsTable)), (1...40).map { "#\($0)" }, "pseudonymous labels")
        let hidden = try json(["class"] + model + answers + ["--class", "3", "--hide-ids"])
        XCTAssertTrue((hidden["students"] as! [[String: Any]]).allSatisfy { $0["id"] == nil }, "no id in JSON with hidden ids")
        let shown = try json(["class"] + model + answers + ["--class", "3"])
        XCTAssertEqual((shown["students"] as! [[String: Any]]).compactMap { $0["id"] as? String }.count, 40)
    }

    func testMarkdownTables() throws {
        let student = try run(["student"] + model + ["--student", "17", "--goals", "T6.26", "--markdown", "--lang", "en"]).standardOutput
        XCTAssertTrue(student.hasPrefix("# Learning path · Student 17"), student)
        XCTAssertTrue(student.contains("| # | ID | Skill | Mastery (interval) | Level | State | Practice | Reason | Resources |"), student)
        let rows = student.split(separator: "\n").filter { $0.hasPrefix("| ") }
        XCTAssertTrue(rows.allSatisfy { $0.filter { $0 == "|" }.count == 10 }, "every row has 9 cells")
        let explain = try run(["explain"] + model + answers + ["--student", "17", "--skill", "T6.09", "--markdown"]).standardOutput
        XCTAssertTrue(explain.contains("## Kiến thức nền"), explain)
        XCTAssertTrue(explain.contains("| Mã | Kỹ năng | Thành thạo (khoảng) | Mức độ | Trạng thái | Bước |"), explain)
        let explained = try json(["explain"] + model + answers + ["--student", "17", "--skill", "T6.09"])
        for prerequisite in explained["prerequisites"] as! [[String: Any]] {
            let mastery = prerequisite["mastery"] as! Double
            // The level of the estimate as printed (two decimals), the report's rule.
            let printed = (mastery * 100).rounded() / 100
            let word = printed >= 0.8 ? "thành thạo" : printed >= 0.65 ? "gần thành thạo" : printed >= 0.4 ? "đang học" : "chưa học"
            let row = try XCTUnwrap(explain.split(separator: "\n").first { $0.hasPrefix("| \(prerequisite["id"] as! String) |") })
            XCTAssertEqual(row.components(separatedBy: " | ")[3], word, String(row))
        }
        let classReport = try run(["class"] + model + answers + ["--class", "3", "--markdown"]).standardOutput
        XCTAssertTrue(classReport.contains("## Dạy theo nhóm"), classReport)
    }

    /// A resource file anyone could have edited cannot put a live `javascript:` or `data:` link in
    /// a teacher's report: such URLs are shown as text, web links stay links.
    func testOnlyWebLinksAreLive() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lotrinh-links-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let resources = folder.appendingPathComponent("resources.csv")
        try """
        skill_id,title,url
        T6.26,Bài giảng,https://hoc10.vn/t6-26
        T6.26,Trò chơi,javascript:alert(document.cookie)
        T6.26,Ảnh,"data:text/html;base64,PHNjcmlwdD4="
        """.write(to: resources, atomically: true, encoding: .utf8)
        let report = folder.appendingPathComponent("report.html")
        _ = try run(["student"] + model + ["--student", "17", "--goals", "T6.26", "--resources", resources.path, "--html", report.path])
        let html = try String(contentsOf: report, encoding: .utf8)
        XCTAssertTrue(html.contains("<a href=\"https://hoc10.vn/t6-26\">"), "the web link stays a link")
        XCTAssertFalse(html.contains("href=\"javascript:"), "javascript: must not be a link")
        XCTAssertFalse(html.contains("href=\"data:"), "data: must not be a link")
        XCTAssertTrue(html.contains("javascript:alert(document.cookie)"), "shown as text instead")
        let markdown = try run(["student"] + model + ["--student", "17", "--goals", "T6.26", "--resources", resources.path, "--markdown"]).standardOutput
        XCTAssertFalse(markdown.contains("](<javascript:"), markdown)
        XCTAssertTrue(markdown.contains("](<https://hoc10.vn/t6-26>)"), markdown)
    }

    private func matches(of pattern: String, in text: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: pattern)
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            String(text[Range(match.range(at: 1), in: text)!])
        }
    }
}
