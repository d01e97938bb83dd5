extension PrerequisiteGraph {
    /// A prerequisite graph with cycles cannot be ordered: no skill of a cycle can be
    /// learned first. Carries every cycle so the operator can fix all of them in one pass.
    public struct CycleError: Error, CustomStringConvertible, Sendable, Equatable {
        /// One entry per cyclic component, as `cycles()` returns them.
        public let cycles: [[Int]]
        /// For each entry of `cycles`: whether it is one simple cycle (each skill is a
        /// prerequisite of the next, the last of the first). When false the entry lists
        /// every skill of a tangle of several cycles, in the order a walk along edges
        /// from its smallest skill first reaches them.
        public let isSimpleCycle: [Bool]

        /// One line per cycle, e.g.
        /// `prerequisite cycle: a → b → c → a`.
        public func describe(names: (Int) -> String) -> String {
            zip(cycles, isSimpleCycle).map { cycle, isSimple in
                if isSimple {
                    return "prerequisite cycle: " + (cycle + [cycle[0]]).map(names).joined(separator: " → ")
                }
                return "prerequisite cycles among \(cycle.count) skills that all require each other: "
                    + cycle.map(names).joined(separator: ", ")
            }.joined(separator: "\n")
        }

        public var description: String {
            describe(names: { "skill \($0)" })
                + "\n(a prerequisite graph must have no cycle: remove one edge of each, or break them with breakingCycles())"
        }
    }

    /// Every cycle problem: one entry per strongly connected component with more than
    /// one skill, or with a self-loop; entries ordered by their smallest skill.
    ///
    /// An entry is an actual cycle through every skill of its component, starting at the
    /// component's smallest skill and following the edges, whenever one simple cycle
    /// covers the component (always true for a self-loop or a plain ring). Otherwise it
    /// lists all skills of the component from the smallest, in depth-first order along the
    /// edges (smaller skills first), which is as close to a cycle as the component allows.
    /// The search for a covering cycle is bounded, so huge tangles fall back to that order.
    public func cycles() -> [[Int]] { cycleReport().cycles }

    /// True when the skills can be put in an order that respects every prerequisite.
    public var isAcyclic: Bool { cyclicComponents().isEmpty }

    /// All cycles in the form `topologicalOrder()` throws.
    func cycleReport() -> CycleError {
        var search = CycleSearch(graph: self)
        var cycles: [[Int]] = []
        var isSimple: [Bool] = []
        for component in cyclicComponents() {
            if let cycle = search.coveringCycle(of: component) {
                cycles.append(cycle)
                isSimple.append(true)
            } else {
                cycles.append(search.depthFirstOrder(of: component))
                isSimple.append(false)
            }
        }
        return CycleError(cycles: cycles, isSimpleCycle: isSimple)
    }

    /// A copy without the edges that close cycles, and those edges (sorted).
    ///
    /// Rule: in each cyclic component, a depth-first walk starts at the smallest skill and
    /// visits smaller dependents first; every edge that returns to a skill still on the
    /// walk's path closes a cycle and is removed (self-loops included). Removing all of
    /// them leaves no cycle. For a component that is one ring — Junyi's 3-cycle — this is
    /// exactly the edge from the last skill of the `cycles()` entry back to its first.
    public func breakingCycles() -> (graph: PrerequisiteGraph, removed: [Edge]) {
        var search = CycleSearch(graph: self)
        let removed = cyclicComponents().flatMap { search.closingEdges(of: $0) }.sorted {
            ($0.prerequisite, $0.skill) < ($1.prerequisite, $1.skill)
        }
        let removedSet = Set(removed)
        let kept = edges.filter { !removedSet.contains($0) }
        return (PrerequisiteGraph(skillCount: skillCount, edges: kept), removed)
    }

    /// Strongly connected components that contain a cycle, each sorted ascending, ordered
    /// by smallest skill. Tarjan's algorithm with an explicit stack: a 10,000-skill chain
    /// must not overflow the call stack.
    func cyclicComponents() -> [[Int]] {
        let unvisited: Int32 = -1
        var order = [Int32](repeating: unvisited, count: skillCount)
        var lowLink = [Int32](repeating: 0, count: skillCount)
        var onStack = [Bool](repeating: false, count: skillCount)
        var componentStack: [Int32] = []
        // Each frame: a skill and the position of the next dependent edge to follow.
        var frames: [(skill: Int32, nextEdge: Int32)] = []
        var nextOrder: Int32 = 0
        var components: [[Int]] = []

        func enter(_ skill: Int32) {
            order[Int(skill)] = nextOrder
            lowLink[Int(skill)] = nextOrder
            nextOrder += 1
            componentStack.append(skill)
            onStack[Int(skill)] = true
            frames.append((skill, dependentOffsets[Int(skill)]))
        }

        for start in 0..<Int32(skillCount) where order[Int(start)] == unvisited {
            enter(start)
            while let (skill, nextEdge) = frames.last {
                let v = Int(skill)
                if nextEdge < dependentOffsets[v + 1] {
                    frames[frames.count - 1].nextEdge += 1
                    let w = dependentTargets[Int(nextEdge)]
                    if order[Int(w)] == unvisited {
                        enter(w)
                    } else if onStack[Int(w)] {
                        lowLink[v] = min(lowLink[v], order[Int(w)])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last {
                    lowLink[Int(parent.skill)] = min(lowLink[Int(parent.skill)], lowLink[v])
                }
                guard lowLink[v] == order[v] else { continue }
                var component: [Int] = []
                while true {
                    let member = componentStack.removeLast()
                    onStack[Int(member)] = false
                    component.append(Int(member))
                    if member == skill { break }
                }
                if component.count > 1 || dependents(of: v).contains(v) {
                    components.append(component.sorted())
                }
            }
        }
        return components.sorted { $0[0] < $1[0] }
    }
}

/// Walks inside one cyclic component at a time; its marks are allocated once per graph
/// and cleared after each component, so many small cycles in a big graph stay cheap.
private struct CycleSearch {
    let graph: PrerequisiteGraph
    var inComponent: [Bool]
    var marked: [Bool]
    var onPath: [Bool]

    /// Edge steps one covering-cycle search may take before giving up (the problem is a
    /// Hamiltonian cycle, exponential in the worst case); a plain ring needs one per edge.
    static let stepBudget = 1_000_000

    init(graph: PrerequisiteGraph) {
        self.graph = graph
        inComponent = [Bool](repeating: false, count: graph.skillCount)
        marked = inComponent
        onPath = inComponent
    }

    /// A simple cycle through every skill of `component`, from its smallest skill, or nil.
    mutating func coveringCycle(of component: [Int]) -> [Int]? {
        let start = component[0]
        if component.count == 1 { return [start] }  // a self-loop
        setMembership(component, true)
        defer { setMembership(component, false); clearMarks(component) }

        // Backtracking depth-first search; `cursors[i]` is the next edge of `path[i]` to try.
        var path = [start]
        var cursors = [graph.dependentOffsets[start]]
        marked[start] = true
        var steps = 0
        while let skill = path.last {
            var cursor = cursors[cursors.count - 1]
            var advanced = false
            while cursor < graph.dependentOffsets[skill + 1], steps < Self.stepBudget {
                steps += 1
                let next = Int(graph.dependentTargets[Int(cursor)])
                cursor += 1
                if next == start && path.count == component.count { return path }
                if inComponent[next] && !marked[next] {
                    cursors[cursors.count - 1] = cursor
                    path.append(next)
                    cursors.append(graph.dependentOffsets[next])
                    marked[next] = true
                    advanced = true
                    break
                }
            }
            if steps >= Self.stepBudget { return nil }
            if !advanced {
                marked[skill] = false
                path.removeLast()
                cursors.removeLast()
            }
        }
        return nil
    }

    /// Every skill of `component` in depth-first preorder from its smallest skill.
    mutating func depthFirstOrder(of component: [Int]) -> [Int] {
        var order: [Int] = []
        walk(component) { skill in order.append(skill) } closing: { _ in }
        return order
    }

    /// The edges of `component` that return to a skill on the depth-first path.
    mutating func closingEdges(of component: [Int]) -> [PrerequisiteGraph.Edge] {
        var closing: [PrerequisiteGraph.Edge] = []
        walk(component) { _ in } closing: { closing.append($0) }
        return closing
    }

    /// Depth-first walk inside `component` from its smallest skill, smaller dependents
    /// first; reports each skill when first reached and each edge back onto the path.
    private mutating func walk(
        _ component: [Int], visit: (Int) -> Void, closing: (PrerequisiteGraph.Edge) -> Void
    ) {
        setMembership(component, true)
        defer { setMembership(component, false); clearMarks(component) }
        var frames: [(skill: Int, cursor: Int32)] = []
        func enter(_ skill: Int) {
            marked[skill] = true
            onPath[skill] = true
            visit(skill)
            frames.append((skill, graph.dependentOffsets[skill]))
        }
        enter(component[0])
        while let (skill, cursor) = frames.last {
            if cursor < graph.dependentOffsets[skill + 1] {
                frames[frames.count - 1].cursor += 1
                let next = Int(graph.dependentTargets[Int(cursor)])
                guard inComponent[next] else { continue }
                if onPath[next] {
                    closing(PrerequisiteGraph.Edge(prerequisite: skill, skill: next))
                } else if !marked[next] {
                    enter(next)
                }
                continue
            }
            frames.removeLast()
            onPath[skill] = false
        }
    }

    private mutating func setMembership(_ component: [Int], _ value: Bool) {
        for skill in component { inComponent[skill] = value }
    }

    private mutating func clearMarks(_ component: [Int]) {
        for skill in component { marked[skill] = false }
    }
}
