@testable import lotrinh_path
import Reports
import XCTest

final class DisplayWidthTests: XCTestCase {
    func testCombiningMarksTakeNoColumnAndChineseTakesTwo() {
        XCTAssertEqual(DisplayWidth.of("Tập hợp"), 7)
        // The same name decomposed (NFD): base letters plus combining marks, still 7 columns.
        let decomposed = "Tập hợp".decomposedStringWithCanonicalMapping
        XCTAssertGreaterThan(decomposed.unicodeScalars.count, 7)
        XCTAssertEqual(DisplayWidth.of(decomposed), 7)
        XCTAssertEqual(DisplayWidth.of("Ước chung lớn nhất"), 18)
        XCTAssertEqual(DisplayWidth.of("絕對值"), 6)
        XCTAssertEqual(DisplayWidth.of("含有絕對值的加減運算"), 20)
        XCTAssertEqual(DisplayWidth.of("T6.01 絕對值"), 12)
    }

    func testFitCutsOnCharacterBoundariesAndPads() {
        XCTAssertEqual(DisplayWidth.fit("Số nguyên", to: 12), "Số nguyên   ")
        XCTAssertEqual(DisplayWidth.fit("Thứ tự trong tập hợp", to: 8), "Thứ tự …")
        // A wide character that would straddle the edge is left out and the gap padded.
        let cut = DisplayWidth.fit("含有絕對值的加減運算", to: 6)
        XCTAssertEqual(cut, "含有… ")
        XCTAssertEqual(DisplayWidth.of(cut), 6)
    }

    func testWrapBreaksAtSpacesAndInsideChineseNames() {
        XCTAssertEqual(DisplayWidth.wrap("Phép nhân và phép chia phân số", to: 12), ["Phép nhân và", "phép chia", "phân số"])
        XCTAssertEqual(DisplayWidth.wrap("含有絕對值的加減運算", to: 8), ["含有絕對", "值的加減", "運算"])
        XCTAssertEqual(DisplayWidth.wrap("ngắn", to: 8), ["ngắn"])
        for line in DisplayWidth.wrap("Thứ tự thực hiện các phép tính trong tập hợp số tự nhiên", to: 10) {
            XCTAssertLessThanOrEqual(DisplayWidth.of(line), 10, line)
        }
    }

    /// In a table of Vietnamese (composed and decomposed) and Chinese names, every column starts at
    /// the same display column on every line, wrapped lines included.
    func testTableColumnsAlignWithVietnameseAndChineseNames() {
        var table = TextTable(columns: [
            .init(header: "ID", maximumWidth: 6),
            .init(header: "Kỹ năng", maximumWidth: 14),
            .init(header: "Mức", maximumWidth: 6),
        ])
        let names = ["Tập hợp", "Ước chung lớn nhất".decomposedStringWithCanonicalMapping, "絕對值", "含有絕對值的加減運算", "Số"]
        for (index, name) in names.enumerated() { table.append([.init("S" + String(UnicodeScalar(UInt8(97 + index)))), .init(name), .init("0,\(index)")]) }
        let lines = table.render()
        XCTAssertEqual(lines.count, 1 + 5 + 2, "two names wrap onto a second line")
        // Columns: ID 2 wide (its widest cell), names at most 14, two spaces between.
        for line in lines {
            let prefix = line.prefix { $0 != "0" && $0 != "M" }
            if line.contains("0,") || line.hasPrefix("ID") {
                XCTAssertEqual(DisplayWidth.of(String(prefix)), 2 + 2 + 14 + 2, "third column misaligned in: \(line)")
            }
            XCTAssertLessThanOrEqual(DisplayWidth.of(line), 2 + 2 + 14 + 2 + 3)
        }
        XCTAssertEqual(lines[5], "Sd  含有絕對值的加  0,3")
        XCTAssertEqual(lines[6], "    減運算")
    }

    func testColourOnlyWhenAskedAndNeverInTheWidth() {
        XCTAssertEqual(TerminalStyle.plain.paint("đúng", .green), "đúng")
        let painted = TerminalStyle(enabled: true).paint("đúng", .green)
        XCTAssertEqual(painted, "\u{1B}[32mđúng\u{1B}[0m")
        XCTAssertFalse(TerminalStyle.forStandardOutput(environment: ["NO_COLOR": "1"]).enabled)
    }
}

final class EscapingTests: XCTestCase {
    private let hostile = #"<b>"Phân số" & 'Tỉ số'</b>"#

    func testHTMLEscapesTextAndAttributes() {
        XCTAssertEqual(HTML.escape(hostile), "&lt;b&gt;&quot;Phân số&quot; &amp; &#39;Tỉ số&#39;&lt;/b&gt;")
        let svg = GraphSVG(nodes: [GraphSVG.Node(skill: 0, id: "a\"<1>", name: hostile, mastery: 0.5, number: 1, step: 1, level: .learning),
                                   GraphSVG.Node(skill: 1, id: "b&2", name: "x", mastery: 0.9, number: nil, step: nil, level: .mastered)],
                           edges: [(1, 0)], words: Words(language: .en)).render()
        XCTAssertFalse(svg.contains("<b>"))
        XCTAssertFalse(svg.contains("a\"<1>"))
        XCTAssertTrue(svg.contains("data-skill=\"a&quot;&lt;1&gt;\""))
        XCTAssertTrue(svg.contains("data-skill=\"b&amp;2\""))
        XCTAssertEqual(svg.components(separatedBy: "<g class=\"skill").count - 1, 2)
    }

    func testMarkdownCellsCannotBreakTheTable() {
        let row = Markdown.table(["a", "b"], [["x | y", "line\nbreak *bold*"]])[2]
        XCTAssertEqual(row, #"| x \| y | line break \*bold\* |"#)
    }
}

final class GraphLayoutTests: XCTestCase {
    /// Every arrow points down (prerequisite on a higher row), and a row is one below the deepest prerequisite.
    func testRowsFollowTheLongestChain() {
        let edges = [(0, 1), (1, 2), (0, 2), (3, 2), (2, 4)]
        let layout = GraphLayout(nodes: [0, 1, 2, 3, 4], edges: edges)
        XCTAssertEqual(layout.layers, [0: 0, 1: 1, 2: 2, 3: 0, 4: 3])
        for (from, to) in edges { XCTAssertLessThan(layout.positions[from]!.y, layout.positions[to]!.y) }
        XCTAssertEqual(Set(layout.positions.values.map { "\($0.x),\($0.y)" }).count, 5, "no two nodes on one spot")
    }

    /// Printed, rows run left to right: every arrow points right, and the drawing is as wide as
    /// its rows (40 px margins, 100 px between rows) and as tall as its widest row (62 px apart).
    func testPrintedRowsRunLeftToRight() {
        let edges = [(0, 1), (1, 2), (0, 2), (3, 2), (2, 4)]
        let layout = GraphLayout(nodes: [0, 1, 2, 3, 4], edges: edges, spacing: .print)
        XCTAssertEqual(layout.layers, [0: 0, 1: 1, 2: 2, 3: 0, 4: 3])
        for (from, to) in edges { XCTAssertLessThan(layout.positions[from]!.x, layout.positions[to]!.x) }
        XCTAssertEqual(layout.width, 2 * 40 + 3 * 100)
        XCTAssertEqual(layout.height, 2 * 40 + 1 * 62)
    }
}

final class PrintedGraphTests: XCTestCase {
    private func node(_ skill: Int, step: Int? = nil) -> GraphSVG.Node {
        GraphSVG.Node(skill: skill, id: "S\(skill)", name: "Kỹ năng \(skill)", mastery: 0.5, number: step, step: step,
                      level: MasteryLevel(mastery: 0.5, threshold: 0.8))
    }

    /// One node sits at the margin (40, 40) with radius 15; its level's share is filled clockwise
    /// from 12 o'clock, so the wedge ends at θ = 2π·share: (40 + 15 sin θ, 40 − 15 cos θ).
    func testANodeFillsItsCircleAsFarAsItsLevel() {
        func svg(_ level: MasteryLevel) -> String {
            GraphSVG(nodes: [GraphSVG.Node(skill: 0, id: "a", name: "a", mastery: 0.5, number: nil, step: nil, level: level)], edges: [],
                     words: Words(language: .vi)).render()
        }
        XCTAssertTrue(svg(.notStarted).contains(##"d="M40,40 L40,25 A15,15 0 0 1 55.0,40.0 Z" fill="#e8a39e""##), svg(.notStarted))
        XCTAssertTrue(svg(.learning).contains(##"d="M40,40 L40,25 A15,15 0 0 1 40.0,55.0 Z" fill="#f2cd6b""##), svg(.learning))
        XCTAssertTrue(svg(.almost).contains(##"d="M40,40 L40,25 A15,15 0 1 1 25.0,40.0 Z" fill="#b5dc98""##), svg(.almost))
        XCTAssertTrue(svg(.mastered).contains(##"<circle class="fill" cx="40" cy="40" r="15" fill="#3f9f5f"/>"##), svg(.mastered))
        XCTAssertTrue(svg(.learning).contains(#"data-level="learning""#))
    }

    func testTheNeighbourhoodIsTheStepsAndTheirDirectPrerequisites() {
        // 9 → 0 → 1 → 2 (steps 0 and 1); 8 → 1; 7 is unrelated.
        let edges = [(9, 0), (0, 1), (1, 2), (8, 1), (7, 2)]
        XCTAssertEqual(PrintedGraph.neighbourhood(of: [0, 1], edges: edges), [0, 1, 9, 8])
    }

    /// A chain of 6 rows is 40 + 5·100 + 40 = 580 px wide and fits the page's 718; one of 8
    /// (780 px) does not, and prints as a list naming each step's prerequisites.
    func testAGraphWiderThanThePagePrintsAsAList() {
        func chain(_ count: Int) -> PrintedGraph {
            PrintedGraph(nodes: (0..<count).map { node($0, step: $0 + 1) }, edges: (1..<count).map { ($0 - 1, $0) },
                         words: Words(language: .vi))
        }
        XCTAssertTrue(chain(6).fitsAsDrawing)
        XCTAssertTrue(chain(6).render().hasPrefix("<svg class=\"graph printed print-only\""))
        XCTAssertFalse(chain(8).fitsAsDrawing)
        let list = chain(8).render()
        XCTAssertTrue(list.hasPrefix("<ul class=\"needs print-only\">"), list)
        XCTAssertEqual(list.components(separatedBy: "<li>").count - 1, 8)
        XCTAssertTrue(list.contains("<li><b>2. Kỹ năng 1</b> — cần <span class=\"swatch\" style=\"background:#f2cd6b\"></span>Kỹ năng 0 (đang học)</li>"), list)
    }

    /// Five independent rows of one row each stack 62 px apart: 40 + 4·62 + 40 = 368 px is taller
    /// than the 287 px (76 mm) the graph may take, so five unrelated steps print as a list.
    func testAGraphTallerThanItsShareOfThePagePrintsAsAList() {
        let graph = PrintedGraph(nodes: (0..<5).map { node($0, step: $0 + 1) }, edges: [], words: Words(language: .vi))
        XCTAssertFalse(graph.fitsAsDrawing)
        let four = PrintedGraph(nodes: (0..<4).map { node($0, step: $0 + 1) }, edges: [], words: Words(language: .vi))
        XCTAssertTrue(four.fitsAsDrawing, "40 + 3·62 + 40 = 266 px")
    }
}
