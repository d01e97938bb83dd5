import Reports

/// The text of `lotrinh-path class`.
struct ClassText {
    let report: ClassReport
    let words: Words
    let style: TerminalStyle

    func render() -> String {
        var lines = [
            style.paint(words.classReportTitle, .bold) + ": " + words.classScope(report),
            words.rule(threshold: report.threshold, confidence: report.confidence),
        ]
        if let goals = report.goals { lines.append(words.goals(goals)) }
        if report.idsHidden { lines.append(words.hiddenIdsNote) }
        let names = Dictionary(uniqueKeysWithValues: report.skills.map { ($0.id, $0.name) })

        lines += ["", style.paint(words.skillsHeading, .bold)]
        var skills = TextTable(columns: [
            .init(header: words.idColumn, maximumWidth: 10, overflow: .truncate),
            .init(header: words.skillColumn, maximumWidth: 34, overflow: .truncate),
            .init(header: words.classMasteryColumn, maximumWidth: 16),
            .init(header: words.masteredColumn, maximumWidth: 10, alignment: .right),
            .init(header: words.readyColumn, maximumWidth: 10, alignment: .right),
            .init(header: words.needsColumn, maximumWidth: 13, alignment: .right),
        ])
        for skill in report.skills {
            skills.append([TextTable.Cell(skill.id), TextTable.Cell(skill.name), masteryCell(skill.meanMastery),
                           TextTable.Cell(String(skill.mastered)), TextTable.Cell(String(skill.ready), colour: skill.ready > 0 ? .yellow : nil),
                           TextTable.Cell(String(skill.needsPrerequisite))])
        }
        lines += skills.render(style: style)

        lines += ["", style.paint(words.groupsHeading, .bold)]
        if report.groups.isEmpty {
            lines.append(words.noGroups)
        } else {
            var groups = TextTable(columns: [
                .init(header: words.nextStepsColumn, maximumWidth: 40),
                .init(header: words.studentsColumn, maximumWidth: 60),
            ])
            for group in report.groups {
                groups.append([TextTable.Cell(group.nextSteps.map { names[$0] ?? $0 }.joined(separator: " → ")),
                               TextTable.Cell("(\(group.students.count)) " + group.students.map(display).joined(separator: ", "))])
            }
            lines += groups.render(style: style)
        }

        lines += ["", style.paint(words.stuckHeading, .bold)]
        if report.stuck.isEmpty {
            lines.append(words.noneStuck)
        } else {
            var stuck = TextTable(columns: [.init(header: words.studentColumn, maximumWidth: 28), .init(header: words.reasonColumn, maximumWidth: 80)])
            for student in report.stuck { stuck.append([TextTable.Cell(display(student.student), colour: .red), TextTable.Cell(student.detail)]) }
            lines += stuck.render(style: style)
        }

        if !report.weakestPrerequisites.isEmpty {
            lines += ["", style.paint(words.weakestHeading, .bold)]
            var weakest = TextTable(columns: [
                .init(header: words.idColumn, maximumWidth: 10, overflow: .truncate),
                .init(header: words.skillColumn, maximumWidth: 34, overflow: .truncate),
                .init(header: words.classMasteryColumn, maximumWidth: 16),
                .init(header: words.notMasteredByColumn, maximumWidth: 22, alignment: .right),
                .init(header: words.dependentsColumn, maximumWidth: 20, alignment: .right),
            ])
            for skill in report.weakestPrerequisites {
                weakest.append([TextTable.Cell(skill.id), TextTable.Cell(skill.name), masteryCell(skill.meanMastery),
                                TextTable.Cell(String(skill.notMasteredBy)), TextTable.Cell(String(skill.dependents))])
            }
            lines += weakest.render(style: style)
        }

        lines += ["", style.paint(words.studentsHeading, .bold)]
        var students = TextTable(columns: [
            .init(header: words.studentColumn, maximumWidth: 28, overflow: .truncate),
            .init(header: words.answersColumn, maximumWidth: 8, alignment: .right),
            .init(header: words.meanMasteryColumn, maximumWidth: 16),
            .init(header: words.masteredColumn, maximumWidth: 10, alignment: .right),
            .init(header: words.readyColumn, maximumWidth: 10, alignment: .right),
            .init(header: words.needsColumn, maximumWidth: 13, alignment: .right),
            .init(header: words.nextStepColumn, maximumWidth: 34, overflow: .truncate),
        ])
        for student in report.students {
            students.append([TextTable.Cell(display(student.label)), TextTable.Cell(student.answers.map(String.init) ?? "–"),
                             masteryCell(student.meanMastery), TextTable.Cell(String(student.mastered)), TextTable.Cell(String(student.ready)),
                             TextTable.Cell(String(student.needsPrerequisite)),
                             TextTable.Cell(student.nextSteps.first.map { names[$0] ?? $0 } ?? "–")])
        }
        lines += students.render(style: style)

        lines += ["", style.paint(words.gridHeading, .bold)]
        lines += ClassGrid(report: report, words: words).textLines()
        return lines.joined(separator: "\n")
    }

    private func display(_ label: String) -> String { report.display(label, words: words) }

    private func masteryCell(_ value: Double) -> TextTable.Cell {
        TextTable.Cell(StudentText.bar(value) + " " + words.decimal(value), colour: TerminalStyle.colour(forMastery: value, threshold: report.threshold))
    }
}

extension Words {
    func classScope(_ report: ClassReport) -> String {
        let list = report.scope.studentsFile.map { [$0] } ?? []
        return (list + [classScope(school: report.scope.school, class: report.scope.class, grade: report.scope.grade,
                                   students: report.students.count)]).joined(separator: " · ")
    }
}
