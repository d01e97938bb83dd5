import Reports

/// The class as a student × skill table of levels: one coloured cell per student and skill, the
/// skill's name and the student's estimate in each cell's tooltip, so a teacher sees at a glance
/// who stands where on which skill.
struct ClassGrid {
    let report: ClassReport
    let words: Words

    func render() -> String {
        let head = "<th>\(HTML.escape(words.studentColumn))</th>" + report.skills.map { skill in
            "<th class=\"skill\" title=\"\(HTML.escape("\(skill.name) (\(skill.id))"))\"><span>\(HTML.escape(skill.id))</span></th>"
        }.joined()
        let rows = zip(report.students, report.masteryGrid).map { student, masteries in
            let name = student.name.map { "\(HTML.escape($0)) <span class=\"meta\">\(HTML.escape(student.label))</span>" } ?? HTML.escape(student.label)
            let cells = zip(report.skills, masteries).map { skill, mastery in
                let level = MasteryLevel(mastery: mastery, threshold: report.threshold)
                let tooltip = "\(skill.name) (\(skill.id)): \(words.level(level)), \(words.decimal(mastery))"
                // The glyph repeats the level in shape: light yellow and light green alone are hard to tell apart.
                return "<td class=\"level-\(level.rawValue)\" style=\"background:\(MasteryColour.of(level))\" title=\"\(HTML.escape(tooltip))\">\(level.glyph)</td>"
            }.joined()
            return "<tr><th class=\"student\">\(name)</th>\(cells)</tr>"
        }.joined(separator: "\n")
        let legend = MasteryLevel.allCases.map { level in
            "<span class=\"swatch\" style=\"background:\(MasteryColour.of(level))\"></span>\(level.glyph) \(HTML.escape(words.level(level)))"
        }.joined(separator: " &nbsp; ")
        return "<table class=\"grid\"><thead><tr>\(head)</tr></thead>\n<tbody>\n\(rows)\n</tbody></table>\n"
            + "<p class=\"caption\">\(legend) · \(HTML.escape(words.levelRule(threshold: report.threshold)))</p>"
    }
}
