import Reports

/// The student × skill grid of levels in text and Markdown: one glyph per cell (◔ ◑ ◕ ●, a
/// circle filled as far as the level), so it reads without colour, on paper and in a terminal.
extension ClassGrid {
    /// Skills per group of the text grid: a space after every 5 glyphs lets the eye count columns.
    static let textGroup = 5

    /// A name column, then the skills in groups of 5 under a ruler of column numbers.
    func textLines() -> [String] {
        let names = report.students.map { report.display($0.label, words: words) }
        let nameWidth = min(max(names.map(DisplayWidth.of).max() ?? 0, DisplayWidth.of(words.studentColumn)), 30)
        func pad(_ text: String) -> String {
            let fitted = DisplayWidth.fit(text, to: nameWidth)
            return fitted + String(repeating: " ", count: max(nameWidth - DisplayWidth.of(fitted), 0))
        }
        // Each group's first column number, left-aligned over its group of 5 glyphs and a space.
        let ruler = stride(from: 0, to: report.skills.count, by: Self.textGroup).map { start in
            let number = String(start + 1)
            return number + String(repeating: " ", count: max(Self.textGroup + 1 - number.count, 1))
        }.joined()
        var lines = [words.gridColumns(first: report.skills.first?.id ?? "", last: report.skills.last?.id ?? "", count: report.skills.count),
                     pad(words.studentColumn) + "  " + String(ruler.trimmingTrailingSpaces())]
        for (name, levels) in zip(names, report.levelGrid) {
            let cells = stride(from: 0, to: levels.count, by: Self.textGroup).map { start in
                String(levels[start..<min(start + Self.textGroup, levels.count)].map(\.glyph))
            }
            lines.append(pad(name) + "  " + cells.joined(separator: " "))
        }
        lines.append(words.gridLegend(threshold: report.threshold))
        return lines
    }

    /// A Markdown table: a student per row, a skill (by id) per column.
    func markdownLines() -> [String] {
        let rows = zip(report.students, report.levelGrid).map { student, levels in
            [report.display(student.label, words: words)] + levels.map { String($0.glyph) }
        }
        return Markdown.table([words.studentColumn] + report.skills.map(\.id), rows)
            + ["", Markdown.escape(words.gridLegend(threshold: report.threshold))]
    }
}
