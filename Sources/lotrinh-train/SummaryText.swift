import Foundation
import MasteryData

/// The human-readable form of a ``DatasetSummary``.
struct SummaryText {
    let summary: DatasetSummary

    init(_ summary: DatasetSummary) {
        self.summary = summary
    }

    func render() -> String {
        let s = summary
        var lines: [String] = []
        lines.append("Dataset: \(s.responsesFile)")
        lines.append("  answers       \(group(s.answers))  (\(group(s.rows)) rows; \(group(s.multiSkillAnswers)) answers tag several skills)")
        lines.append("  students      \(group(s.students))")
        lines.append("  skills        \(group(s.skills))  (\(group(s.skillsAnswered)) answered)")
        if let items = s.items { lines.append("  items         \(group(items))") }
        let rateName = s.outcome == "correct" ? "correct rate" : "mean score  "
        lines.append("  \(rateName)  \(String(format: "%.4f", s.meanOutcome))")
        lines.append("  answers per student  min \(s.answersPerStudent.min) / median \(number(s.answersPerStudent.median)) / max \(group(s.answersPerStudent.max))")
        lines.append("  answers per skill    min \(s.answersPerSkill.min) / median \(number(s.answersPerSkill.median)) / max \(group(s.answersPerSkill.max))  (rows)")
        if let splits = s.splitCounts {
            lines.append("  split         " + splits.keys.sorted().map { "\($0): \(group(splits[$0]!))" }.joined(separator: ", ") + "  (rows)")
        }
        if let schools = s.schools, let classes = s.classes {
            lines.append("  roster        \(group(schools)) schools, \(group(classes)) classes")
        }
        if let resources = s.resources { lines.append("  resources     \(group(resources))") }
        if !s.thinSkills.isEmpty {
            lines.append("")
            lines.append("Thin skills (fewer than \(s.minAnswersPerSkill) answers): \(s.thinSkills.count)")
            for skill in s.thinSkills.prefix(10) {
                lines.append("  \(skill.answers.description.leftPadded(5))  \(skill.id)  \(skill.name)")
            }
            if s.thinSkills.count > 10 { lines.append("  … and \(s.thinSkills.count - 10) more (--json lists all)") }
        }
        if let graph = s.graph {
            lines.append("")
            lines.append("Prerequisite graph")
            lines.append("  skills \(group(graph.skills)), edges \(group(graph.edges)), roots \(group(graph.roots)), leaves \(group(graph.leaves)), isolated \(group(graph.isolated))")
            lines.append("  depth  " + (graph.depth.map { "\($0) skills on the longest chain" } ?? "undefined while the graph has a cycle"))
            lines.append("  cycles \(graph.cycles.count)")
        }
        if !s.skipped.isEmpty {
            lines.append("")
            lines.append("Skipped rows")
            for entry in s.skipped {
                lines.append("  \(group(entry.count).leftPadded(7))  \(entry.reason)  in \(entry.file)")
                for example in entry.examples { lines.append("           e.g. \(example)") }
            }
        }
        lines.append("")
        if s.problems.isEmpty {
            lines.append("No problems found.")
        } else {
            lines.append("Problems")
            for problem in s.problems { lines.append("  \(problem.severity.rawValue): \(problem.message)") }
        }
        return lines.joined(separator: "\n")
    }

    private func group(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return result
    }

    private func number(_ value: Double) -> String {
        value == value.rounded() ? group(Int(value)) : String(format: "%.1f", value)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
