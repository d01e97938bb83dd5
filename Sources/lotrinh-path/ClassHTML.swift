import Reports

/// The HTML report of a class: the class over the prerequisite graph, the mastery chart, and the
/// tables of the text report.
struct ClassHTML {
    let report: ClassReport
    let setup: PlanningSetup
    let modelPath: String
    let header: ReportHeader

    private var words: Words { setup.words }

    func render() -> String {
        let title = words.classReportTitle + " · " + words.classScope(report)
        let names = Dictionary(uniqueKeysWithValues: report.skills.map { ($0.id, $0.name) })
        var body = ["<header><h1>\(HTML.escape(title))</h1>", header.render(words),
                    "<p class=\"meta\">\(HTML.escape(words.rule(threshold: report.threshold, confidence: report.confidence)))</p>"]
        if let goals = report.goals { body.append("<p class=\"meta\">\(HTML.escape(words.goals(goals)))</p>") }
        if report.idsHidden { body.append("<p class=\"meta\">\(HTML.escape(words.hiddenIdsNote))</p>") }
        body.append("</header>")

        if setup.graph != nil {
            // Each skill at the level of the class's mean mastery, drawn as a student's report draws levels.
            let nodes = zip(setup.scope, report.skills).map { skill, row in
                GraphSVG.Node(skill: skill, id: row.id, name: row.name, mastery: row.meanMastery,
                              number: row.nextStepOf > 0 ? row.nextStepOf : nil, step: nil,
                              level: MasteryLevel(mastery: row.meanMastery, threshold: report.threshold))
            }
            let printed = printedGraph(nodes)
            body += ["<section\(printed == nil ? " class=\"screen-only\"" : "")><h2>\(HTML.escape(words.classGraphHeading))</h2>",
                     "<div class=\"screen-only\">" + GraphSVG(nodes: nodes, edges: setup.edges, words: words).render() + "</div>",
                     "<p class=\"caption screen-only\">\(HTML.escape(words.classGraphCaption(threshold: report.threshold)))</p>"]
            if let (graph, skills) = printed {
                body += [graph.render(),
                         "<p class=\"caption print-only\">\(HTML.escape(words.printedClassGraphCaption(skills: skills, threshold: report.threshold)))</p>"]
            }
            body.append("</section>")
        }
        body += ["<section><h2>\(HTML.escape(words.chartHeading))</h2>",
                 ClassChart(skills: report.skills, students: report.students.count, words: words).render(),
                 "<p class=\"caption\">\(HTML.escape(words.chartCaption))</p></section>"]

        // The grid starts the second printed page; groups, stuck students and weak prerequisites follow it.
        body += ["<section class=\"grid\"><h2>\(HTML.escape(words.gridHeading))</h2>",
                 ClassGrid(report: report, words: words).render(),
                 "</section>"]
        body += ["<section><h2>\(HTML.escape(words.groupsHeading))</h2>"]
        if report.groups.isEmpty {
            body.append("<p>\(HTML.escape(words.noGroups))</p>")
        } else {
            body.append(HTML.table(headers: [words.nextStepsColumn, words.studentsColumn], rows: report.groups.map { group in
                [HTML.escape(group.nextSteps.map { names[$0] ?? $0 }.joined(separator: " → ")),
                 "(\(group.students.count)) " + HTML.escape(group.students.map(display).joined(separator: ", "))]
            }, className: "groups"))
        }
        body.append("</section>")

        body += ["<section><h2>\(HTML.escape(words.stuckHeading))</h2>"]
        if report.stuck.isEmpty {
            body.append("<p>\(HTML.escape(words.noneStuck))</p>")
        } else {
            body.append(HTML.table(headers: [words.studentColumn, words.reasonColumn],
                                   rows: report.stuck.map { ["<b>\(HTML.escape(display($0.student)))</b>", HTML.escape($0.detail)] }, className: "stuck"))
        }
        body.append("</section>")

        if !report.weakestPrerequisites.isEmpty {
            body += ["<section><h2>\(HTML.escape(words.weakestHeading))</h2>",
                     HTML.table(headers: [words.idColumn, words.skillColumn, words.classMasteryColumn, words.notMasteredByColumn, words.dependentsColumn],
                                rows: report.weakestPrerequisites.map { skill in
                                    [HTML.escape(skill.id), HTML.escape(skill.name), bar(skill.meanMastery), String(skill.notMasteredBy), String(skill.dependents)]
                                }, numeric: [3, 4], className: "weakest"),
                     "</section>"]
        }

        // The two long tables repeat the chart's counts and the grid's rows: on screen only, so
        // the print fits on two pages.
        body += ["<section class=\"screen-only\"><h2>\(HTML.escape(words.skillsHeading))</h2>",
                 HTML.table(headers: [words.idColumn, words.skillColumn, words.classMasteryColumn, words.masteredColumn, words.readyColumn, words.needsColumn],
                            rows: report.skills.map { skill in
                                [HTML.escape(skill.id), HTML.escape(skill.name), bar(skill.meanMastery), String(skill.mastered), String(skill.ready),
                                 String(skill.needsPrerequisite)]
                            }, numeric: [3, 4, 5], className: "skills"),
                 "</section>"]

        body += ["<section class=\"screen-only\"><h2>\(HTML.escape(words.studentsHeading))</h2>",
                 HTML.table(headers: [words.studentColumn, words.answersColumn, words.meanMasteryColumn, words.masteredColumn, words.readyColumn,
                                      words.needsColumn, words.nextStepColumn],
                            rows: report.students.map { student in
                                [HTML.escape(display(student.label)), student.answers.map(String.init) ?? "–", bar(student.meanMastery), String(student.mastered),
                                 String(student.ready), String(student.needsPrerequisite),
                                 HTML.escape(student.nextSteps.first.map { names[$0] ?? $0 } ?? "–")]
                            }, numeric: [1, 3, 4, 5], className: "students"),
                 "</section>",
                 "<footer>\(HTML.escape(words.generatedBy)) \(HTML.escape(modelPath))</footer>"]
        return HTMLPage.document(title: title, language: words.language, body: body.joined(separator: "\n"))
    }

    /// A student's name with their id when the roster has it, else the id (or row number).

    /// How many next steps the printed graph shows.
    static let printedNextSteps = 5

    /// The printed graph: the skills most students take next (numbered by that rank, so a list
    /// keeps the order) and their direct prerequisites, at print size as a student's report
    /// prints its steps; the whole graph shrunk into the page printed its labels at about 2 pt.
    /// Nil when no student has a next step.
    private func printedGraph(_ nodes: [GraphSVG.Node]) -> (PrintedGraph, skills: Int)? {
        let next = nodes.filter { ($0.number ?? 0) > 0 }.enumerated()
            .sorted { ($1.element.number!, $0.offset) < ($0.element.number!, $1.offset) }
            .prefix(Self.printedNextSteps).map(\.element.skill)
        guard !next.isEmpty else { return nil }
        let bySkill = Dictionary(uniqueKeysWithValues: nodes.map { ($0.skill, $0) })
        let printed = PrintedGraph.neighbourhood(of: next, edges: setup.edges).compactMap { skill -> GraphSVG.Node? in
            guard var node = bySkill[skill] else { return nil }
            node.step = next.firstIndex(of: skill).map { $0 + 1 }
            return node
        }
        return (PrintedGraph(nodes: printed, edges: setup.edges, words: words), next.count)
    }
    private func display(_ label: String) -> String { report.display(label, words: words) }

    /// A mean mastery as a bar in its level's colour, the value and the level in words.
    private func bar(_ value: Double) -> String {
        let width = Int((min(max(value, 0), 1) * 100).rounded())
        let level = MasteryLevel(mastery: value, threshold: report.threshold)
        return "<span class=\"bar\"><span style=\"width:\(width)%;background:\(MasteryColour.of(level))\"></span></span> "
            + HTML.escape(words.decimal(value)) + " <span class=\"meta\">\(HTML.escape(words.level(level)))</span>"
    }
}
