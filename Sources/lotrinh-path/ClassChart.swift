import Foundation
import Reports

/// The class's mastery chart as SVG: one row per skill, a bar split into the students who have
/// mastered it, are ready for it, need a prerequisite (hatched), or do not need it, and a mark at
/// the class's mean mastery (the bar's length is 100 %).
struct ClassChart {
    let skills: [ClassReport.SkillRow]
    let students: Int
    let words: Words

    static let labelWidth = 300.0
    static let barWidth = 380.0
    static let rowHeight = 17.0
    static let top = 22.0

    func render() -> String {
        let height = Self.top + Double(skills.count) * Self.rowHeight + 8
        let width = Self.labelWidth + Self.barWidth + 20
        var parts = ["<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(words.chartHeading))\">",
                     Self.hatch]
        for tick in stride(from: 0, through: 100, by: 25) {
            let x = Self.labelWidth + Self.barWidth * Double(tick) / 100
            parts.append("<line x1=\"\(Int(x))\" y1=\"\(Int(Self.top - 4))\" x2=\"\(Int(x))\" y2=\"\(Int(height - 6))\" stroke=\"#e5e7eb\"/>"
                + "<text class=\"axis\" x=\"\(Int(x))\" y=\"\(Int(Self.top - 8))\" text-anchor=\"middle\">\(tick)%</text>")
        }
        for (row, skill) in skills.enumerated() {
            let y = Self.top + Double(row) * Self.rowHeight
            let label = DisplayWidth.fit("\(skill.id)  \(skill.name)", to: 52).trimmingTrailingSpaces()
            parts.append("<g class=\"chart-row\" data-skill=\"\(HTML.escape(skill.id))\"><title>\(HTML.escape("\(skill.id) · \(skill.name) · \(words.decimal(skill.meanMastery))"))</title>")
            parts.append("<text class=\"name\" x=\"\(Int(Self.labelWidth - 8))\" y=\"\(Int(y + 11))\" text-anchor=\"end\">\(HTML.escape(String(label)))</text>")
            var x = Self.labelWidth
            let segments = [(skill.mastered, MasteryColour.of(.mastered)), (skill.ready, MasteryColour.of(.learning)),
                            (skill.needsPrerequisite, "url(#needs-prerequisite)"), (skill.notNeeded, "#c9ced6")]
            for (count, colour) in segments where count > 0 {
                let segment = Self.barWidth * Double(count) / Double(max(students, 1))
                parts.append("<rect x=\"\(format(x))\" y=\"\(format(y + 2))\" width=\"\(format(segment))\" height=\"\(format(Self.rowHeight - 5))\" fill=\"\(colour)\"/>")
                x += segment
            }
            let mark = Self.labelWidth + Self.barWidth * min(max(skill.meanMastery, 0), 1)
            parts.append("<rect x=\"\(format(mark - 1))\" y=\"\(format(y))\" width=\"2.5\" height=\"\(format(Self.rowHeight - 1))\" fill=\"#111827\"/></g>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// "Needs a prerequisite" is hatched over the "not started" colour: it differs from "mastered"
    /// in pattern and lightness, not only in hue, so it reads without telling red from green.
    private static let hatch = "<defs><pattern id=\"needs-prerequisite\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
        + "<rect width=\"5\" height=\"5\" fill=\"\(MasteryColour.of(.notStarted))\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"#8c3a33\" stroke-width=\"2\"/></pattern></defs>"

    private func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
