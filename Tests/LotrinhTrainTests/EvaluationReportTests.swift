import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import LotrinhTestSupport
import XCTest

/// `evaluate --report` and `simulate --report`: the pages parse, say what the commands print,
/// and a bad path fails before the work.
final class EvaluationReportTests: XCTestCase {
    private let directory = TemporaryDirectory("evaluation-report")
    private let quickModel = ["--rank", "2", "--max-sweeps", "5"]

    private let skillsFile = RepositoryPaths.bundledDatasets.appendingPathComponent("vn-grade6/skills.csv").path

    private func responses(lines count: Int) throws -> String {
        let lines = try String(contentsOf: RepositoryPaths.bundledDatasets.appendingPathComponent("vn-grade6/responses.csv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true).prefix(count)
        return directory.write("responses.csv", lines.joined(separator: "\n") + "\n")
    }

    /// Each table of the page: its header cells and its rows' cells (markup inside a cell kept;
    /// `<th` must not match `<thead>`).
    private func tables(_ page: String) -> [(header: [String], rows: [[String]])] {
        func cells(_ line: Substring, tag: String) -> [String] {
            let pattern = try! NSRegularExpression(pattern: "<\(tag)(?: [^>]*)?>(.*?)</\(tag)>")
            let text = String(line)
            return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
                String(text[Range($0.range(at: 1), in: text)!])
            }
        }
        return page.components(separatedBy: "<table>").dropFirst().map { table in
            let lines = table.components(separatedBy: "</table>")[0].split(separator: "\n")
            let header = lines.first { $0.hasPrefix("<thead>") }.map { cells($0, tag: "th") } ?? []
            return (header, lines.filter { $0.hasPrefix("<tr>") }.map { cells($0, tag: "td") })
        }
    }

    private func table(_ page: String, firstHeader: String, containing column: String) throws -> (header: [String], rows: [[String]]) {
        try XCTUnwrap(tables(page).first { $0.header.first == firstHeader && $0.header.contains(column) }, "no table \(firstHeader)…\(column)")
    }

    func testThePageShowsThePrintedFiguresAndRecomputableOnes() throws {
        let page = directory.path("evaluation.html")
        let predictions = directory.path("predictions.csv")
        let result = try CommandRunner.run("lotrinh-train", ["evaluate", "--responses", try responses(lines: 4000), "--folds", "2",
                                                             "--skills", skillsFile, "--report", page, "--predictions", predictions] + quickModel)
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardError.contains("wrote \(page)"), result.standardError)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        let parser = XMLParser(data: Data(html.utf8))
        XCTAssertTrue(parser.parse(), "line \(parser.lineNumber): \(parser.parserError.map { "\($0)" } ?? "")")
        XCTAssertFalse(html.contains("http://") && html.contains("src="), "nothing fetched")

        // The summary: every printed row, cell for cell.
        let summary = try table(html, firstHeader: "predictor", containing: "calibration error")
        let printed = result.standardOutput.split(separator: "\n")
        for row in summary.rows {
            let line = try XCTUnwrap(printed.first { $0.hasPrefix(row[0] + "  ") }, "no printed row for \(row[0])")
            let printedCells = line.dropFirst(row[0].count).components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            XCTAssertEqual(Array(row.dropFirst()), printedCells, String(line))
        }
        XCTAssertEqual(summary.rows.map { $0[0] }, ["global rate", "per-skill rate", "bkt", "bkt with forgetting", "rasch", "model"])

        // Per fold: the printed model AUCs.
        let foldLine = try XCTUnwrap(printed.first { $0.hasPrefix("per fold (model AUC): ") })
        let folds = try table(html, firstHeader: "fold", containing: "AUC model")
        let modelColumn = try XCTUnwrap(folds.header.firstIndex(of: "AUC model"))
        XCTAssertEqual("per fold (model AUC): " + folds.rows.map { "\($0[0]): \($0[modelColumn])" }.joined(separator: ", "), String(foldLine))

        // Against the predictions file, computed here: answers per reliability bin, and each
        // skill's answer count and log-loss −mean(y log p + (1 − y) log(1 − p)).
        var binCounts = [Int](repeating: 0, count: 10)
        var perSkill: [String: (count: Int, loss: Double)] = [:]
        for line in try String(contentsOfFile: predictions, encoding: .utf8).split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let outcome = Double(fields[3])!
            let probability = Double(fields[4])!
            binCounts[min(Int(probability * 10), 9)] += 1
            for skill in fields[1].split(separator: ";") {
                let loss = -(outcome * log(probability) + (1 - outcome) * log(1 - probability))
                perSkill[String(skill), default: (0, 0)].count += 1
                perSkill[String(skill), default: (0, 0)].loss += loss
            }
        }
        let bins = try table(html, firstHeader: "predicted", containing: "model answers")
        XCTAssertEqual(bins.rows.map { Int($0[1])! }, binCounts)

        // The default minimum of 50 answers splits the skills: the ranked table, then the table apart.
        let skillTables = tables(html).filter { $0.header.first == "skill" && $0.header.contains("log-loss model") }
        XCTAssertEqual(skillTables.count, 2, "ranked skills and skills with too few answers")
        let (ranked, few) = (skillTables[0], skillTables[1])
        XCTAssertEqual(Set(ranked.rows.map { $0[0] }), Set(perSkill.filter { $0.value.count >= 50 }.keys))
        XCTAssertEqual(Set(few.rows.map { $0[0] }), Set(perSkill.filter { $0.value.count < 50 }.keys))
        XCTAssertTrue(html.contains("<h3>Skills with fewer than 50 held-out answers: \(few.rows.count)</h3>"))
        let skills = (header: ranked.header, rows: ranked.rows + few.rows)
        let lossColumn = try XCTUnwrap(skills.header.firstIndex(of: "log-loss model"))
        let aucColumn = try XCTUnwrap(skills.header.firstIndex(of: "AUC model"))
        for row in skills.rows {
            let expected = try XCTUnwrap(perSkill[row[0]], row[0])
            XCTAssertEqual(Int(row[2]), expected.count, row[0])
            XCTAssertEqual(Double(row[lossColumn])!, expected.loss / Double(expected.count), accuracy: 0.00006, row[0])
        }
        for table in [ranked, few] {
            let aucs = table.rows.compactMap { Double($0[aucColumn]) }
            XCTAssertEqual(aucs, aucs.sorted(), "worst skills first")
        }
        // Each skill's Vietnamese name as skills.csv spells it (a name with a comma is quoted;
        // none has a quote or markup).
        var names: [String: String] = [:]
        for line in try String(contentsOfFile: skillsFile, encoding: .utf8).split(separator: "\n").dropFirst() {
            let id = line.prefix { $0 != "," }
            let rest = line.dropFirst(id.count + 1)
            names[String(id)] = rest.first == "\"" ? String(rest.dropFirst().prefix { $0 != "\"" }) : String(rest.prefix { $0 != "," })
        }
        for row in skills.rows { XCTAssertEqual(row[1], names[row[0]], row[0]) }
        XCTAssertTrue(skills.rows.contains { $0[1].unicodeScalars.contains { $0.value > 0x7F } }, "diacritics kept")

        let curve = try table(html, firstHeader: "attempt", containing: "model mean p")
        XCTAssertEqual(curve.rows.first?[0], "1")
        XCTAssertLessThanOrEqual(curve.rows.count, 20)
    }

    /// --report-min-answers moves the line between the two tables; 0 ranks every skill.
    func testTheMinimumAnswersOptionDecidesWhichSkillsAreRanked() throws {
        let page = directory.path("minimum.html")
        let responsesFile = try responses(lines: 4000)
        let result = try CommandRunner.run("lotrinh-train", ["evaluate", "--responses", responsesFile, "--folds", "2", "--quiet",
                                                             "--report", page, "--report-min-answers", "0"] + quickModel)
        XCTAssertEqual(result.status, 0, result.standardError)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        XCTAssertEqual(tables(html).filter { $0.header.first == "skill" }.count, 1, "nothing apart at 0")
        XCTAssertFalse(html.contains("Skills with fewer than"))

        let refused = try CommandRunner.run("lotrinh-train", ["evaluate", "--responses", responsesFile, "--report-min-answers", "10"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.standardError.contains("--report-min-answers shapes the --report page"), refused.standardError)
        let negative = try CommandRunner.run("lotrinh-train", ["evaluate", "--responses", responsesFile, "--report", page,
                                                               "--report-min-answers=-3"])
        XCTAssertNotEqual(negative.status, 0)
        XCTAssertTrue(negative.standardError.contains("must be 0 or more, not -3"), negative.standardError)
    }

    func testAnUnwritableReportFailsBeforeTheWork() throws {
        let result = try CommandRunner.run("lotrinh-train", ["evaluate", "--responses", try responses(lines: 4000), "--folds", "2",
                                                             "--report", "/no-such-folder/evaluation.html"] + quickModel)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.standardError.contains("cannot write /no-such-folder/evaluation.html: its folder /no-such-folder does not exist"),
                      result.standardError)
        XCTAssertFalse(result.standardError.contains("fold 1"), "no fold may run first: \(result.standardError)")

        // The diagnostic replay has none of the page's figures: refused, not ignored.
        let diagnostic = try CommandRunner.run("lotrinh-train", ["evaluate", "--responses", try responses(lines: 100), "--protocol", "diagnostic",
                                                                 "--report", directory.path("diagnostic.html")])
        XCTAssertNotEqual(diagnostic.status, 0)
        XCTAssertTrue(diagnostic.standardError.contains("--protocol diagnostic has none of them"), diagnostic.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.path("diagnostic.html")))

        let simulate = try CommandRunner.run("lotrinh-train", ["simulate", "--report", "/no-such-folder/simulation.html"])
        XCTAssertNotEqual(simulate.status, 0)
        XCTAssertTrue(simulate.standardError.contains("cannot write /no-such-folder/simulation.html"), simulate.standardError)
        XCTAssertFalse(simulate.standardError.contains("simulating"), simulate.standardError)
    }

    func testTheSimulationPageDrawsEveryPanelWithThePrintedCells() throws {
        let page = directory.path("simulation.html")
        let result = try CommandRunner.run("lotrinh-train", ["simulate", "--learner", "gated,bkt", "--learners", "4", "--cohort", "200",
                                                             "--seeds", "1", "--budgets", "5,10", "--policies", "planner,random,topological",
                                                             "--quiet", "--report", page])
        XCTAssertEqual(result.status, 0, result.standardError)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        let parser = XMLParser(data: Data(html.utf8))
        XCTAssertTrue(parser.parse(), "line \(parser.lineNumber): \(parser.parserError.map { "\($0)" } ?? "")")
        for panel in ["gated, open loop", "gated, closed loop", "bkt, open loop", "bkt, closed loop"] {
            XCTAssertTrue(html.contains("<title>\(panel)</title>"), panel)
        }
        // One chart per panel, a point per policy and budget in each.
        XCTAssertEqual(html.components(separatedBy: "<svg ").count - 1, 4)
        XCTAssertEqual(html.components(separatedBy: "<circle ").count - 1, 4 * 3 * 2)
        // Each printed table row (policy, gains, mastered) is a row of the page, in order.
        let printed = result.standardOutput.split(separator: "\n")
        let pageRows = tables(html).flatMap(\.rows)
        let printedRows = printed.filter { line in ["planner ", "random ", "topological "].contains { line.hasPrefix($0) } }
        XCTAssertEqual(printedRows.count, pageRows.count)
        // Figures as "0.076 ± 0.06" or "0.04"; a negative gain can leave one space before it.
        let figure = try NSRegularExpression(pattern: "-?[0-9]+\\.[0-9]+(?: ± [0-9]+\\.[0-9]+)?")
        func figures(_ text: String) -> [String] {
            figure.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range, in: text)!]) }
        }
        for (line, row) in zip(printedRows, pageRows) {
            XCTAssertEqual(row.first.map { line.hasPrefix($0 + " ") }, true, String(line))
            XCTAssertEqual(figures(String(line)), Array(row.dropFirst()), String(line))
        }
    }
}
