/// The marks a chart draws over its frame, each in data coordinates. Every point carries a
/// `<title>`, which a browser shows as a tooltip, so an exact figure is one hover away.
extension SVGChart {
    /// A polyline through the points in order.
    mutating func addLine(_ points: [(x: Double, y: Double)], color: String, dashed: Bool = false, strokeWidth: Double = 2) {
        guard points.count >= 2 else { return }
        let coordinates = points.map { "\(Self.number(pixelX($0.x))),\(Self.number(pixelY($0.y)))" }.joined(separator: " ")
        marks.append("<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(Self.number(strokeWidth))\""
                     + (dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>")
    }

    /// Dots, each with its tooltip.
    mutating func addPoints(_ points: [(x: Double, y: Double, tooltip: String)], color: String, radius: Double = 4) {
        for point in points {
            marks.append("<circle cx=\"\(Self.number(pixelX(point.x)))\" cy=\"\(Self.number(pixelY(point.y)))\" r=\"\(Self.number(radius))\" fill=\"\(color)\">"
                         + "<title>\(HTML.escape(point.tooltip))</title></circle>")
        }
    }

    /// A vertical bar from `low` to `high` at x, with caps: a spread such as ± one sd.
    mutating func addErrorBars(_ bars: [(x: Double, low: Double, high: Double)], color: String, capWidth: Double = 8) {
        for bar in bars {
            let x = pixelX(bar.x)
            let low = pixelY(bar.low)
            let high = pixelY(bar.high)
            let attributes = "stroke=\"\(color)\" stroke-width=\"1.5\""
            marks.append(line(x, low, x, high, attributes))
            marks.append(line(x - capWidth / 2, low, x + capWidth / 2, low, attributes))
            marks.append(line(x - capWidth / 2, high, x + capWidth / 2, high, attributes))
        }
    }

    /// Bars from y = the domain's lower bound up to each height, spanning [x0, x1] each.
    mutating func addBars(_ bars: [(x0: Double, x1: Double, height: Double, tooltip: String)], color: String) {
        let base = pixelY(yDomain.lowerBound)
        for bar in bars {
            let left = pixelX(bar.x0) + 1
            let top = pixelY(bar.height)
            marks.append("<rect x=\"\(Self.number(left))\" y=\"\(Self.number(top))\" width=\"\(Self.number(max(pixelX(bar.x1) - 1 - left, 0)))\" height=\"\(Self.number(base - top))\" fill=\"\(color)\">"
                         + "<title>\(HTML.escape(bar.tooltip))</title></rect>")
        }
    }

    /// A text label at a data point, nudged above it.
    mutating func addLabel(_ content: String, x: Double, y: Double, dy: Double = -8) {
        marks.append(text(content, x: pixelX(x), y: pixelY(y) + dy, attributes: "text-anchor=\"middle\" class=\"point-label\""))
    }
}
