extension PrerequisiteGraph {
    /// The same prerequisite relation with the fewest edges: every edge that a longer
    /// chain already implies is removed (the result is unique for an acyclic graph).
    public func transitiveReduction() throws(CycleError) -> PrerequisiteGraph {
        let redundant = Set(try redundantEdges())
        return PrerequisiteGraph(skillCount: skillCount, edges: edges.filter { !redundant.contains($0) })
    }

    /// The edges `a → c` for which a longer chain `a → b → … → c` exists, sorted: they
    /// add no constraint and only clutter reports and path explanations.
    ///
    /// Skills are processed in reverse topological order, each keeping a bit row of all
    /// skills it reaches. A skill's dependents are taken earliest-in-order first, so any
    /// longer chain to a dependent passes through one taken before it: the dependent is
    /// already in the row exactly when its edge is implied. Memory is skillCount² bits
    /// (12.5 MB for 10,000 skills).
    public func redundantEdges() throws(CycleError) -> [Edge] {
        let order = try topologicalOrder()
        var position = [Int](repeating: 0, count: skillCount)
        for (index, skill) in order.enumerated() { position[skill] = index }

        let wordsPerRow = (skillCount + 63) / 64
        var reach = [UInt64](repeating: 0, count: skillCount * wordsPerRow)
        var redundant: [Edge] = []
        reach.withUnsafeMutableBufferPointer { reach in
            for skill in order.reversed() {
                let row = skill * wordsPerRow
                for dependent in dependents(of: skill).sorted(by: { position[$0] < position[$1] }) {
                    let word = row + dependent >> 6, bit: UInt64 = 1 << UInt64(dependent & 63)
                    if reach[word] & bit != 0 {
                        redundant.append(Edge(prerequisite: skill, skill: dependent))
                        continue
                    }
                    reach[word] |= bit
                    let dependentRow = dependent * wordsPerRow
                    for offset in 0..<wordsPerRow { reach[row + offset] |= reach[dependentRow + offset] }
                }
            }
        }
        return redundant.sorted { ($0.prerequisite, $0.skill) < ($1.prerequisite, $1.skill) }
    }
}
