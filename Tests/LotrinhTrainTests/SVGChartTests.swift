import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import lotrinh_train
import XCTest

final class SVGChartTests: XCTestCase {
    /// (2.5, 0.25) on x ∈ [0, 10], y ∈ [0, 1] of a 520 × 340 chart with margins 28 / 16 / 46 / 58
    /// (top, right, bottom, left): the plot area is 446 × 266 px from (58, 28), so
    /// x = 58 + 0.25·446 = 169.5 and y = 340 − 46 − 0.25·266 = 227.5.
    func testAPointLandsWhereTheHandComputationPutsIt() {
        var chart = SVGChart(title: "t", xLabel: "x", yLabel: "y", xDomain: 0...10, yDomain: 0...1,
                             xTicks: [0, 5, 10], yTicks: [0, 0.5, 1])
        chart.addPoints([(2.5, 0.25, "a point")], color: "#000")
        let plotWidth = 520.0 - 58 - 16
        let plotHeight = 340.0 - 28 - 46
        XCTAssertEqual(chart.pixelX(2.5), 58 + 0.25 * plotWidth)
        XCTAssertEqual(chart.pixelY(0.25), 340 - 46 - 0.25 * plotHeight)
        XCTAssertTrue(chart.render().contains("<circle cx=\"169.5\" cy=\"227.5\" r=\"4\" fill=\"#000\"><title>a point</title></circle>"))
        // The tick at y = 0.5 sits halfway up the plot area: 294 − 133 = 161.
        XCTAssertTrue(chart.render().contains("<line x1=\"58\" y1=\"161\" x2=\"504\" y2=\"161\" class=\"grid\"/>"))
    }

    func testErrorBarsSpanTheirValues() {
        var chart = SVGChart(title: "t", xLabel: "x", yLabel: "y", xDomain: 0...1, yDomain: 0...1, xTicks: [], yTicks: [])
        chart.addErrorBars([(0.5, 0.25, 0.75)], color: "red", capWidth: 8)
        // x = 58 + 0.5·446 = 281; y from 294 − 0.25·266 = 227.5 up to 294 − 0.75·266 = 94.5.
        XCTAssertEqual(chart.marks.first, "<line x1=\"281\" y1=\"227.5\" x2=\"281\" y2=\"94.5\" stroke=\"red\" stroke-width=\"1.5\"/>")
        XCTAssertEqual(chart.marks[1], "<line x1=\"277\" y1=\"227.5\" x2=\"285\" y2=\"227.5\" stroke=\"red\" stroke-width=\"1.5\"/>")
    }

    /// Vietnamese skill names pass through unchanged; markup characters are escaped; the page,
    /// chart and table parse as XML.
    func testAPageWithVietnameseNamesIsWellFormed() throws {
        var chart = SVGChart(title: "Phân số & tỉ số <lớp 6>", xLabel: "lần thử", yLabel: "tỉ lệ đúng", xDomain: 0...1, yDomain: 0...1,
                             xTicks: SVGChart.ticks(0...1, count: 4), yTicks: SVGChart.ticks(0...1, count: 4))
        chart.addLine([(0, 0), (1, 1)], color: "#999", dashed: true)
        chart.legend = [.init(label: "Số thập phân", color: "#000")]
        let table = HTML.table(header: ["kỹ năng", "AUC"], rows: [[HTML.escape("Hỗn số \"âm\""), "0.7000"]], numeric: [1])
        let page = HTML.document(title: "Đánh giá", body: chart.render() + "\n" + table)
        XCTAssertTrue(page.contains("Phân số &amp; tỉ số &lt;lớp 6&gt;"))
        XCTAssertTrue(page.contains("<td>Hỗn số &quot;âm&quot;</td><td class=\"num\">0.7000</td>"))
        XCTAssertTrue(page.contains(">Số thập phân</text>"))
        let parser = XMLParser(data: Data(page.utf8))
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "") at line \(parser.lineNumber)")
    }

    func testNumbersDropTrailingZeros() {
        XCTAssertEqual(SVGChart.number(58), "58")
        XCTAssertEqual(SVGChart.number(169.5), "169.5")
        XCTAssertEqual(SVGChart.number(-0.001), "0")
        XCTAssertEqual(SVGChart.ticks(0...1, count: 4), [0, 0.25, 0.5, 0.75, 1])
        // 12294 / 5 ≈ 2459 rounds up to the step 5000; the last tick is the first at or above 12294.
        XCTAssertEqual(SVGChart.roundTicks(upTo: 12294, count: 5), [0, 5000, 10000, 15000])
        XCTAssertEqual(SVGChart.roundTicks(upTo: 14, count: 5), [0, 5, 10, 15])
        // A span of 1.1 in at most 10 intervals needs the step 0.2: −0.2 … 1.0 encloses −0.1 … 1.0.
        let ticks = SVGChart.roundTicks(from: -0.1, to: 1.0, maxIntervals: 10)
        XCTAssertEqual(ticks.count, 7)
        for (tick, expected) in zip(ticks, [-0.2, 0, 0.2, 0.4, 0.6, 0.8, 1.0]) { XCTAssertEqual(tick, expected, accuracy: 1e-12) }
    }
}
