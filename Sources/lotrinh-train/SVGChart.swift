import Foundation

/// A plot drawn as inline SVG, by the project (no plotting library is available offline): a
/// frame with linear axes, ticks, gridlines and labels, the marks added to it
/// (`SVGChart+Marks.swift`) and a legend. Data coordinates map linearly onto the plot area,
/// y growing upward.
struct SVGChart {
    struct Margins {
        var top = 28.0
        var right = 16.0
        var bottom = 46.0
        var left = 58.0
    }

    /// One legend entry: a short line in the series' colour and style.
    struct LegendEntry {
        var label: String
        var color: String
        var dashed = false
    }

    var width = 520.0
    var height = 340.0
    var margins = Margins()
    var title: String
    var xLabel: String
    var yLabel: String
    var xDomain: ClosedRange<Double>
    var yDomain: ClosedRange<Double>
    var xTicks: [Double]
    var yTicks: [Double]
    /// How a tick value is printed on its axis.
    var xTickFormat: (Double) -> String = { SVGChart.number($0) }
    var yTickFormat: (Double) -> String = { SVGChart.number($0) }
    var legend: [LegendEntry] = []
    /// Under the x-axis label in columns (the chart grows to hold them) instead of in the
    /// plot's top-left corner: for many series, whose legend would hide data.
    var legendBelow = false
    /// SVG elements in data order, drawn over the frame.
    var marks: [String] = []

    /// The plot area's pixel x of a data x.
    func pixelX(_ x: Double) -> Double {
        margins.left + (x - xDomain.lowerBound) / (xDomain.upperBound - xDomain.lowerBound) * (width - margins.left - margins.right)
    }

    /// The plot area's pixel y of a data y (SVG's y grows downward).
    func pixelY(_ y: Double) -> Double {
        height - margins.bottom - (y - yDomain.lowerBound) / (yDomain.upperBound - yDomain.lowerBound) * (height - margins.top - margins.bottom)
    }

    func render() -> String {
        let left = margins.left
        let right = width - margins.right
        let top = margins.top
        let bottom = height - margins.bottom
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"\(Self.number(width))\" height=\"\(Self.number(totalHeight))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(totalHeight))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"]
        parts.append("<title>\(HTML.escape(title))</title>")
        parts.append(text(title, x: left, y: 16, attributes: "class=\"chart-title\""))
        for tick in xTicks {
            let x = pixelX(tick)
            parts.append(line(x, top, x, bottom, "class=\"grid\""))
            parts.append(line(x, bottom, x, bottom + 5, "class=\"axis\""))
            parts.append(text(xTickFormat(tick), x: x, y: bottom + 18, attributes: "text-anchor=\"middle\""))
        }
        for tick in yTicks {
            let y = pixelY(tick)
            parts.append(line(left, y, right, y, "class=\"grid\""))
            parts.append(line(left - 5, y, left, y, "class=\"axis\""))
            parts.append(text(yTickFormat(tick), x: left - 8, y: y + 4, attributes: "text-anchor=\"end\""))
        }
        parts.append("<rect class=\"axis\" x=\"\(Self.number(left))\" y=\"\(Self.number(top))\" width=\"\(Self.number(right - left))\" height=\"\(Self.number(bottom - top))\" fill=\"none\"/>")
        parts.append(text(xLabel, x: (left + right) / 2, y: height - 8, attributes: "text-anchor=\"middle\" class=\"axis-label\""))
        let middle = (top + bottom) / 2
        parts.append(text(yLabel, x: 14, y: middle,
                          attributes: "text-anchor=\"middle\" class=\"axis-label\" transform=\"rotate(-90 14 \(Self.number(middle)))\""))
        parts += marks
        parts += legendElements(right: right, top: top)
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// Rows the legend adds under the chart when ``legendBelow``.
    private var legendRowsBelow: Int { legendBelow ? (legend.count + Self.legendColumns - 1) / Self.legendColumns : 0 }
    /// Two, so that a long policy name does not run into the next column on a half-page chart.
    private static let legendColumns = 2
    private static let legendRowHeight = 17.0

    /// The full height: the chart's own and the legend's rows under it.
    var totalHeight: Double { height + Double(legendRowsBelow) * Self.legendRowHeight + (legendBelow ? 16 : 0) }

    /// Entries stacked in the plot's top-left corner, on a white box so that lines under it
    /// stay readable around it; or under the chart in columns.
    private func legendElements(right: Double, top: Double) -> [String] {
        guard !legend.isEmpty else { return [] }
        if legendBelow {
            let columnWidth = (width - margins.left) / Double(Self.legendColumns)
            return legend.enumerated().flatMap { index, entry -> [String] in
                let x = margins.left + Double(index % Self.legendColumns) * columnWidth
                // Clear of the x-axis label, whose baseline is 8 px above `height`.
                let y = height + 14 + Double(index / Self.legendColumns) * Self.legendRowHeight
                return [line(x, y - 4, x + 20, y - 4, "stroke=\"\(entry.color)\" stroke-width=\"2.5\"" + (entry.dashed ? " stroke-dasharray=\"6 4\"" : "")),
                        text(entry.label, x: x + 25, y: y, attributes: "")]
            }
        }
        let longest = legend.map(\.label.count).max() ?? 0
        let boxWidth = 34 + Double(longest) * 6.6
        let x = margins.left + 8
        var parts = ["<rect class=\"legend\" x=\"\(Self.number(x))\" y=\"\(Self.number(top + 6))\" width=\"\(Self.number(boxWidth))\" height=\"\(Self.number(Double(legend.count) * 17 + 6))\"/>"]
        for (index, entry) in legend.enumerated() {
            let y = top + 18 + Double(index) * 17
            parts.append(line(x + 6, y - 4, x + 26, y - 4,
                              "stroke=\"\(entry.color)\" stroke-width=\"2.5\"" + (entry.dashed ? " stroke-dasharray=\"6 4\"" : "")))
            parts.append(text(entry.label, x: x + 31, y: y, attributes: ""))
        }
        return parts
    }

    func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ attributes: String) -> String {
        "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" \(attributes)/>"
    }

    func text(_ content: String, x: Double, y: Double, attributes: String) -> String {
        "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\"\(attributes.isEmpty ? "" : " " + attributes)>\(HTML.escape(content))</text>"
    }

    /// Up to two decimals, without trailing zeros: pixel positions and round tick values.
    static func number(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// Ticks at a round step (1, 2 or 5 × a power of ten) from 0 to the first tick at or above
    /// `maximum`, about `count` of them: counts read better as 0, 5000, 10000 than as 0, 3074, 6147.
    static func roundTicks(upTo maximum: Double, count: Int) -> [Double] {
        guard maximum > 0 else { return [0, 1] }
        let rough = maximum / Double(count)
        let power = pow(10, (log10(rough)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
        let last = (maximum / step).rounded(.up)
        return (0...Int(last)).map { Double($0) * step }
    }

    /// Ticks at a round step (0.05, 0.1, 0.2, 0.5, 1 …) covering [low, high] in at most
    /// `maxIntervals` steps, the first at or below `low`, the last at or above `high`.
    static func roundTicks(from low: Double, to high: Double, maxIntervals: Int) -> [Double] {
        let span = max(high - low, 1e-9)
        let power = pow(10, log10(span / Double(maxIntervals)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { span / $0 <= Double(maxIntervals) } ?? 10 * power
        let first = (low / step).rounded(.down)
        let last = (high / step).rounded(.up)
        return stride(from: first, through: last, by: 1).map { $0 * step }
    }

    /// `count` + 1 evenly spaced ticks from the domain's lower to upper bound.
    static func ticks(_ domain: ClosedRange<Double>, count: Int) -> [Double] {
        (0...count).map { domain.lowerBound + Double($0) * (domain.upperBound - domain.lowerBound) / Double(count) }
    }
}
