import Reports

/// The Markdown of `lotrinh-path class`.
struct ClassMarkdown {
    let report: ClassReport
    let words: Words

    func render() -> String {
        let names = Dictionary(uniqueKeysWithValues: report.skills.map { ($0.id, $0.name) })
        var lines = [Markdown.heading(1, words.classReportTitle + " · " + words.classScope(report)), "",
                     Markdown.escape(words.rule(threshold: report.threshold, confidence: report.confidence)) + "."]
        if let goals = report.goals { lines += ["", Markdown.escape(words.goals(goals))] }
        if report.idsHidden { lines += ["", Markdown.escape(words.hiddenIdsNote)] }

        lines += ["", Markdown.heading(2, words.skillsHeading), ""]
        lines += Markdown.table([words.idColumn, words.skillColumn, words.classMasteryColumn, words.masteredColumn, words.readyColumn, words.needsColumn],
                                report.skills.map { [$0.id, $0.name, words.decimal($0.meanMastery), String($0.mastered), String($0.ready), String($0.needsPrerequisite)] },
                                rightAligned: [2, 3, 4, 5])

        lines += ["", Markdown.heading(2, words.groupsHeading), ""]
        if report.groups.isEmpty {
            lines.append(Markdown.escape(words.noGroups))
        } else {
            lines += Markdown.table([words.nextStepsColumn, words.studentsColumn],
                                    report.groups.map { [$0.nextSteps.map { names[$0] ?? $0 }.joined(separator: " → "),
                                                         "(\($0.students.count)) " + $0.students.map(display).joined(separator: ", ")] })
        }

        lines += ["", Markdown.heading(2, words.stuckHeading), ""]
        if report.stuck.isEmpty {
            lines.append(Markdown.escape(words.noneStuck))
        } else {
            lines += report.stuck.map { "- " + Markdown.strong(display($0.student)) + ": " + Markdown.escape($0.detail) }
        }

        if !report.weakestPrerequisites.isEmpty {
            lines += ["", Markdown.heading(2, words.weakestHeading), ""]
            lines += Markdown.table([words.idColumn, words.skillColumn, words.classMasteryColumn, words.notMasteredByColumn, words.dependentsColumn],
                                    report.weakestPrerequisites.map { [$0.id, $0.name, words.decimal($0.meanMastery), String($0.notMasteredBy), String($0.dependents)] },
                                    rightAligned: [2, 3, 4])
        }

        lines += ["", Markdown.heading(2, words.studentsHeading), ""]
        lines += Markdown.table([words.studentColumn, words.answersColumn, words.meanMasteryColumn, words.masteredColumn, words.readyColumn,
                                 words.needsColumn, words.nextStepColumn],
                                report.students.map { [display($0.label), $0.answers.map(String.init) ?? "–", words.decimal($0.meanMastery), String($0.mastered),
                                                       String($0.ready), String($0.needsPrerequisite), $0.nextSteps.first.map { names[$0] ?? $0 } ?? "–"] },
                                rightAligned: [1, 2, 3, 4, 5])

        lines += ["", Markdown.heading(2, words.gridHeading), ""]
        lines += ClassGrid(report: report, words: words).markdownLines()
        return lines.joined(separator: "\n")
    }

    private func display(_ label: String) -> String { report.display(label, words: words) }
}
