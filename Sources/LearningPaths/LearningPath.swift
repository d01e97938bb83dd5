import MasteryData

/// Where a skill stands for one student and one set of goals.
public enum SkillState: UInt8, Sendable, Equatable {
    /// At or above the threshold with enough confidence (whether needed or not).
    case mastered
    /// Needed, not mastered, every prerequisite mastered: can be learned now (the outer fringe).
    case ready
    /// Needed, not mastered, and some prerequisite is not mastered yet.
    case blocked
    /// Not mastered, but neither a goal, an ancestor of one, nor scheduled.
    case notNeeded
}

/// An ordered learning path with the facts behind it.
public struct LearningPath: Sendable, Equatable {
    /// The steps in order; every prerequisite of a step is mastered or an earlier step.
    public let steps: [PathStep]
    /// The state of every skill, indexed by skill.
    public let states: [SkillState]
    /// False when no prerequisite graph was given: the path is then a ranking only.
    public let graphGiven: Bool
    /// The goals planned for, ascending and without duplicates.
    public let goals: [Int]
    /// Needed skills that could have been planned but fell beyond ``PlanOptions/maximumLength``.
    public let omittedByLength: Int
    /// Needed, unmastered skills left off because an excluded skill they depend on (directly
    /// or through other unmastered skills) is not mastered; ascending.
    public let blockedByExclusion: [Int]

    /// The skills of the path, in order.
    public var skills: [Int] { steps.map(\.skill) }

    /// Skills in `state`, ascending.
    public func skills(in state: SkillState) -> [Int] {
        states.indices.filter { states[$0] == state }
    }
}

/// One step of a path: what to learn and why.
public struct PathStep: Sendable, Equatable {
    public let skill: Int
    /// Predicted mastery and its interval.
    public let mastery: Double
    public let lower: Double
    public let upper: Double
    /// Every direct prerequisite; each is mastered or an earlier step of the path
    /// (see ``prerequisitesOnPath``). Empty without a graph.
    public let prerequisites: PrerequisiteGraph.SkillList
    /// How many of ``prerequisites`` are earlier steps rather than already mastered.
    public let prerequisitesOnPath: Int
    /// The goals this step leads to: plannable goals that depend on it directly or
    /// transitively (the step itself is not included; see ``isGoal``).
    public let unlockedGoals: GoalSet
    /// Whether the step is itself one of the goals.
    public let isGoal: Bool
    /// About how many answers until mastery:
    /// `max(1, ⌈(threshold − m) / masteryGainPerAnswer⌉)`, where `m` is the value the
    /// mastery rule judges (the interval's lower bound by default, else the estimate).
    public let estimatedPractice: Int
    /// Learning material for the skill (empty when none was given).
    public let resources: [Resource]
    /// The main reason the step is on the path.
    public let reason: StepReason
}

/// The main reason a step is on the path, most specific first.
public enum StepReason: Sendable, Equatable {
    /// The student's agenda already contains it (or it is needed before something that does).
    case scheduled
    /// Predicted at or above the threshold, but the evidence is too thin to call it mastered.
    case confirmMastery
    /// It is one of the goals.
    case goal
    /// Goals depend on it (the count is ``PathStep/unlockedGoals``' count).
    case prerequisite(goalCount: Int)
}

/// A set of goal skills stored as one bit row of a plan-wide table, so each step carries
/// its goals without an allocation of its own. Iterates skills in ascending order.
public struct GoalSet: Sequence, Sendable, Equatable, CustomStringConvertible {
    let words: ArraySlice<UInt64>
    /// Skill index of each bit position, shared by every set of one plan.
    let goalSkills: [Int32]

    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    public func contains(_ skill: Int) -> Bool { contains { $0 == skill } }

    public func makeIterator() -> Iterator { Iterator(set: self) }

    public struct Iterator: IteratorProtocol {
        let set: GoalSet
        var wordIndex: Int
        var remaining: UInt64

        init(set: GoalSet) {
            self.set = set
            wordIndex = set.words.startIndex
            remaining = set.words.first ?? 0
        }

        public mutating func next() -> Int? {
            while remaining == 0 {
                wordIndex += 1
                guard wordIndex < set.words.endIndex else { return nil }
                remaining = set.words[wordIndex]
            }
            let bit = (wordIndex - set.words.startIndex) << 6 + remaining.trailingZeroBitCount
            remaining &= remaining - 1
            return Int(set.goalSkills[bit])
        }
    }

    /// Equal when the same skills are in the set.
    public static func == (lhs: GoalSet, rhs: GoalSet) -> Bool { Array(lhs) == Array(rhs) }

    public var description: String { Array(self).description }
}
