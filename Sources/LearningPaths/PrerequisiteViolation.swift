import MasteryData

/// A step placed before one of its prerequisites, which is not mastered either.
public struct PrerequisiteViolation: Sendable, Equatable, CustomStringConvertible {
    /// Position of the offending step in the path.
    public let position: Int
    /// The skill of that step.
    public let skill: Int
    /// The prerequisite that is neither mastered nor earlier in the path.
    public let prerequisite: Int

    /// A violation at `position` (0-based) of `skill` against `prerequisite`.
    public init(position: Int, skill: Int, prerequisite: Int) {
        self.position = position
        self.skill = skill
        self.prerequisite = prerequisite
    }

    /// One line naming the step (1-based), its skill and the prerequisite.
    public var description: String {
        "step \(position + 1) (skill \(skill)) comes before its unmastered prerequisite \(prerequisite)"
    }
}

/// Every place where `path` puts a skill before an unmastered prerequisite, and every
/// repeated skill (reported as a violation against itself). Used by the planner to check its
/// own output, and public so simulators and tests can check any order the same way.
/// `mastered` has one entry per skill; without a graph only repetitions can be violations.
public func prerequisiteViolations(in path: [Int], mastered: [Bool], graph: PrerequisiteGraph?) -> [PrerequisiteViolation] {
    // The graph's own lists: a planner's flat copy (and its topological order) would cost more
    // than the one pass it serves.
    violations(in: path.map(Int32.init), skillCount: mastered.count, isMastered: { mastered[$0] },
               lists: graph)
}

/// The planner's own check of its order.
func prerequisiteViolations(in path: [Int32], flags: UnsafeMutableBufferPointer<SkillFlags>,
                            adjacency: Adjacency?) -> [PrerequisiteViolation] {
    violations(in: path, skillCount: flags.count, isMastered: { flags[$0].contains(.mastered) },
               lists: adjacency)
}

/// Repetitions first, then steps before an unmastered prerequisite; without a graph only
/// repetitions are checked.
@inline(__always)
private func violations(in path: [Int32], skillCount: Int, isMastered: (Int) -> Bool,
                        lists: (some PrerequisiteLists)?) -> [PrerequisiteViolation] {
    withUnsafeTemporaryAllocation(of: Int32.self, capacity: skillCount) { position in
        position.initialize(repeating: -1)
        var violations: [PrerequisiteViolation] = []
        for (index, skill) in path.lazy.map(Int.init).enumerated() {
            if position[skill] >= 0 {
                violations.append(PrerequisiteViolation(position: index, skill: skill, prerequisite: skill))
            }
            position[skill] = Int32(index)
        }
        guard let lists else { return violations }
        for (index, skill) in path.lazy.map(Int.init).enumerated() {
            for prerequisite in lists.prerequisiteSkills(of: skill) where !isMastered(prerequisite) {
                let learnedAt = position[prerequisite]
                if learnedAt < 0 || Int(learnedAt) >= index {
                    violations.append(PrerequisiteViolation(position: index, skill: skill, prerequisite: prerequisite))
                }
            }
        }
        return violations
    }
}

/// Where the check reads a skill's direct prerequisites: a planner's flat lists, or a graph's own.
protocol PrerequisiteLists {
    associatedtype Skills: Sequence<Int>
    func prerequisiteSkills(of skill: Int) -> Skills
}

extension Adjacency: PrerequisiteLists {
    @inline(__always)
    func prerequisiteSkills(of skill: Int) -> LazyMapSequence<UnsafeBufferPointer<Int32>, Int> {
        prerequisites(of: skill).lazy.map(Int.init)
    }
}

extension PrerequisiteGraph: PrerequisiteLists {
    func prerequisiteSkills(of skill: Int) -> SkillList { prerequisites(of: skill) }
}
