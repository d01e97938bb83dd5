import MasteryData

/// Why a path could not be planned. Every case is the caller's input except
/// ``selfCheckFailed(_:)``, which means a bug in the planner (reported, never returned as a path).
public enum PlanningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which list of skill indices an out-of-range index came from.
    public enum SkillRole: String, Sendable {
        case goal, excluded, scheduled
    }

    /// Two inputs that must describe the same skills have different lengths.
    case countMismatch(what: String, expected: Int, actual: Int)
    /// A mastery value or interval outside [0, 1], NaN, or an interval not around its estimate.
    case invalidEstimate(skill: Int, mastery: Double, lower: Double, upper: Double)
    /// A goal, excluded or scheduled skill that is not in `0..<skillCount`.
    case skillOutOfRange(skill: Int, role: SkillRole, skillCount: Int)
    /// A skill that is both excluded and scheduled: the planner cannot both skip it and put it first.
    case excludedAndScheduled(skill: Int)
    /// An option outside its domain; the text says which and why.
    case invalidOption(String)
    /// The prerequisites the goals need contain a cycle, so no order can respect them.
    /// Carries every cycle of the graph (as ``PrerequisiteGraph/cycles()`` reports them).
    case prerequisiteCycle(PrerequisiteGraph.CycleError)
    /// The planner's own check found a step before one of its prerequisites: a planner bug.
    case selfCheckFailed([PrerequisiteViolation])

    /// One line naming what is wrong and the value at fault.
    public var description: String {
        switch self {
        case let .countMismatch(what, expected, actual):
            "\(what): \(actual) values for \(expected) skills (one per skill expected)"
        case let .invalidEstimate(skill, mastery, lower, upper):
            "skill \(skill): mastery \(mastery) with interval [\(lower), \(upper)] "
                + "(expected 0 ≤ lower ≤ mastery ≤ upper ≤ 1, no NaN)"
        case let .skillOutOfRange(skill, role, skillCount):
            "\(role.rawValue) skill \(skill) is not one of the \(skillCount) skills (0..<\(skillCount))"
        case let .excludedAndScheduled(skill):
            "skill \(skill) is both excluded and scheduled: choose one"
        case let .invalidOption(text):
            "invalid planning option: \(text)"
        case let .prerequisiteCycle(cycle):
            cycle.description
        case let .selfCheckFailed(violations):
            "planner bug: the path breaks \(violations.count) prerequisite(s), first \(violations[0])"
        }
    }
}
