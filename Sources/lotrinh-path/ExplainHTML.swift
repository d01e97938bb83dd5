import Foundation
import Reports

/// The HTML report of `lotrinh-path explain`: the skill among the prerequisites it needs (the
/// graph), then the tables of the text report.
struct ExplainHTML {
    let report: ExplainReport
    let skillIndex: Int
    let setup: PlanningSetup
    let modelPath: String
    /// Item titles from --items, by item id.
    let itemTitles: [String: String]

    private var words: Words { setup.words }

    func render() -> String {
        let title = words.explainTitle(skill: "\(report.skill.name) (\(report.skill.id))", student: report.student)
        var body = ["<header><h1>\(HTML.escape(title))</h1>",
                    "<p class=\"meta\">\(HTML.escape(words.answersFolded(report.answers).sentenceCased)).</p>",
                    "<p>\(HTML.escape(report.verdictText))</p></header>"]
        if let graph = setup.graph {
            // The skill and everything it needs, each at its level as the student's report draws it.
            let shown = [(skillIndex, report.skill)] + zip(graph.ancestors(of: [skillIndex]).filter { $0 != skillIndex }, report.ancestors)
            let nodes = shown.map { skill, line in
                GraphSVG.Node(skill: skill, id: line.id, name: line.name, mastery: line.mastery, number: line.step, step: line.step, level: line.level)
            }
            body += ["<section><h2>\(HTML.escape(words.prerequisitesHeading))</h2>",
                     GraphSVG(nodes: nodes, edges: setup.edges, words: words).render(),
                     "<p class=\"caption\">\(HTML.escape(words.explainGraphCaption(threshold: report.threshold)))</p>"]
        } else {
            body.append("<section><h2>\(HTML.escape(words.prerequisitesHeading))</h2>")
        }
        if report.prerequisites.isEmpty {
            body.append("<p>\(HTML.escape(words.noPrerequisites))</p>")
        } else {
            body.append(HTML.table(headers: [words.idColumn, words.skillColumn, words.levelColumn, words.stateColumn, words.stepColumn],
                                   rows: report.prerequisites.map { skill in
                                       [HTML.escape(skill.id), HTML.escape(skill.name),
                                        HTML.masteryBar(skill.mastery, lower: skill.lower, upper: skill.upper, threshold: report.threshold, confidence: report.confidence, words: words),
                                        "<span class=\"state-\(skill.state.rawValue)\">\(HTML.escape(words.status(skill.state)))</span>",
                                        skill.step.map(String.init) ?? ""]
                                   }, numeric: [4], className: "prerequisites"))
        }
        body.append("</section><section><h2>\(HTML.escape(words.goalsHeading))</h2>")
        if report.isGoal { body.append("<p>\(HTML.escape(words.isItselfGoal))</p>") }
        if report.goalsNeedingIt.isEmpty {
            if !report.isGoal { body.append("<p>\(HTML.escape(words.noGoalsNeedIt))</p>") }
        } else {
            body.append("<p>" + HTML.escape(report.goalsNeedingIt.map { "\($0.name) (\($0.id))" }.joined(separator: ", ")) + "</p>")
        }
        body.append("</section><section><h2>\(HTML.escape(words.evidenceHeading))</h2>")
        if let evidence = report.evidence {
            body.append("<p class=\"caption\">\(HTML.escape(words.evidenceMethod))</p>")
            body.append(HTML.table(headers: [words.questionColumn, words.outcomeColumn, words.withoutColumn, words.changeColumn],
                                   rows: evidence.map { answer in
                                       [HTML.escape(question(answer)),
                                        HTML.escape(words.outcome(answer.outcome)), HTML.escape(words.decimal(answer.masteryWithout, digits: 3)),
                                        HTML.escape(words.signed(answer.change))]
                                   }, numeric: [2, 3], className: "evidence"))
        } else {
            body.append("<p>\(HTML.escape(words.noEvidence))</p>")
        }
        body += ["</section>", "<footer>\(HTML.escape(words.generatedBy)) \(HTML.escape(modelPath))</footer>"]
        return HTMLPage.document(title: title, language: words.language, body: body.joined(separator: "\n"))
    }

    /// The question as a teacher knows it: its title from --items, else "the k-th answer on skill
    /// X" with its day (the answer's number among all answers means nothing on paper).
    private func question(_ answer: ExplainReport.Evidence) -> String {
        if let item = answer.item, let title = itemTitles[item] { return title }
        let skill = answer.skills.first ?? ""
        let name = setup.recommender.model.skillIndex.index(of: skill).map { setup.names[$0] } ?? skill
        return words.answerOnSkill(answer.onSkill, skill: name, day: answer.time.map { ReportHeader.day(Date(timeIntervalSince1970: $0)) })
    }
}
