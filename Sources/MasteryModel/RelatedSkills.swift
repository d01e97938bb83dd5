/// For each skill, the skills next to it in the prerequisite graph in either direction (its
/// prerequisites and its dependents, each once, never itself): the neighbours whose practice
/// ``PracticeFeature/relatedWins`` and ``PracticeFeature/relatedFails`` count.
///
/// Compressed rows: skill `s`'s neighbours are `neighbours[offsets[s]..<offsets[s + 1]]`, ascending.
public struct RelatedSkills: Sendable, Equatable {
    private let offsets: [Int32]
    private let neighbours: [Int32]

    /// No skill has a neighbour (a model without a graph).
    public static let none = RelatedSkills(offsets: [], neighbours: [])

    private init(offsets: [Int32], neighbours: [Int32]) {
        self.offsets = offsets
        self.neighbours = neighbours
    }

    /// The neighbours of the graph whose edges are `edges` (prerequisite, skill index pairs, every
    /// index below `skillCount`); repeated edges and self-loops add nothing.
    public init(skillCount: Int, edges: [(prerequisite: Int, skill: Int)]) {
        var pairs: [UInt64] = []
        pairs.reserveCapacity(2 * edges.count)
        for edge in edges where edge.prerequisite != edge.skill {
            precondition((0..<skillCount).contains(edge.prerequisite) && (0..<skillCount).contains(edge.skill),
                         "edge \(edge) names a skill outside 0..<\(skillCount)")
            pairs.append(UInt64(edge.prerequisite) << 32 | UInt64(edge.skill))
            pairs.append(UInt64(edge.skill) << 32 | UInt64(edge.prerequisite))
        }
        pairs.sort()
        var offsets = [Int32](repeating: 0, count: skillCount + 1)
        var neighbours: [Int32] = []
        neighbours.reserveCapacity(pairs.count)
        var previous: UInt64?
        for pair in pairs where pair != previous {
            previous = pair
            offsets[Int(pair >> 32) + 1] += 1
            neighbours.append(Int32(truncatingIfNeeded: pair))
        }
        for skill in 0..<skillCount { offsets[skill + 1] += offsets[skill] }
        self.init(offsets: offsets, neighbours: neighbours)
    }

    /// The neighbours of a model's stored graph (`ModelMetadata.prerequisites`, pairs already
    /// checked by the model file's rules); ``none`` without a graph.
    public init(skillCount: Int, metadataEdges: [[Int]]?) {
        guard let metadataEdges, !metadataEdges.isEmpty else {
            self = .none
            return
        }
        self.init(skillCount: skillCount, edges: metadataEdges.map { (prerequisite: $0[0], skill: $0[1]) })
    }

    /// Whether some skill has a neighbour.
    public var isEmpty: Bool { neighbours.isEmpty }

    /// The neighbours of `skill`, ascending.
    public func neighbours(of skill: Int) -> ArraySlice<Int32> {
        guard skill + 1 < offsets.count else { return [] }
        return neighbours[Int(offsets[skill])..<Int(offsets[skill + 1])]
    }

    /// Wins and fails summed over `skill`'s neighbours, read from dense per-skill counts.
    @inline(__always)
    func sums(around skill: Int, wins: UnsafePointer<Double>, fails: UnsafePointer<Double>) -> (wins: Double, fails: Double) {
        var sumWins = 0.0, sumFails = 0.0
        guard skill + 1 < offsets.count else { return (0, 0) }
        for index in Int(offsets[skill])..<Int(offsets[skill + 1]) {
            let neighbour = Int(neighbours[index])
            sumWins += wins[neighbour]
            sumFails += fails[neighbour]
        }
        return (sumWins, sumFails)
    }

    /// Wins and fails summed over `skill`'s neighbours, read from a student's tallies.
    func sums(around skill: Int, wins: PracticeTally, fails: PracticeTally) -> (wins: Double, fails: Double) {
        var sumWins = 0.0, sumFails = 0.0
        for neighbour in neighbours(of: skill) {
            sumWins += wins[Int(neighbour)] ?? 0
            sumFails += fails[Int(neighbour)] ?? 0
        }
        return (sumWins, sumFails)
    }
}
