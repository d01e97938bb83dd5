/// The curriculum's prerequisite DAG by skill index, in compressed rows both ways, for the
/// generator's hot loop (the project's general graph type lives in MasteryData; this one is
/// the few arrays the simulation needs).
struct SkillGraph: Sendable {
    let skillCount: Int
    /// Prerequisites of skill `s`: `prerequisiteIndices[prerequisiteOffsets[s]..<prerequisiteOffsets[s + 1]]`.
    let prerequisiteOffsets: [Int]
    let prerequisiteIndices: [Int32]
    /// Skills that list `s` as a prerequisite, same layout.
    let dependentOffsets: [Int]
    let dependentIndices: [Int32]
    /// Skills without prerequisites: where every student starts.
    let roots: [Int32]

    /// Builds from a curriculum whose edges name known skills (checked by `Curriculum.init`).
    init(_ curriculum: Curriculum) {
        var indexByID: [String: Int] = [:]
        for (index, skill) in curriculum.skills.enumerated() {
            indexByID[skill.id] = index
        }
        let edges = curriculum.prerequisites.map { edge in
            (prerequisite: indexByID[edge.prerequisiteID]!, skill: indexByID[edge.skillID]!)
        }
        let count = curriculum.skills.count
        let (offsets, indices) = Self.compressedRows(count: count, edges.map { ($0.skill, $0.prerequisite) })
        skillCount = count
        (prerequisiteOffsets, prerequisiteIndices) = (offsets, indices)
        (dependentOffsets, dependentIndices) = Self.compressedRows(count: count, edges.map { ($0.prerequisite, $0.skill) })
        roots = (0..<count).filter { offsets[$0] == offsets[$0 + 1] }.map(Int32.init)
    }

    func prerequisiteCount(of skill: Int) -> Int {
        prerequisiteOffsets[skill + 1] - prerequisiteOffsets[skill]
    }

    func prerequisites(of skill: Int) -> ArraySlice<Int32> {
        prerequisiteIndices[prerequisiteOffsets[skill]..<prerequisiteOffsets[skill + 1]]
    }

    func dependents(of skill: Int) -> ArraySlice<Int32> {
        dependentIndices[dependentOffsets[skill]..<dependentOffsets[skill + 1]]
    }

    /// Kahn's algorithm; returns the skills it could not order (on or after a cycle), empty for a DAG.
    func skillsOutsideTopologicalOrder() -> [Int] {
        var waitingFor = (0..<skillCount).map(prerequisiteCount(of:))
        var ready = roots.map(Int.init)
        var ordered = 0
        while let skill = ready.popLast() {
            ordered += 1
            for dependent in dependents(of: skill) {
                waitingFor[Int(dependent)] -= 1
                if waitingFor[Int(dependent)] == 0 {
                    ready.append(Int(dependent))
                }
            }
        }
        guard ordered < skillCount else { return [] }
        return (0..<skillCount).filter { waitingFor[$0] > 0 }
    }

    /// Rows of `(row, value)` pairs in compressed form, values kept in input order within a row.
    private static func compressedRows(count: Int, _ pairs: [(Int, Int)]) -> ([Int], [Int32]) {
        var offsets = [Int](repeating: 0, count: count + 1)
        for (row, _) in pairs {
            offsets[row + 1] += 1
        }
        for row in 0..<count {
            offsets[row + 1] += offsets[row]
        }
        var cursor = offsets
        var values = [Int32](repeating: 0, count: pairs.count)
        for (row, value) in pairs {
            values[cursor[row]] = Int32(value)
            cursor[row] += 1
        }
        return (offsets, values)
    }
}
