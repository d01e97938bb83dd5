import Foundation
import LotrinhTestSupport
import XCTest

/// The HTML reports as a teacher prints them: print CSS that fits a student on one A4 page and a
/// class on two (measured in headless Chromium through scripts/report-screenshot when it is
/// installed), links that print their URL, graph nodes named by short skill names, levels in words.
final class PrintLayoutTests: XCTestCase {
    private let model = ["--model", "models/vn-grade6.lotrinh"]
    private let answers = ["--answers", "datasets/vn-grade6/responses.csv"]
    private let resources = ["--resources", "datasets/vn-grade6/resources.csv"]

    private func html(_ arguments: [String], in directory: TemporaryDirectory, name: String = "report.html") throws -> (String, String) {
        let file = directory.url.appendingPathComponent(name).path
        let result = try CommandRunner.run("lotrinh-path", arguments + ["--html", file])
        XCTAssertEqual(result.status, 0, result.standardError)
        return (file, try String(contentsOfFile: file, encoding: .utf8))
    }

    func testPrintCSSPrintsURLsAndHasNoForcedBreakBeforeTheGraph() throws {
        let directory = TemporaryDirectory("lotrinh-print")
        let (_, page) = try html(["student"] + model + answers + resources + ["--student", "81"], in: directory)
        XCTAssertTrue(page.contains("@page { size: A4"))
        XCTAssertTrue(page.contains("a[href]::after { content: \" (\" attr(href) \")\""), "links print their URL")
        XCTAssertFalse(page.contains("max-height: 230mm"), "a graph as tall as a page pushes it to page 2")
        // The one forced break is the class grid's (it starts the class report's second page).
        XCTAssertEqual(page.components(separatedBy: "break-before").count - 1, 1)
        XCTAssertTrue(page.contains("section.grid { break-before: page; }"))
        XCTAssertFalse(page.contains("<section class=\"grid\""), "a student report has no class grid")
        XCTAssertTrue(page.contains("<a href=\"https://thuvien.example.edu.vn/"), "the resources are links")
    }

    /// Graph nodes are labelled with the skill's name in at most two lines of 13 columns; the
    /// full name and the level are in the node's tooltip.
    func testGraphNodesShowShortNamesWithTheFullNameInTheTooltip() throws {
        let directory = TemporaryDirectory("lotrinh-print")
        let (_, page) = try html(["student"] + model + answers + ["--student", "81", "--lang", "vi"], in: directory)
        let node = try XCTUnwrap(firstMatch(of: #"(<g class="skill[^"]*" data-skill="T6.04".*?</g>)"#, in: page))
        XCTAssertTrue(node.contains("<title>Phép cộng và phép trừ số tự nhiên (T6.04) · "), node)
        // "Phép cộng và phép trừ số tự nhiên" wrapped at 13 columns: "Phép cộng và" / "phép trừ số…".
        XCTAssertEqual(matches(of: #"<tspan[^>]*>([^<]*)</tspan>"#, in: node), ["Phép cộng và", "phép trừ số…"])
        let short = try XCTUnwrap(firstMatch(of: #"(<g class="skill[^"]*" data-skill="T6.01".*?</g>)"#, in: page))
        XCTAssertEqual(matches(of: #"<tspan[^>]*>([^<]*)</tspan>"#, in: short), ["Tập hợp"])
    }

    /// Printed, the graph is the first five steps and the skills they need directly, at scale 1:
    /// its labels' 10 px print at 10 · 72 / 96 = 7.5 pt (the whole graph, scaled into 76 mm,
    /// printed them at about 2 pt). The whole graph stays on screen.
    func testThePrintedGraphIsTheFirstStepsNeighbourhoodAtAReadableSize() throws {
        let directory = TemporaryDirectory("lotrinh-print")
        let (_, page) = try html(["student"] + model + answers + ["--student", "81"], in: directory)
        let json = try JSONSerialization.jsonObject(with: Data(try CommandRunner.run(
            "lotrinh-path", ["student"] + model + answers + ["--student", "81", "--json"]).standardOutput.utf8)) as! [String: Any]
        let steps = (json["path"] as! [[String: Any]]).prefix(5).map { $0["id"] as! String }
        XCTAssertEqual(steps.count, 5)
        let prerequisites = try directPrerequisites(of: steps)
        let printed = try XCTUnwrap(firstMatch(of: #"(<svg class="graph printed print-only".*?</svg>)"#, in: page))
        XCTAssertEqual(Set(matches(of: #"<g class="skill[^"]*" data-skill="([^"]+)""#, in: printed)), Set(steps + prerequisites))
        XCTAssertEqual(matches(of: #"data-step="(\d+)""#, in: printed), ["1", "2", "3", "4", "5"])
        try assertFitsThePrintedPage(printed)
        let labelPixels = try XCTUnwrap(Double(firstMatch(of: #"\.graph \.label \{ font-size: ([0-9.]+)px;"#, in: page) ?? ""))
        XCTAssertGreaterThanOrEqual(labelPixels * 72 / 96, 7, "label size in points at scale 1")
        XCTAssertTrue(page.contains("svg.graph.printed { max-height: none; }"), "printed at its own size")
        XCTAssertTrue(page.contains("<div class=\"screen-only\"><svg class=\"graph\""), "the whole graph on screen")
        XCTAssertTrue(page.contains("<p class=\"caption print-only\">Bước 1–5 và kiến thức nền trực tiếp"), "the print says what it shows")
    }

    /// The class report prints the skills most students take next and their direct
    /// prerequisites at print size; the whole graph stays on screen.
    func testAClassReportPrintsItsNextStepsAtPrintSize() throws {
        let directory = TemporaryDirectory("lotrinh-print")
        let (_, page) = try html(["class"] + model + answers + ["--class", "3"], in: directory, name: "class.html")
        let json = try JSONSerialization.jsonObject(with: Data(try CommandRunner.run(
            "lotrinh-path", ["class"] + model + answers + ["--class", "3", "--json"]).standardOutput.utf8)) as! [String: Any]
        // The five skills with the most students taking them next, ties in the skills' order.
        let skills = (json["skills"] as! [[String: Any]]).enumerated().map { ($1["id"] as! String, $1["nextStepOf"] as! Int, $0) }
        let next = skills.filter { $0.1 > 0 }.sorted { ($1.1, $0.2) < ($0.1, $1.2) }.prefix(5).map(\.0)
        XCTAssertEqual(next.count, 5)
        let prerequisites = try directPrerequisites(of: next)
        let printed = try XCTUnwrap(firstMatch(of: #"(<svg class="graph printed print-only".*?</svg>)"#, in: page))
        XCTAssertEqual(Set(matches(of: #"<g class="skill[^"]*" data-skill="([^"]+)""#, in: printed)), Set(next + prerequisites))
        let numbered = matches(of: #"data-skill="([^"]+)" data-level="[a-zA-Z]+" data-step="\d+""#, in: printed)
        XCTAssertEqual(Set(numbered), Set(next))
        try assertFitsThePrintedPage(printed)
        XCTAssertTrue(page.contains("<div class=\"screen-only\"><svg class=\"graph\""), "the whole graph on screen")
        XCTAssertTrue(page.contains("<p class=\"caption print-only\">5 kỹ năng nhiều học sinh học tiếp nhất"), "the print says what it shows")
    }

    /// Levels in words; the estimate and interval only in the tooltip.
    func testMasteryCellsShowTheLevelAndKeepTheIntervalInTheTooltip() throws {
        let directory = TemporaryDirectory("lotrinh-print")
        let (_, page) = try html(["student"] + model + answers + ["--student", "81"], in: directory)
        let json = try JSONSerialization.jsonObject(with: Data(try CommandRunner.run(
            "lotrinh-path", ["student"] + model + answers + ["--student", "81", "--mastery", "--json"]).standardOutput.utf8)) as! [String: Any]
        let skills = json["skills"] as! [[String: Any]]
        XCTAssertEqual(skills.count, 45)
        for skill in skills {
            let mastery = skill["mastery"] as! Double
            // The rule written out independently for the default threshold 0.80.
            // The level of the estimate as printed (two decimals), the report's rule.
            let printed = (mastery * 100).rounded() / 100
            let word = printed >= 0.8 ? "thành thạo" : printed >= 0.65 ? "gần thành thạo" : printed >= 0.4 ? "đang học" : "chưa học"
            let item = try XCTUnwrap(firstMatch(of: #"(<li class="level-[a-zA-Z]+" data-skill="\#(skill["id"] as! String)".*?</li>)"#, in: page))
            XCTAssertTrue(item.contains("<span class=\"meta\">\(word)</span>"), "\(skill["id"]!) \(mastery): \(item)")
            XCTAssertTrue(item.contains(String(format: "ước lượng %.2f", mastery).replacingOccurrences(of: ".", with: ",")), item)
        }
        XCTAssertFalse(page.contains("class=\"interval\""), "no interval in the cells")
    }

    func testAStudentReportPrintsOnOneA4PageAndAClassReportOnTwo() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") else {
            throw XCTSkip("headless Chromium is not installed (scripts/report-screenshot installs it)")
        }
        let directory = TemporaryDirectory("lotrinh-print")
        let (student, _) = try html(["student"] + model + answers + resources + ["--student", "81", "--roster", "datasets/vn-grade6/students.csv"],
                                    in: directory, name: "student.html")
        let (group, _) = try html(["class"] + model + answers + ["--class", "3", "--roster", "datasets/vn-grade6/students.csv"],
                                  in: directory, name: "class.html")
        XCTAssertEqual(try printedPages(student, in: directory), 1)
        XCTAssertEqual(try printedPages(group, in: directory), 2)
    }

    /// A teacher's folder may be "Báo cáo lớp 6A #2": Chromium is never handed such a path as a
    /// URL, and the script fails rather than claim a file it did not write.
    func testTheScreenshotScriptTakesPathsWithSpacesAndURLCharacters() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") else {
            throw XCTSkip("headless Chromium is not installed (scripts/report-screenshot installs it)")
        }
        let directory = TemporaryDirectory("lotrinh-print")
        let folder = directory.url.appendingPathComponent("Báo cáo lớp 6A #2 50%")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (report, _) = try html(["student"] + model + answers + ["--student", "81"], in: directory, name: "Báo cáo lớp 6A #2 50%/học sinh & 81?.html")
        let png = folder.appendingPathComponent("ảnh chụp.png").path
        let pdf = folder.appendingPathComponent("bản in #1.pdf").path
        let shot = try screenshot([report, png, "--pdf", pdf])
        XCTAssertEqual(shot.status, 0, shot.output)
        XCTAssertTrue(shot.output.contains("wrote \(png) ("), shot.output)
        XCTAssertTrue(shot.output.contains("wrote \(pdf) (1 A4 page)"), shot.output)
        for file in [png, pdf] {
            let size = try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? 0
            XCTAssertGreaterThan(size, 1000, file)
        }
        let printed = try screenshot([report, folder.appendingPathComponent("in ra.png").path, "--print"])
        XCTAssertEqual(printed.status, 0, printed.output)

        let nowhere = try screenshot([report, directory.url.appendingPathComponent("no such folder/x.png").path])
        XCTAssertNotEqual(nowhere.status, 0, "a shot that could not be written is a failure")
        XCTAssertFalse(nowhere.output.contains("wrote"), nowhere.output)
    }

    private func screenshot(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let script = Process()
        script.executableURL = RepositoryPaths.root.appendingPathComponent("scripts/report-screenshot")
        script.arguments = arguments
        let output = Pipe()
        script.standardOutput = output
        script.standardError = output
        try script.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        script.waitUntilExit()
        return (script.terminationStatus, text)
    }

    /// Runs scripts/report-screenshot and counts the PDF's pages itself (not trusting the script's line).
    private func printedPages(_ report: String, in directory: TemporaryDirectory) throws -> Int {
        let pdf = report.replacingOccurrences(of: ".html", with: ".pdf")
        let png = report.replacingOccurrences(of: ".html", with: ".png")
        let script = Process()
        script.executableURL = RepositoryPaths.root.appendingPathComponent("scripts/report-screenshot")
        script.arguments = [report, png, "--pdf", pdf]
        let output = Pipe()
        script.standardOutput = output
        try script.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        script.waitUntilExit()
        XCTAssertEqual(script.terminationStatus, 0)
        let bytes = String(decoding: try Data(contentsOf: URL(fileURLWithPath: pdf)), as: UTF8.self)
        let pages = matches(of: #"(/Type\s*/Page)[^s]"#, in: bytes).count
        XCTAssertTrue(printed.contains("(\(pages) A4 page"), printed)
        XCTAssertTrue(printed.contains("the whole page"), printed)
        return pages
    }

    private func matches(of pattern: String, in text: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            String(text[Range(match.range(at: 1), in: text)!])
        }
    }

    private func firstMatch(of pattern: String, in text: String) -> String? { matches(of: pattern, in: text).first }

    /// The direct prerequisites of `skills`, read from the curriculum's file, not from a report.
    private func directPrerequisites(of skills: [String]) throws -> [String] {
        try String(contentsOfFile: RepositoryPaths.root.appendingPathComponent("datasets/vn-grade6/prerequisites.csv").path,
                   encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
            .filter { skills.contains($0[1]) }.map { $0[0] }
    }

    /// A printed graph's own size fits the page: no wider than A4 between the margins (so
    /// max-width does not shrink it) and no taller than the 76 mm it may take.
    private func assertFitsThePrintedPage(_ printed: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let width = try XCTUnwrap(Double(firstMatch(of: #"^<svg[^>]* width="(\d+)""#, in: printed) ?? ""), file: file, line: line)
        let height = try XCTUnwrap(Double(firstMatch(of: #"^<svg[^>]* height="(\d+)""#, in: printed) ?? ""), file: file, line: line)
        XCTAssertLessThanOrEqual(width, 190 / 25.4 * 96, "no wider than A4 between the margins", file: file, line: line)
        XCTAssertLessThanOrEqual(height, 76 / 25.4 * 96, file: file, line: line)
    }
}
