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
    /// With a budget (``PlanOptions/maximumAnswers``): the skill of every answer, in order,
    /// exactly the budget long. Each step's answers are consecutive; answers left after every
    /// step's need go to the goal steps. When every goal is already mastered (no steps), the
    /// schedule reviews the goals, lowest estimate first; it is empty only when no goal can be
    /// reviewed (none mastered, the rest blocked by exclusions). Empty without a budget.
    public var practiceSchedule: [Int] = []
    /// With a budget: the answers the schedule gives each step (aligned with ``steps``; the last
    /// step may get fewer than its ``PathStep/estimatedPractice``). Empty without a budget.
    public var plannedAnswers: [Int] = []
    /// With a budget: the goals whose path did not fit into it, ascending (they are not planned).
    public var goalsBeyondBudget: [Int] = []

    /// The skills of the path, in order.
    public var skills: [Int] { steps.map(\.skill) }

    /// The answers the budget gives the step at `index` of ``steps``; nil when the path was
    /// planned without a budget (then no step has a share).
    public func plannedAnswers(ofStepAt index: Int) -> Int? {
        plannedAnswers.isEmpty ? nil : plannedAnswers[index]
    }

    /// Skills in `state`, ascending.
    public func skills(in state: SkillState) -> [Int] {
        states.indices.filter { states[$0] == state }
    }
}

/// One step of a path: what to learn and why.
public struct PathStep: Sendable, Equatable {
    /// The skill to learn (its index in the planner's skills).
    public let skill: Int
    /// Predicted mastery.
    public let mastery: Double
    /// The lower end of the mastery's interval.
    public let lower: Double
    /// The upper end of the mastery's interval.
    public let upper: Double
    /// How many of ``prerequisites`` are earlier steps rather than already mastered.
    public let prerequisitesOnPath: Int
    /// Whether the step is itself one of the goals.
    public let isGoal: Bool
    /// About how many answers until mastery. With a ``LearningCurveSource`` (what `Recommend`
    /// passes), the model's learning curve from the predicted mastery to the threshold
    /// (``LearningCurve/answers(from:toReach:cap:)``), at most ``PlanOptions/maximumPracticePerStep``.
    /// Without one, `max(1, ⌈(threshold − m) / masteryGainPerAnswer⌉)`, where `m` is the value
    /// the mastery rule judges (the interval's lower bound by default, else the estimate).
    public let estimatedPractice: Int
    /// False when the learning curve does not reach the threshold within
    /// ``PlanOptions/maximumPracticePerStep`` answers: practice alone is predicted not to be enough.
    public let practiceReachesThreshold: Bool
    /// The main reason the step is on the path.
    public let reason: StepReason
    /// What every step of the plan shares; the list-valued fields are read from it, so a step
    /// costs one reference instead of three arrays.
    let context: StepContext

    /// Every direct prerequisite; each is mastered or an earlier step of the path
    /// (see ``prerequisitesOnPath``). Empty without a graph.
    public var prerequisites: PrerequisiteGraph.SkillList {
        context.graph?.prerequisites(of: skill) ?? PlanningScope.noPrerequisites
    }

    /// The goals this step leads to: plannable goals that depend on it directly or
    /// transitively (the step itself is not included; see ``isGoal``).
    public var unlockedGoals: GoalSet { GoalSet(rows: context.goalRows, row: skill) }

    /// Learning material for the skill (empty when none was given).
    public var resources: [Resource] { context.resources?[skill] ?? [] }

    /// Equal when every public field is, the lists compared element by element.
    public static func == (lhs: PathStep, rhs: PathStep) -> Bool {
        lhs.skill == rhs.skill && lhs.mastery == rhs.mastery && lhs.lower == rhs.lower && lhs.upper == rhs.upper
            && lhs.prerequisitesOnPath == rhs.prerequisitesOnPath && lhs.isGoal == rhs.isGoal
            && lhs.estimatedPractice == rhs.estimatedPractice && lhs.practiceReachesThreshold == rhs.practiceReachesThreshold
            && lhs.reason == rhs.reason
            && lhs.prerequisites == rhs.prerequisites && lhs.unlockedGoals == rhs.unlockedGoals
            && lhs.resources == rhs.resources
    }
}

/// The curriculum and goal rows behind every step of one plan.
final class StepContext: Sendable {
    let graph: PrerequisiteGraph?
    let resources: [[Resource]]?
    let goalRows: GoalRows

    init(graph: PrerequisiteGraph?, resources: [[Resource]]?, goalRows: GoalRows) {
        self.graph = graph
        self.resources = resources
        self.goalRows = goalRows
    }
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
    let rows: GoalRows
    let row: Int

    /// The number of goals in the set.
    public var count: Int { rows.count(ofRow: row) }
    /// Whether the set has no goal.
    public var isEmpty: Bool { (0..<rows.wordsPerRow).allSatisfy { rows.word($0, ofRow: row) == 0 } }

    /// Whether `skill` is one of the goals in the set.
    public func contains(_ skill: Int) -> Bool { contains { $0 == skill } }

    /// The goals in ascending order.
    public func makeIterator() -> Iterator { Iterator(set: self) }

    /// Walks a goal set's bits word by word, lowest skill first.
    public struct Iterator: IteratorProtocol {
        let set: GoalSet
        var wordIndex: Int
        var remaining: UInt64

        init(set: GoalSet) {
            self.set = set
            wordIndex = 0
            remaining = set.rows.word(0, ofRow: set.row)
        }

        /// The next goal, or nil after the last.
        public mutating func next() -> Int? {
            while remaining == 0 {
                wordIndex += 1
                guard wordIndex < set.rows.wordsPerRow else { return nil }
                remaining = set.rows.word(wordIndex, ofRow: set.row)
            }
            let bit = wordIndex << 6 + remaining.trailingZeroBitCount
            remaining &= remaining - 1
            return set.rows.skill(atBit: bit)
        }
    }

    /// Equal when the same skills are in the set.
    public static func == (lhs: GoalSet, rhs: GoalSet) -> Bool { lhs.elementsEqual(rhs) }

    /// The goals as an array literal, e.g. `[3, 7]`.
    public var description: String { Array(self).description }
}
