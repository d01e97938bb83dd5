/// A layered drawing of a prerequisite DAG: each skill sits on the row of its longest chain of
/// prerequisites within the drawing (so every arrow points down, or right when rows are drawn as
/// columns), and each row is ordered by the
/// mean position of its neighbours (barycentre sweeps), which removes most crossings.
struct GraphLayout {
    struct Point: Equatable {
        var x: Double
        var y: Double
    }

    /// Position of each node, keyed by skill index.
    let positions: [Int: Point]
    /// Row of each node (0: no prerequisite in the drawing).
    let layers: [Int: Int]
    let width: Double
    let height: Double

    /// Distances between nodes and around the drawing, in SVG units (CSS pixels at scale 1).
    struct Spacing {
        /// Between neighbours on one row.
        var column: Double
        /// Between rows.
        var row: Double
        var margin: Double
        /// Rows drawn as columns, prerequisites on the left: a chain of steps then runs along the
        /// page's width, where a printed page has room, not down its height.
        var leftToRight = false

        /// The screen's drawing, scaled down in print as a whole.
        static let screen = Spacing(column: 76, row: 78, margin: 40)
        /// The printed drawing, shown at scale 1: neighbours as close as a two-line label under
        /// each allows, rows as far apart as a label is wide.
        static let print = Spacing(column: 62, row: 100, margin: 40, leftToRight: true)
    }

    /// `edges` are (prerequisite, skill) pairs between `nodes`; others are ignored.
    init(nodes: [Int], edges: [(Int, Int)], spacing: Spacing = .screen) {
        let members = Set(nodes)
        let inside = edges.filter { members.contains($0.0) && members.contains($0.1) }
        var predecessors: [Int: [Int]] = [:]
        var successors: [Int: [Int]] = [:]
        for (from, to) in inside {
            predecessors[to, default: []].append(from)
            successors[from, default: []].append(to)
        }
        let layers = Self.longestPathLayers(nodes: nodes, predecessors: predecessors, successors: successors)
        let depth = (layers.values.max() ?? 0) + 1
        var rows = [[Int]](repeating: [], count: depth)
        for node in nodes.sorted() { rows[layers[node]!].append(node) }
        rows = Self.orderByBarycentre(rows, predecessors: predecessors, successors: successors)
        let widest = rows.map(\.count).max() ?? 0
        let across = Double(max(widest - 1, 0)) * spacing.column + 2 * spacing.margin
        var positions: [Int: Point] = [:]
        for (row, members) in rows.enumerated() {
            let offset = (across - Double(max(members.count - 1, 0)) * spacing.column) / 2
            for (column, node) in members.enumerated() {
                let along = offset + Double(column) * spacing.column
                let down = spacing.margin + Double(row) * spacing.row
                positions[node] = spacing.leftToRight ? Point(x: down, y: along) : Point(x: along, y: down)
            }
        }
        let deep = Double(max(depth - 1, 0)) * spacing.row + 2 * spacing.margin
        self.positions = positions
        self.layers = layers
        width = spacing.leftToRight ? deep : across
        height = spacing.leftToRight ? across : deep
    }

    /// Kahn's order over the drawn subgraph: a node's row is one more than its deepest prerequisite.
    /// Nodes on a cycle (never in a model's graph, which the planner checks) go below everything.
    private static func longestPathLayers(nodes: [Int], predecessors: [Int: [Int]], successors: [Int: [Int]]) -> [Int: Int] {
        var remaining = Dictionary(uniqueKeysWithValues: nodes.map { ($0, predecessors[$0]?.count ?? 0) })
        var layer = Dictionary(uniqueKeysWithValues: nodes.map { ($0, 0) })
        var queue = nodes.filter { remaining[$0] == 0 }.sorted()
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for next in successors[node] ?? [] {
                layer[next] = max(layer[next]!, layer[node]! + 1)
                remaining[next]! -= 1
                if remaining[next] == 0 { queue.append(next) }
            }
        }
        if queue.count < nodes.count {
            let bottom = (layer.values.max() ?? 0) + 1
            for node in nodes where remaining[node]! > 0 { layer[node] = bottom }
        }
        return layer
    }

    /// Four down-and-up sweeps; ties keep the previous order, so the result is deterministic.
    private static func orderByBarycentre(_ rows: [[Int]], predecessors: [Int: [Int]], successors: [Int: [Int]]) -> [[Int]] {
        var rows = rows
        var column: [Int: Double] = [:]
        func record(_ row: [Int]) {
            let offset = -Double(row.count - 1) / 2
            for (index, node) in row.enumerated() { column[node] = offset + Double(index) }
        }
        rows.forEach(record)
        func reorder(_ row: Int, by neighbours: [Int: [Int]]) {
            let keyed = rows[row].enumerated().map { index, node -> (Double, Int, Int) in
                let placed = (neighbours[node] ?? []).compactMap { column[$0] }
                let centre = placed.isEmpty ? column[node]! : placed.reduce(0, +) / Double(placed.count)
                return (centre, index, node)
            }
            rows[row] = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
            record(rows[row])
        }
        for _ in 0..<4 {
            for row in rows.indices.dropFirst() { reorder(row, by: predecessors) }
            for row in rows.indices.reversed().dropFirst() { reorder(row, by: successors) }
        }
        return rows
    }
}
