extension PrerequisiteGraph {
    /// Every skill, each after all of its prerequisites.
    ///
    /// Kahn's algorithm; among the skills ready at the same time the smallest index comes
    /// first, so the order is the same on every run and every machine.
    public func topologicalOrder() throws(CycleError) -> [Int] {
        var missingPrerequisites = (0..<skillCount).map { Int32(prerequisites(of: $0).count) }
        var ready = MinHeap()
        for skill in 0..<skillCount where missingPrerequisites[skill] == 0 { ready.insert(Int32(skill)) }
        var order: [Int] = []
        order.reserveCapacity(skillCount)
        while let skill = ready.popMin() {
            order.append(Int(skill))
            for dependent in dependents(of: Int(skill)) {
                missingPrerequisites[dependent] -= 1
                if missingPrerequisites[dependent] == 0 { ready.insert(Int32(dependent)) }
            }
        }
        // Skills on or behind a cycle never become ready.
        guard order.count == skillCount else { throw cycleReport() }
        return order
    }

    /// For every skill, the number of skills on the longest prerequisite chain leading to
    /// it (its depth in the curriculum): 0 for roots, 1 + the deepest prerequisite otherwise.
    public func levels() throws(CycleError) -> [Int] {
        var levels = [Int](repeating: 0, count: skillCount)
        for skill in try topologicalOrder() {
            for dependent in dependents(of: skill) {
                levels[dependent] = max(levels[dependent], levels[skill] + 1)
            }
        }
        return levels
    }

    /// The level of one skill; computes all levels, so call `levels()` once for many.
    public func level(of skill: Int) throws(CycleError) -> Int {
        try levels()[skill]
    }

    /// The number of skills on the longest prerequisite chain (0 for an empty graph):
    /// how many steps the deepest learning path can need.
    public func longestChainLength() throws(CycleError) -> Int {
        try levels().max().map { $0 + 1 } ?? 0
    }
}

extension PrerequisiteGraph {
    /// A binary min-heap of skill indices: Kahn's ready set with smallest-index-first tie-break.
    struct MinHeap {
        private var storage: [Int32] = []

        mutating func insert(_ value: Int32) {
            storage.append(value)
            var child = storage.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard storage[child] < storage[parent] else { break }
                storage.swapAt(child, parent)
                child = parent
            }
        }

        mutating func popMin() -> Int32? {
            guard let last = storage.popLast() else { return nil }
            guard !storage.isEmpty else { return last }
            let minimum = storage[0]
            storage[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < storage.count && storage[left] < storage[smallest] { smallest = left }
                if right < storage.count && storage[right] < storage[smallest] { smallest = right }
                guard smallest != parent else { return minimum }
                storage.swapAt(parent, smallest)
                parent = smallest
            }
        }
    }
}
