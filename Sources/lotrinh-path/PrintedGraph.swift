import Reports

/// The graph as a student's report prints it: the first printed steps and the skills they need
/// directly, drawn at scale 1 so its labels print at 7.5 pt (the whole scope, scaled into the
/// page, printed them at about 2 pt). When even that neighbourhood does not fit the page's width
/// and the graph's share of its height, it prints as a list of steps and what each needs.
struct PrintedGraph {
    let nodes: [GraphSVG.Node]
    /// (prerequisite, skill) pairs; those leaving ``nodes`` are ignored.
    let edges: [(Int, Int)]
    let words: Words

    /// A4's 190 mm between the margins, in CSS pixels.
    static let pageWidth = 718.0
    /// 76 mm: what the graph may take of the one printed page beside the path and the levels.
    static let maximumHeight = 287.0

    /// The skills of `steps` and their direct prerequisites in `edges`, steps first.
    static func neighbourhood(of steps: [Int], edges: [(Int, Int)]) -> [Int] {
        var members = steps
        for (prerequisite, skill) in edges where steps.contains(skill) && !members.contains(prerequisite) {
            members.append(prerequisite)
        }
        return members
    }

    /// Whether the drawing fits at scale 1; otherwise ``render()`` gives the list.
    var fitsAsDrawing: Bool {
        let layout = GraphLayout(nodes: nodes.map(\.skill), edges: edges, spacing: .print)
        return layout.width <= Self.pageWidth && layout.height <= Self.maximumHeight
    }

    func render() -> String {
        if fitsAsDrawing {
            return GraphSVG(nodes: nodes, edges: edges, words: words, spacing: .print,
                            classes: "graph printed print-only").render()
        }
        let bySkill = Dictionary(uniqueKeysWithValues: nodes.map { ($0.skill, $0) })
        let items = nodes.filter { $0.step != nil }.sorted { $0.step! < $1.step! }.map { step in
            let needs = edges.filter { $0.1 == step.skill }.compactMap { bySkill[$0.0] }.map(levelled)
            return "<li><b>\(step.step!). \(HTML.escape(step.name))</b>"
                + (needs.isEmpty ? "" : " — \(HTML.escape(words.needsDirectly)) " + needs.joined(separator: ", ")) + "</li>"
        }
        return "<ul class=\"needs print-only\">\(items.joined())</ul>"
    }

    private func levelled(_ node: GraphSVG.Node) -> String {
        "<span class=\"swatch\" style=\"background:\(MasteryColour.of(node.level))\"></span>\(HTML.escape(node.name)) (\(HTML.escape(words.level(node.level))))"
    }
}
