import Recommend

/// One skill's mastery, interval, state and place on the path: a row of the `student` mastery
/// table and of the `explain` prerequisites, with the same JSON in both reports.
public struct SkillLine: Encodable, Sendable {
    public var id: String
    public var name: String
    public var mastery: Double
    /// The mastery estimate in a teacher's words.
    public var level: MasteryLevel
    public var lower: Double
    public var upper: Double
    public var state: SkillStatus
    /// Its position on the path (from 1), if it is a step.
    public var step: Int?

    /// The line of a path response's mastery entry, its name as `context` shows it.
    public init(_ entry: MasteryEntry, context: ReportContext) {
        id = entry.skillId
        name = context.display(entry.name)
        mastery = entry.mastery
        level = MasteryLevel(mastery: entry.mastery, threshold: context.threshold)
        lower = entry.lower
        upper = entry.upper
        state = entry.state ?? .notNeeded
        step = entry.step
    }
}
