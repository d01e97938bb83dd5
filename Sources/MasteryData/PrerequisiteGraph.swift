/// The curriculum's prerequisite relation over skills `0..<skillCount`.
///
/// An edge `prerequisite → skill` means the first must be learned before the second
/// (one row of `prerequisites.csv`). Skills are the dense indices interned by the
/// readers; names stay with the caller.
///
/// Adjacency is stored as compressed sparse rows in both directions (dependents and
/// prerequisites), each a flat `[Int32]` with offsets, so a graph of tens of thousands of
/// skills costs a few bytes per edge and every neighbour list is a contiguous slice,
/// sorted by skill index (which makes every algorithm here deterministic).
public struct PrerequisiteGraph: Sendable {
    /// `prerequisite` must be learned before `skill`.
    public struct Edge: Hashable, Sendable, CustomStringConvertible {
        public var prerequisite: Int
        public var skill: Int

        public init(prerequisite: Int, skill: Int) {
            self.prerequisite = prerequisite
            self.skill = skill
        }

        public var description: String { "\(prerequisite) → \(skill)" }
    }

    public let skillCount: Int
    /// Edges given more than once to `init` (each repetition counts once); they are merged.
    public let duplicateEdgeCount: Int

    // Row `s` of the dependents CSR is `dependentTargets[dependentOffsets[s]..<dependentOffsets[s + 1]]`.
    let dependentOffsets: [Int32]
    let dependentTargets: [Int32]
    let prerequisiteOffsets: [Int32]
    let prerequisiteSources: [Int32]

    /// Builds the graph; duplicate edges are merged and counted, self-loops are kept
    /// (a skill required before itself is a cycle that `cycles()` reports).
    ///
    /// Every endpoint must lie in `0..<skillCount`: the CSV readers reject unknown skills
    /// with a line-precise error before edges reach this point, so a violation here is a
    /// programming error and traps.
    public init(skillCount: Int, edges: [Edge]) {
        precondition(skillCount >= 0 && skillCount < Int(Int32.max),
                     "skillCount \(skillCount) must be in 0..<\(Int32.max)")
        precondition(edges.count < Int(Int32.max), "\(edges.count) edges exceed the Int32 offsets")
        // One packed key per edge sorts by prerequisite, then skill: rows come out sorted
        // and duplicates become neighbours, so merging them is one pass.
        var packed = edges.map { edge -> UInt64 in
            precondition((0..<skillCount).contains(edge.prerequisite) && (0..<skillCount).contains(edge.skill),
                         "edge \(edge) names a skill outside 0..<\(skillCount)")
            return UInt64(edge.prerequisite) << 32 | UInt64(edge.skill)
        }
        packed.sort()
        var unique: [UInt64] = []
        unique.reserveCapacity(packed.count)
        for key in packed where unique.last != key { unique.append(key) }

        self.skillCount = skillCount
        self.duplicateEdgeCount = packed.count - unique.count
        (dependentOffsets, dependentTargets) = Self.compressedRows(
            rowCount: skillCount, keys: unique, row: { Int($0 >> 32) }, column: { Int32(truncatingIfNeeded: $0) })
        // Scanning `unique` (sorted by prerequisite) fills each prerequisite row in ascending order too.
        (prerequisiteOffsets, prerequisiteSources) = Self.compressedRows(
            rowCount: skillCount, keys: unique, row: { Int($0 & 0xFFFF_FFFF) }, column: { Int32($0 >> 32) })
    }

    /// Counting sort of `keys` into rows; the order of `keys` is kept within each row.
    private static func compressedRows(
        rowCount: Int, keys: [UInt64], row: (UInt64) -> Int, column: (UInt64) -> Int32
    ) -> (offsets: [Int32], columns: [Int32]) {
        var offsets = [Int32](repeating: 0, count: rowCount + 1)
        for key in keys { offsets[row(key) + 1] += 1 }
        for index in 0..<rowCount { offsets[index + 1] += offsets[index] }
        var next = offsets
        var columns = [Int32](repeating: 0, count: keys.count)
        for key in keys {
            let r = row(key)
            columns[Int(next[r])] = column(key)
            next[r] += 1
        }
        return (offsets, columns)
    }

    /// Distinct edges (duplicates merged; self-loops included).
    public var edgeCount: Int { dependentTargets.count }

    /// The skills that must be learned right before `skill`, ascending.
    public func prerequisites(of skill: Int) -> SkillList {
        SkillList(prerequisiteSources[Int(prerequisiteOffsets[skill])..<Int(prerequisiteOffsets[skill + 1])])
    }

    /// The skills that list `skill` as a direct prerequisite, ascending.
    public func dependents(of skill: Int) -> SkillList {
        SkillList(dependentTargets[Int(dependentOffsets[skill])..<Int(dependentOffsets[skill + 1])])
    }

    /// Every edge, sorted by prerequisite and then skill.
    public var edges: [Edge] {
        var result: [Edge] = []
        result.reserveCapacity(edgeCount)
        for prerequisite in 0..<skillCount {
            for skill in dependents(of: prerequisite) {
                result.append(Edge(prerequisite: prerequisite, skill: skill))
            }
        }
        return result
    }

    public func containsEdge(_ edge: Edge) -> Bool {
        dependents(of: edge.prerequisite).contains(edge.skill)
    }

    /// Skills with no prerequisite, where learning can start (isolated skills included).
    public var roots: [Int] { (0..<skillCount).filter { prerequisites(of: $0).isEmpty } }

    /// Skills nothing depends on (isolated skills included).
    public var leaves: [Int] { (0..<skillCount).filter { dependents(of: $0).isEmpty } }

    /// Skills with no edge at all: often a sign of a missing row in `prerequisites.csv`.
    public var isolated: [Int] {
        (0..<skillCount).filter { prerequisites(of: $0).isEmpty && dependents(of: $0).isEmpty }
    }
}

extension PrerequisiteGraph: Equatable {
    /// Graphs are equal when they have the same skills and the same edges; how many
    /// duplicates the input had is a fact about the input, not the graph.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.skillCount == rhs.skillCount
            && lhs.dependentOffsets == rhs.dependentOffsets
            && lhs.dependentTargets == rhs.dependentTargets
    }
}

extension PrerequisiteGraph {
    /// A neighbour list: a view into the graph's storage that reads as skill indices.
    public struct SkillList: RandomAccessCollection, Sendable, Equatable, CustomStringConvertible {
        let storage: ArraySlice<Int32>

        init(_ storage: ArraySlice<Int32>) { self.storage = storage }

        public var startIndex: Int { storage.startIndex }
        public var endIndex: Int { storage.endIndex }
        public subscript(position: Int) -> Int { Int(storage[position]) }

        /// Binary search: neighbour lists are sorted.
        public func contains(_ skill: Int) -> Bool {
            var low = startIndex, high = endIndex
            while low < high {
                let middle = (low + high) / 2
                if Int(storage[middle]) < skill { low = middle + 1 } else { high = middle }
            }
            return low < endIndex && Int(storage[low]) == skill
        }

        public var description: String { Array(self).description }
    }
}
