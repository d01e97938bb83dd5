import MasteryData

extension Curriculum {
    /// A small curriculum of 10 skills and 12 prerequisite edges, two roots and depth 5: the
    /// size of the external simulator described in issue 14, so the bench can be compared with it.
    public static let smallTenSkills: Curriculum = {
        let prerequisites: [(skill: Int, needs: [Int])] = [
            (3, [1]), (4, [1]), (5, [2, 3]), (6, [3]), (7, [4, 5]), (8, [6]), (9, [7, 8]), (10, [6, 9]),
        ]
        func id(_ number: Int) -> String { number < 10 ? "S0\(number)" : "S\(number)" }
        var skills = SkillCatalog()
        for number in 1...10 {
            skills.add(id: id(number), name: "Skill \(number)", subject: "Toán", grade: "6", topic: number <= 4 ? "A" : "B")
        }
        // Skill number n has index n − 1.
        let edges = prerequisites.flatMap { entry in
            entry.needs.map { PrerequisiteGraph.Edge(prerequisite: $0 - 1, skill: entry.skill - 1) }
        }
        do {
            return try Curriculum(skills: skills, prerequisites: edges, resources: [])
        } catch {
            preconditionFailure("the built-in ten-skill curriculum is invalid: \(error)")
        }
    }()
}

/// The prerequisite graph as the bench reads it many times per answer: neighbour lists, a
/// topological order, each skill's depth and the ancestors of any set of skills.
struct BenchGraph: Sendable {
    let skillCount: Int
    let prerequisites: [[Int]]
    let dependents: [[Int]]
    /// Kahn order, smallest index first among the ready skills.
    let topologicalOrder: [Int]
    /// Length of the longest chain of prerequisites below the skill (0 for a root).
    let depth: [Int]

    init(_ curriculum: Curriculum) {
        let graph = curriculum.graph
        skillCount = graph.skillCount
        prerequisites = (0..<graph.skillCount).map { Array(graph.prerequisites(of: $0)) }
        dependents = (0..<graph.skillCount).map { Array(graph.dependents(of: $0)) }
        var waiting = prerequisites.map(\.count)
        var ready = (0..<skillCount).filter { waiting[$0] == 0 }
        var order: [Int] = []
        var depth = [Int](repeating: 0, count: skillCount)
        while let next = ready.min() {
            ready.removeAll { $0 == next }
            order.append(next)
            for dependent in dependents[next] {
                depth[dependent] = max(depth[dependent], depth[next] + 1)
                waiting[dependent] -= 1
                if waiting[dependent] == 0 { ready.append(dependent) }
            }
        }
        topologicalOrder = order
        self.depth = depth
    }

    /// Whether `skill` is `previous` itself, a direct prerequisite or a direct dependent of it:
    /// the steps a learner takes up without losing the thread.
    func isAdjacent(_ skill: Int, to previous: Int) -> Bool {
        skill == previous || prerequisites[previous].contains(skill) || dependents[previous].contains(skill)
    }

    /// `skills` and every skill they need directly or transitively, in topological order.
    func closure(of skills: [Int]) -> [Int] {
        var needed = [Bool](repeating: false, count: skillCount)
        var stack = skills
        while let skill = stack.popLast() {
            guard !needed[skill] else { continue }
            needed[skill] = true
            stack.append(contentsOf: prerequisites[skill])
        }
        return topologicalOrder.filter { needed[$0] }
    }
}
