import Reports

/// The Markdown of `lotrinh-path explain`.
struct ExplainMarkdown {
    let report: ExplainReport
    let words: Words

    func render() -> String {
        var lines = [Markdown.heading(1, words.explainTitle(skill: "\(report.skill.name) (\(report.skill.id))", student: report.student)), "",
                     Markdown.escape(words.answersFolded(report.answers).sentenceCased) + ".", "", Markdown.escape(report.verdictText),
                     "", Markdown.heading(2, words.prerequisitesHeading), ""]
        if report.prerequisites.isEmpty {
            lines.append(Markdown.escape(words.noPrerequisites))
        } else {
            lines += Markdown.table([words.idColumn, words.skillColumn, words.masteryColumn, words.levelColumn, words.stateColumn, words.stepColumn],
                                    report.prerequisites.map { [$0.id, $0.name, words.decimal($0.mastery) + " (" + words.interval($0.lower, $0.upper) + ")",
                                                                words.level($0.level), words.status($0.state), $0.step.map(String.init) ?? ""] },
                                    rightAligned: [5])
        }
        lines += ["", Markdown.heading(2, words.goalsHeading), ""]
        if report.isGoal { lines.append(Markdown.escape(words.isItselfGoal)) }
        if report.goalsNeedingIt.isEmpty {
            if !report.isGoal { lines.append(Markdown.escape(words.noGoalsNeedIt)) }
        } else {
            lines.append(Markdown.escape("(\(report.goalsNeedingIt.count)) " + report.goalsNeedingIt.map { "\($0.name) (\($0.id))" }.joined(separator: ", ")))
        }
        lines += ["", Markdown.heading(2, words.evidenceHeading), ""]
        if let evidence = report.evidence {
            lines += [Markdown.escape(words.evidenceMethod), ""]
            lines += Markdown.table([words.positionColumn, words.skillColumn, words.itemColumn, words.outcomeColumn, words.withoutColumn, words.changeColumn],
                                    evidence.map { [String($0.answer), $0.skills.joined(separator: ", "), $0.item ?? "–", words.outcome($0.outcome),
                                                    words.decimal($0.masteryWithout, digits: 3), words.signed($0.change)] }, rightAligned: [0, 4, 5])
        } else {
            lines.append(Markdown.escape(words.noEvidence))
        }
        return lines.joined(separator: "\n")
    }
}
