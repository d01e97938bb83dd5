import Reports

/// The prerequisite graph as SVG: one `<g class="skill">` per skill in scope (coloured by mastery,
/// numbered by its step or a count), arrows from prerequisite to skill, and the links between the
/// path's steps drawn in blue.
struct GraphSVG {
    struct Node {
        var skill: Int
        var id: String
        var name: String
        /// Drives the colour (mastery, or the class's mean mastery).
        var mastery: Double
        /// Shown inside the circle: the step number, or a count of students.
        var number: Int?
        /// Set on the skills of a student's path; the `data-step` attribute tests read.
        var step: Int?
        /// A student's level on the skill: colours the node as the tables colour it.
        var level: MasteryLevel? = nil
    }

    let nodes: [Node]
    /// (prerequisite, skill) pairs.
    let edges: [(Int, Int)]
    let threshold: Double
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
            let title = "\(node.name) (\(node.id)) · " + (node.level.map { "\(words.level($0)), " } ?? "") + words.decimal(node.mastery) + (node.step.map { " · \(words.stepColumn) \($0)" } ?? "")
            parts.append("<g class=\"skill\(node.step != nil ? " on-path" : "")\" data-skill=\"\(HTML.escape(node.id))\""
                + (node.step.map { " data-step=\"\($0)\"" } ?? "") + ">"
                + "<title>\(HTML.escape(title))</title>"
                + "<circle cx=\"\(format(point.x))\" cy=\"\(format(point.y))\" r=\"\(format(Self.radius))\" fill=\"\(node.level.map(MasteryColour.of) ?? MasteryColour.fill(node.mastery, threshold: threshold))\"/>"
                + (node.number.map { "<text class=\"number\" x=\"\(format(point.x))\" y=\"\(format(point.y))\">\($0)</text>" } ?? "")
                + label(node.name, x: point.x, y: point.y + Self.radius + 11)
                + "</g>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
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
