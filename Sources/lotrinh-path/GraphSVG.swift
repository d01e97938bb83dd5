import Foundation
import Reports

/// The prerequisite graph as SVG: one `<g class="skill">` per skill in scope (its level drawn as
/// the grids draw it, numbered by its step or a count), arrows from prerequisite to skill, and the
/// links between the path's steps drawn in blue.
struct GraphSVG {
    struct Node {
        var skill: Int
        var id: String
        var name: String
        /// The estimate the tooltip shows (a student's, or the class's mean).
        var mastery: Double
        /// Shown inside the circle: the step number, or a count of students.
        var number: Int?
        /// Set on the skills of a student's path; the `data-step` attribute tests read.
        var step: Int?
        /// The level of ``mastery``: the node's colour and how much of its circle is filled.
        var level: MasteryLevel
    }

    let nodes: [Node]
    /// (prerequisite, skill) pairs.
    let edges: [(Int, Int)]
    let words: Words
    var spacing = GraphLayout.Spacing.screen
    /// The `<svg>`'s classes: "graph", and "printed" for the drawing the print CSS shows.
    var classes = "graph"

    static let radius = 15.0

    func render() -> String {
        let layout = GraphLayout(nodes: nodes.map(\.skill), edges: edges, spacing: spacing)
        let onPath = Set(nodes.filter { $0.step != nil }.map(\.skill))
        var parts = [
            "<svg class=\"\(classes)\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(layout.width)) \(Int(layout.height))\" width=\"\(Int(layout.width))\" height=\"\(Int(layout.height))\" role=\"img\" aria-label=\"\(HTML.escape(words.graphHeading))\">",
            "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#8a94a3\"/></marker>"
                + "<marker id=\"arrow-path\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"5\" markerHeight=\"5\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#2f6fd0\"/></marker></defs>",
        ]
        // Path links last among the edges, so they are drawn over the grey ones.
        let drawn = edges.filter { layout.positions[$0.0] != nil && layout.positions[$0.1] != nil }
        let ordered = drawn.filter { !(onPath.contains($0.0) && onPath.contains($0.1)) } + drawn.filter { onPath.contains($0.0) && onPath.contains($0.1) }
        for (from, to) in ordered {
            let isPath = onPath.contains(from) && onPath.contains(to)
            let skipsRows = (layout.layers[to] ?? 0) - (layout.layers[from] ?? 0) > 1
            parts.append(edge(from: layout.positions[from]!, to: layout.positions[to]!, skipsRows: skipsRows, isPath: isPath))
        }
        for node in nodes {
            let point = layout.positions[node.skill]!
            let title = "\(node.name) (\(node.id)) · \(words.level(node.level)), " + words.decimal(node.mastery) + (node.step.map { " · \(words.stepColumn) \($0)" } ?? "")
            parts.append("<g class=\"skill\(node.step != nil ? " on-path" : "")\" data-skill=\"\(HTML.escape(node.id))\" data-level=\"\(node.level.rawValue)\""
                + (node.step.map { " data-step=\"\($0)\"" } ?? "") + ">"
                + "<title>\(HTML.escape(title))</title>"
                + disc(at: point, level: node.level)
                + (node.number.map { "<text class=\"number\" x=\"\(format(point.x))\" y=\"\(format(point.y))\">\($0)</text>" } ?? "")
                + label(node.name, x: point.x, y: point.y + Self.radius + 11)
                + "</g>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// A white circle with its level's share filled in the level's colour, clockwise from 12
    /// o'clock as the glyphs ◔ ◑ ◕ ● fill it: the level reads without colour, and in black and white.
    private func disc(at centre: GraphLayout.Point, level: MasteryLevel) -> String {
        let (x, y, radius) = (format(centre.x), format(centre.y), format(Self.radius))
        let colour = MasteryColour.of(level)
        let filled: String
        if level.filledShare >= 1 {
            filled = "<circle class=\"fill\" cx=\"\(x)\" cy=\"\(y)\" r=\"\(radius)\" fill=\"\(colour)\"/>"
        } else {
            let angle = 2 * Double.pi * level.filledShare
            let end = GraphLayout.Point(x: centre.x + Self.radius * sin(angle), y: centre.y - Self.radius * cos(angle))
            filled = "<path class=\"fill\" d=\"M\(x),\(y) L\(x),\(format(centre.y - Self.radius)) A\(radius),\(radius) 0 \(level.filledShare > 0.5 ? 1 : 0) 1 "
                + "\(String(format: "%.1f", end.x)),\(String(format: "%.1f", end.y)) Z\" fill=\"\(colour)\"/>"
        }
        return "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"\(radius)\" fill=\"#ffffff\"/>" + filled
            + "<circle class=\"rim\" cx=\"\(x)\" cy=\"\(y)\" r=\"\(radius)\" fill=\"none\"/>"
    }

    /// An arrow between the circles' rims, so its head touches the dependent skill. An edge that
    /// skips rows bends sideways, so it does not run through the skills between its ends.
    private func edge(from: GraphLayout.Point, to: GraphLayout.Point, skipsRows: Bool, isPath: Bool) -> String {
        let dx = to.x - from.x
        let dy = to.y - from.y
        let length = max((dx * dx + dy * dy).squareRoot(), 1)
        let bend = skipsRows ? min(0.25 * length, 60) : 0
        // The control point sits off the midpoint, perpendicular to the chord.
        let control = GraphLayout.Point(x: (from.x + to.x) / 2 - dy / length * bend, y: (from.y + to.y) / 2 + dx / length * bend)
        func rim(_ centre: GraphLayout.Point, towards point: GraphLayout.Point, inset: Double) -> GraphLayout.Point {
            let ux = point.x - centre.x
            let uy = point.y - centre.y
            let norm = max((ux * ux + uy * uy).squareRoot(), 1)
            return GraphLayout.Point(x: centre.x + ux / norm * inset, y: centre.y + uy / norm * inset)
        }
        let start = rim(from, towards: control, inset: Self.radius + 1)
        let end = rim(to, towards: control, inset: Self.radius + 2)
        return "<path class=\"edge\(isPath ? " path" : "")\" d=\"M\(format(start.x)),\(format(start.y)) Q\(format(control.x)),\(format(control.y)) \(format(end.x)),\(format(end.y))\" marker-end=\"url(#\(isPath ? "arrow-path" : "arrow"))\"/>"
    }

    /// Columns of a label line: what fits between neighbouring nodes at the label's font size.
    static let labelColumns = 13

    /// The skill's name in at most two lines, the second cut with "…", so a teacher reads
    /// "Phép cộng và / phép trừ số…" rather than a code; the full name is in the node's `<title>`.
    func label(_ name: String, x: Double, y: Double) -> String {
        var lines = DisplayWidth.wrap(name, to: Self.labelColumns)
        if lines.count > 2 {
            // The cut may fall after a space: "phép trừ số…", not "phép trừ số …".
            var cut = String(DisplayWidth.fit(lines[1...].joined(separator: " "), to: Self.labelColumns).trimmingTrailingSpaces())
            if cut.hasSuffix(" …") { cut = String(cut.dropLast(2)).trimmingTrailingSpaces() + "…" }
            lines = [lines[0], cut]
        }
        let spans = lines.enumerated().map { index, line in
            "<tspan x=\"\(format(x))\" dy=\"\(index == 0 ? 0 : 11)\">\(HTML.escape(line))</tspan>"
        }
        return "<text class=\"label\" x=\"\(format(x))\" y=\"\(format(y))\">\(spans.joined())</text>"
    }

    private func format(_ value: Double) -> String { String(Int(value.rounded())) }
}

extension String {
    func trimmingTrailingSpaces() -> Substring {
        self[..<(lastIndex { $0 != " " }.map { index(after: $0) } ?? startIndex)]
    }
}
