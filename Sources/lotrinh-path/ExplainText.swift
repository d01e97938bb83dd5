import Reports

/// The text of `lotrinh-path explain`.
struct ExplainText {
    let report: ExplainReport
    let words: Words
    let style: TerminalStyle

    func render() -> String {
        var lines = [
            style.paint(words.explainTitle(skill: "\(report.skill.name) (\(report.skill.id))", student: report.student), .bold),
            words.answersFolded(report.answers),
            "",
        ]
        lines += DisplayWidth.wrap(report.verdictText, to: 100)
        lines += ["", style.paint(words.prerequisitesHeading, .bold)]
        if report.prerequisites.isEmpty {
            lines.append(words.noPrerequisites)
        } else {
            var table = TextTable(columns: [
                .init(header: words.idColumn, maximumWidth: 10, overflow: .truncate),
                .init(header: words.skillColumn, maximumWidth: 36, overflow: .truncate),
                .init(header: words.masteryColumn, maximumWidth: 27),
                .init(header: words.levelColumn, maximumWidth: 14),
                .init(header: words.stateColumn, maximumWidth: 22),
                .init(header: words.stepColumn, maximumWidth: 5, alignment: .right),
            ])
            for skill in report.prerequisites {
                table.append([TextTable.Cell(skill.id), TextTable.Cell(skill.name),
                              TextTable.Cell(StudentText.bar(skill.mastery) + " " + words.decimal(skill.mastery) + " (" + words.interval(skill.lower, skill.upper) + ")",
                                             colour: TerminalStyle.colour(forMastery: skill.lower, threshold: report.threshold)),
                              TextTable.Cell(words.level(skill.level)),
                              TextTable.Cell(words.status(skill.state), colour: StudentText.colour(of: skill.state)),
                              TextTable.Cell(skill.step.map(String.init) ?? "")])
            }
            lines += table.render(style: style)
        }
        lines += ["", style.paint(words.goalsHeading, .bold)]
        if report.isGoal { lines.append(words.isItselfGoal) }
        if report.goalsNeedingIt.isEmpty {
            if !report.isGoal { lines.append(words.noGoalsNeedIt) }
        } else {
            lines += DisplayWidth.wrap("(\(report.goalsNeedingIt.count)) " + report.goalsNeedingIt.map { "\($0.name) (\($0.id))" }.joined(separator: ", "), to: 100)
        }
        lines += ["", style.paint(words.evidenceHeading, .bold)]
        guard let evidence = report.evidence else {
            lines += DisplayWidth.wrap(words.noEvidence, to: 100)
            return lines.joined(separator: "\n")
        }
        lines += DisplayWidth.wrap(words.evidenceMethod, to: 100)
        var table = TextTable(columns: [
            .init(header: words.positionColumn, maximumWidth: 8, alignment: .right),
            .init(header: words.skillColumn, maximumWidth: 20),
            .init(header: words.itemColumn, maximumWidth: 10, overflow: .truncate),
            .init(header: words.outcomeColumn, maximumWidth: 8),
            .init(header: words.withoutColumn, maximumWidth: 14, alignment: .right),
            .init(header: words.changeColumn, maximumWidth: 9, alignment: .right),
        ])
        for answer in evidence {
            table.append([TextTable.Cell(String(answer.answer)), TextTable.Cell(answer.skills.joined(separator: ", ")),
                          TextTable.Cell(answer.item ?? "–"), TextTable.Cell(words.outcome(answer.outcome)),
                          TextTable.Cell(words.decimal(answer.masteryWithout, digits: 3)),
                          TextTable.Cell(words.signed(answer.change), colour: answer.change >= 0 ? .green : .red)])
        }
        lines += table.render(style: style)
        return lines.joined(separator: "\n")
    }
}
