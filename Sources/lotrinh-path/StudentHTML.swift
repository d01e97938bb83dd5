import Recommend
import Reports

/// The HTML report of one student: the path over the prerequisite graph, the path table with
/// learning material, and every skill's mastery.
struct StudentHTML {
    let report: StudentReport
    let setup: PlanningSetup
    let modelPath: String
    let header: ReportHeader

    private var words: Words { setup.words }

    /// Steps the printed page shows in the table (the print CSS hides the rest, which follow it
    /// as one line of names): a student's next weeks fit one A4 page beside the graph.
    static let printedSteps = 5

    func render() -> String {
        let title = words.studentReportTitle + " · " + words.student(report.displayName(words: words))
        var body = [
            "<header><h1>\(HTML.escape(title))</h1>",
            header.render(words),
            "<p class=\"meta\">\(HTML.escape(words.answersFolded(report.answers).sentenceCased)). \(HTML.escape(words.counts(mastered: report.mastered, ready: report.ready, blocked: report.blocked).sentenceCased)) (\(HTML.escape(words.rule(threshold: report.threshold, confidence: report.confidence))))</p>",
        ]
        if let goals = report.goals { body.append("<p class=\"meta\">\(HTML.escape(words.goals(goals.map(nameOfSkill))))</p>") }
        if !report.graphGiven { body.append("<p class=\"meta\">\(HTML.escape(words.noGraph))</p>") }
        body.append("</header>")
        if setup.graph != nil {
            // The whole graph on screen; on paper only the printed steps' neighbourhood, at a readable size.
            let printed = printedGraph()
            body.append("<section\(printed == nil ? " class=\"screen-only\"" : "")><h2>\(HTML.escape(words.graphHeading))</h2>")
            body.append("<div class=\"screen-only\">\(graph())</div>")
            body.append("<p class=\"caption screen-only\">\(HTML.escape(words.levelGraphCaption(threshold: report.threshold)))</p>")
            if let printed {
                body.append(printed.render())
                body.append("<p class=\"caption print-only\">\(HTML.escape(words.printedGraphCaption(steps: min(report.path.count, Self.printedSteps), threshold: report.threshold)))</p>")
            }
            body.append("</section>")
        }
        body.append("<section><h2>\(HTML.escape(words.pathHeading(steps: report.path.count, omitted: report.omittedByLength)))</h2>")
        if report.path.isEmpty {
            body.append("<p>\(HTML.escape(words.nothingToLearn))</p>")
        } else {
            body.append(HTML.table(
                headers: ["#", words.skillColumn, words.levelColumn, words.stateColumn, words.practiceColumn, words.reasonColumn, words.resourcesColumn],
                rows: report.path.map { step in
                    [String(step.step), "<b>\(HTML.escape(step.name))</b><br><span class=\"meta\">\(HTML.escape(step.id))</span>",
                     HTML.masteryBar(step.mastery, lower: step.lower, upper: step.upper, threshold: report.threshold, confidence: report.confidence, words: words),
                     state(step.state), HTML.escape(words.practice(step.estimatedPractice, reachesThreshold: step.practiceReachesThreshold)), HTML.escape(step.reasonText),
                     step.resources.map(HTML.link).joined(separator: "<br>")]
                }, numeric: [0], className: "path"))
            body.append("<p><b>\(HTML.escape(words.whyStep(1)))</b>\(HTML.escape(report.path[0].explanation))</p>")
            if report.path.count > Self.printedSteps {
                let later = report.path.dropFirst(Self.printedSteps).map { "\($0.step). \($0.name)" }.joined(separator: " → ")
                body.append("<p class=\"print-only later\"><b>\(HTML.escape(words.laterSteps))</b> \(HTML.escape(later))</p>")
            }
        }
        body.append("</section>")
        if let skills = report.skills {
            // A list in columns rather than a table, so every skill's level fits beside the path on one page.
            body.append("<section><h2>\(HTML.escape(words.allSkillsHeading))</h2><ul class=\"levels\">")
            body += skills.map { skill in
                let level = MasteryLevel(mastery: skill.mastery, threshold: report.threshold)
                let tooltip = "\(skill.id) · " + words.intervalTooltip(mastery: skill.mastery, lower: skill.lower, upper: skill.upper, confidence: report.confidence)
                    + " · " + words.status(skill.state)
                return "<li class=\"level-\(level.rawValue)\" data-skill=\"\(HTML.escape(skill.id))\" title=\"\(HTML.escape(tooltip))\">"
                    + "<span class=\"swatch\" style=\"background:\(MasteryColour.of(level))\"></span>"
                    + "<span class=\"name\">\(HTML.escape(skill.name))</span> <span class=\"meta\">\(HTML.escape(words.level(level)))</span></li>"
            }
            body.append("</ul></section>")
        }
        body.append("<footer>\(HTML.escape(words.generatedBy)) \(HTML.escape(modelPath))</footer>")
        return HTMLPage.document(title: title, language: words.language, body: body.joined(separator: "\n"))
    }

    /// Skills in scope, each coloured by this student's mastery and numbered by its step.
    private func graph() -> String {
        GraphSVG(nodes: setup.scope.map(node), edges: setup.edges, words: words).render()
    }

    /// The printed steps and their direct prerequisites; nil when the path is empty.
    private func printedGraph() -> PrintedGraph? {
        let steps = report.path.prefix(Self.printedSteps).compactMap { setup.recommender.model.skillIndex.index(of: $0.id) }
        guard !steps.isEmpty else { return nil }
        return PrintedGraph(nodes: PrintedGraph.neighbourhood(of: steps, edges: setup.edges).map(node), edges: setup.edges,
                            words: words)
    }

    private func node(_ skill: Int) -> GraphSVG.Node {
        let line = (report.skills ?? [])[skill]
        return GraphSVG.Node(skill: skill, id: setup.ids[skill], name: setup.names[skill], mastery: line.mastery,
                             number: line.step, step: line.step, level: MasteryLevel(mastery: line.mastery, threshold: report.threshold))
    }

    private func state(_ status: SkillStatus) -> String {
        "<span class=\"state-\(status.rawValue)\">\(HTML.escape(words.status(status)))</span>"
    }

    private func nameOfSkill(_ id: String) -> String {
        setup.recommender.model.skillIndex.index(of: id).map { "\(setup.names[$0]) (\(id))" } ?? id
    }
}
