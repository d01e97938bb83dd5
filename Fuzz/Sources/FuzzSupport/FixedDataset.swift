/// A tiny valid responses and skills file, for targets that fuzz a file which must refer to known
/// skills (prerequisites, resources). Written once per process.
public struct FixedDataset: Sendable {
    public let responses = ScratchFile("fixed-responses.csv")
    public let skills = ScratchFile("fixed-skills.csv")
    /// The skill ids of the fixed files: short, so mutations of a seed hit them often.
    public static let skillIds = ["a", "b", "c", "d", "e", "f", "g", "h"]

    public init() {
        responses.write("student_id,skill_id,correct\n" + Self.skillIds.enumerated().map { "s\($0.offset % 3),\($0.element),\($0.offset % 2)\n" }.joined())
        skills.write("skill_id,name,topic\n" + Self.skillIds.map { "\($0),Kỹ năng \($0),t\($0 < "e" ? 1 : 2)\n" }.joined())
    }
}
