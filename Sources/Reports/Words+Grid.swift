extension Words {
    /// Under a text or Markdown grid: each glyph's level and the levels' rule.
    public func gridLegend(threshold: Double) -> String {
        MasteryLevel.allCases.map { "\($0.glyph) \(level($0))" }.joined(separator: " · ") + " (\(levelRule(threshold: threshold)))"
    }

    /// Above a text grid, whose columns are too narrow for skill ids.
    public func gridColumns(first: String, last: String, count: Int) -> String {
        sentences.pick("Columns: the \(count) skills in the order of the skills table (\(first) … \(last)), in groups of 5.",
                       "Cột: \(count) kỹ năng theo thứ tự của bảng kỹ năng (\(first) … \(last)), mỗi nhóm 5 cột.")
    }
}
