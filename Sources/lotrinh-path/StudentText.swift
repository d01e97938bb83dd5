import Recommend
import Reports

/// The text of `lotrinh-path student`: a summary, the path as a table with each step's learning
/// material under it, why the first step comes first, and (optionally) every skill's mastery.
struct StudentText {
    let report: StudentReport
    let words: Words
    let showMastery: Bool
    let style: TerminalStyle

    func render() -> String {
        var lines = [
            style.paint(words.student(report.displayName(words: words)), .bold) + ": " + words.answersFolded(report.answers),
            words.counts(mastered: report.mastered, ready: report.ready, blocked: report.blocked)
                + "  (" + words.rule(threshold: report.threshold, confidence: report.confidence) + ")",
        ]
        if let goals = report.goals { lines.append(words.goals(goals)) }
        if !report.graphGiven { lines.append(words.noGraph) }
        lines.append("")
        lines.append(style.paint(words.pathHeading(steps: report.path.count, omitted: report.omittedByLength), .bold))
        if report.path.isEmpty {
            lines.append(words.nothingToLearn)
        } else {
            lines += pathTable().render(style: style)
            if let schedule = report.practiceSchedule {
                lines.append("")
                lines.append(words.schedule(answers: schedule.count,
                                            steps: report.path.map { ($0.id, $0.plannedAnswers ?? 0) },
                                            beyond: report.goalsBeyondBudget ?? []))
            }
            lines.append("")
            lines.append(words.whyStep(1) + report.path[0].explanation)
        }
        if showMastery, let skills = report.skills {
            lines.append("")
            lines.append(style.paint(words.allSkillsHeading, .bold))
            lines += masteryTable(skills).render(style: style)
        }
        return lines.joined(separator: "\n")
    }

    private func pathTable() -> TextTable {
        var table = TextTable(columns: [
            .init(header: "#", maximumWidth: 3, alignment: .right),
            .init(header: words.idColumn, maximumWidth: 10, overflow: .truncate),
            .init(header: words.skillColumn, maximumWidth: 28),
            .init(header: words.masteryColumn, maximumWidth: 27),
            .init(header: words.levelColumn, maximumWidth: 14),
            .init(header: words.stateColumn, maximumWidth: 22),
            .init(header: words.practiceColumn, maximumWidth: 9),
            .init(header: words.reasonColumn, maximumWidth: 22),
        ])
        for step in report.path {
            table.append([
                TextTable.Cell(String(step.step)), TextTable.Cell(step.id), TextTable.Cell(step.name),
                masteryCell(step.mastery, step.lower, step.upper), TextTable.Cell(words.level(step.level)),
                TextTable.Cell(words.status(step.state), colour: Self.colour(of: step.state)),
                TextTable.Cell(words.practice(step.estimatedPractice, reachesThreshold: step.practiceReachesThreshold)), TextTable.Cell(step.reasonText),
            ], notes: step.resources.prefix(2).map { "→ \($0.title)  \($0.url)" })
        }
        return table
    }

    private func masteryTable(_ skills: [SkillLine]) -> TextTable {
        var table = TextTable(columns: [
            .init(header: words.idColumn, maximumWidth: 10, overflow: .truncate),
            .init(header: words.skillColumn, maximumWidth: 36, overflow: .truncate),
            .init(header: words.masteryColumn, maximumWidth: 27),
            .init(header: words.levelColumn, maximumWidth: 14),
            .init(header: words.stateColumn, maximumWidth: 22),
            .init(header: words.stepColumn, maximumWidth: 5, alignment: .right),
        ])
        for skill in skills {
            table.append([TextTable.Cell(skill.id), TextTable.Cell(skill.name), masteryCell(skill.mastery, skill.lower, skill.upper),
                          TextTable.Cell(words.level(skill.level)),
                          TextTable.Cell(words.status(skill.state), colour: Self.colour(of: skill.state)),
                          TextTable.Cell(skill.step.map(String.init) ?? "")])
        }
        return table
    }

    private func masteryCell(_ mastery: Double, _ lower: Double, _ upper: Double) -> TextTable.Cell {
        TextTable.Cell(Self.bar(mastery) + " " + words.decimal(mastery) + " (" + words.interval(lower, upper) + ")",
                       colour: TerminalStyle.colour(forMastery: lower, threshold: report.threshold))
    }

    static func colour(of status: SkillStatus) -> TerminalStyle.Colour? {
        switch status {
        case .mastered: .green
        case .ready: .yellow
        case .needsPrerequisite: .red
        case .notNeeded: .dim
        }
    }

    /// Ten cells, one per tenth of mastery.
    static func bar(_ value: Double) -> String {
        let filled = min(10, max(0, Int((value * 10).rounded())))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: 10 - filled)
    }
}
