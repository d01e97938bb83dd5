import MasteryData

/// A step placed before one of its prerequisites, which is not mastered either.
public struct PrerequisiteViolation: Sendable, Equatable, CustomStringConvertible {
    /// Position of the offending step in the path.
    public let position: Int
    public let skill: Int
    /// The prerequisite that is neither mastered nor earlier in the path.
    public let prerequisite: Int

    public init(position: Int, skill: Int, prerequisite: Int) {
        self.position = position
        self.skill = skill
        self.prerequisite = prerequisite
    }

    public var description: String {
        "step \(position + 1) (skill \(skill)) comes before its unmastered prerequisite \(prerequisite)"
    }
}

/// Every place where `path` puts a skill before an unmastered prerequisite, and every
/// repeated skill (reported as a violation against itself). Used by the planner to check its
/// own output, and public so simulators and tests can check any order the same way.
/// `mastered` has one entry per skill; without a graph only repetitions can be violations.
public func prerequisiteViolations(in path: [Int], mastered: [Bool], graph: PrerequisiteGraph?) -> [PrerequisiteViolation] {
    violations(stepCount: path.count, skillAt: { path[$0] }, skillCount: mastered.count, isMastered: { mastered[$0] },
               prerequisites: graph.map { graph in { graph.prerequisites(of: $0) } })
}

/// The planner's own check of its order, through its flat neighbour lists.
func prerequisiteViolations(in path: [Int32], flags: UnsafeMutableBufferPointer<SkillFlags>,
                            adjacency: Adjacency?) -> [PrerequisiteViolation] {
    violations(stepCount: path.count, skillAt: { Int(path[$0]) }, skillCount: flags.count,
               isMastered: { flags[$0].contains(.mastered) }, prerequisites: adjacency.map { adjacency in
                   { adjacency.prerequisites(of: $0).lazy.map(Int.init) }
               })
}

/// Repetitions first, then steps before an unmastered prerequisite; without prerequisite
/// lists only repetitions are checked.
@inline(__always)
private func violations<Prerequisites: Sequence<Int>>(
    stepCount: Int, skillAt: (Int) -> Int, skillCount: Int, isMastered: (Int) -> Bool,
    prerequisites: ((Int) -> Prerequisites)?
) -> [PrerequisiteViolation] {
    var position = [Int32](repeating: -1, count: skillCount)
    var violations: [PrerequisiteViolation] = []
    for index in 0..<stepCount {
        let skill = skillAt(index)
        if position[skill] >= 0 {
            violations.append(PrerequisiteViolation(position: index, skill: skill, prerequisite: skill))
        }
        position[skill] = Int32(index)
    }
    guard let prerequisites else { return violations }
    for index in 0..<stepCount {
        let skill = skillAt(index)
        for prerequisite in prerequisites(skill) where !isMastered(prerequisite) {
            let learnedAt = position[prerequisite]
            if learnedAt < 0 || Int(learnedAt) >= index {
                violations.append(PrerequisiteViolation(position: index, skill: skill, prerequisite: prerequisite))
            }
        }
    }
    return violations
}
