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
        topologicalOrder = Self.kahnOrder(skillCount: graph.skillCount, prerequisiteOffsets: prerequisiteOffsets,
                                          dependentOffsets: dependentOffsets, dependentSkills: dependentSkills)
    }

    deinit {
        for buffer in [prerequisiteOffsets, prerequisiteSkills, dependentOffsets, dependentSkills] { buffer.deallocate() }
    }

    /// Kahn's algorithm over the flat lists; nil when some skills never become free (a cycle).
    private static func kahnOrder(skillCount: Int, prerequisiteOffsets: UnsafeMutableBufferPointer<Int32>,
                                  dependentOffsets: UnsafeMutableBufferPointer<Int32>,
                                  dependentSkills: UnsafeMutableBufferPointer<Int32>) -> [Int32]? {
        var waiting = (0..<skillCount).map { prerequisiteOffsets[$0 + 1] - prerequisiteOffsets[$0] }
        var order = (0..<skillCount).filter { waiting[$0] == 0 }.map(Int32.init)
        order.reserveCapacity(skillCount)
        var next = 0
        while next < order.count {
            let skill = Int(order[next])
            for edge in Int(dependentOffsets[skill])..<Int(dependentOffsets[skill + 1]) {
                let dependent = Int(dependentSkills[edge])
                waiting[dependent] -= 1
                if waiting[dependent] == 0 { order.append(Int32(dependent)) }
            }
            next += 1
        }
        return order.count == skillCount ? order : nil
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
