import MasteryData

/// The prerequisite graph's neighbour lists in both directions, copied once per planner into
/// flat storage that the per-request walks read through raw pointers, and one topological
/// order of the whole graph when it has no cycle.
///
/// The graph's own lists are array slices: every visit retains and releases the graph's
/// storage and checks bounds, which on a 1,000-skill request made up a third of the planner's
/// time. The planner is fixed per curriculum, so the copy is paid once.
final class Adjacency: @unchecked Sendable {
    // @unchecked: written only in `init`, read-only afterwards.
    private let prerequisiteOffsets: UnsafeMutableBufferPointer<Int32>
    private let prerequisiteSkills: UnsafeMutableBufferPointer<Int32>
    private let dependentOffsets: UnsafeMutableBufferPointer<Int32>
    private let dependentSkills: UnsafeMutableBufferPointer<Int32>
    /// Every skill after all its prerequisites; nil when the graph has a cycle (a request
    /// then walks its closure depth-first, which finds whether the cycle is in the way).
    let topologicalOrder: [Int32]?

    init(_ graph: PrerequisiteGraph) {
        (prerequisiteOffsets, prerequisiteSkills) = Self.flatten(graph.skillCount, graph.edgeCount, graph.prerequisites(of:))
        (dependentOffsets, dependentSkills) = Self.flatten(graph.skillCount, graph.edgeCount, graph.dependents(of:))
        // Any order that puts prerequisites first serves; a cycle's report is built once here.
        topologicalOrder = (try? graph.topologicalOrder())?.map(Int32.init)
    }

    deinit {
        for buffer in [prerequisiteOffsets, prerequisiteSkills, dependentOffsets, dependentSkills] { buffer.deallocate() }
    }

    private static func flatten(_ skillCount: Int, _ edgeCount: Int, _ neighbours: (Int) -> PrerequisiteGraph.SkillList)
        -> (UnsafeMutableBufferPointer<Int32>, UnsafeMutableBufferPointer<Int32>) {
        let offsets = UnsafeMutableBufferPointer<Int32>.allocate(capacity: skillCount + 1)
        let skills = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(edgeCount, 1))
        var next = 0
        for skill in 0..<skillCount {
            offsets[skill] = Int32(next)
            for neighbour in neighbours(skill) {
                skills[next] = Int32(neighbour)
                next += 1
            }
        }
        offsets[skillCount] = Int32(next)
        return (offsets, skills)
    }

    /// The direct prerequisites of `skill`, ascending.
    @inline(__always)
    func prerequisites(of skill: Int) -> UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(rebasing: prerequisiteSkills[Int(prerequisiteOffsets[skill])..<Int(prerequisiteOffsets[skill + 1])])
    }

    /// The skills that list `skill` as a direct prerequisite, ascending.
    @inline(__always)
    func dependents(of skill: Int) -> UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(rebasing: dependentSkills[Int(dependentOffsets[skill])..<Int(dependentOffsets[skill + 1])])
    }
}
