import Foundation
import Recommend
import Reports

/// A diagnostic's next questions and where each skill stands, in every output format.
struct DiagnosticReport: Encodable {
    struct Question: Encodable {
        var itemId: String
        var skills: [String]
        var expectedSuccess: Double
        var expectedInformationBits: Double
        var informs: [String]
    }

    struct Skill: Encodable {
        var id: String
        var name: String
        var probabilityMastered: Double
        var settled: Bool
    }

    var schemaVersion = 1
    var status: String
    var answeredSoFar: Int
    var threshold: Double
    var questions: [Question]
    var skills: [Skill]

    init(plan: DiagnosticPlan, answered: Int, names: [String], ids: [String], threshold: Double) {
        var nameOf: [String: String] = [:]
        for (id, name) in zip(ids, names) { nameOf[id] = name }
        status = plan.status.rawValue
        answeredSoFar = answered
        self.threshold = threshold
        questions = plan.questions.map {
            Question(itemId: $0.itemId, skills: $0.skillIds, expectedSuccess: $0.expectedSuccess,
                     expectedInformationBits: $0.expectedInformation, informs: $0.informs)
        }
        skills = plan.skills.map { Skill(id: $0.skillId, name: nameOf[$0.skillId] ?? $0.skillId,
                                         probabilityMastered: $0.probabilityMastered, settled: $0.isSettled) }
        nameOfSkill = nameOf
    }

    private let nameOfSkill: [String: String]
    private enum CodingKeys: String, CodingKey { case schemaVersion, status, answeredSoFar, threshold, questions, skills }

    private func label(_ id: String) -> String { "\(id) \(nameOfSkill[id] ?? "")".trimmingCharacters(in: .whitespaces) }

    private func questionRows(words: Words) -> [[String]] {
        questions.enumerated().map { index, question in
            ["\(index + 1)", question.itemId, question.skills.map(label).joined(separator: ", "), words.percent(question.expectedSuccess),
             words.decimal(question.expectedInformationBits), question.informs.joined(separator: ", ")]
        }
    }

    private func skillRows(words: Words) -> [[String]] {
        skills.map { [label($0.id), words.percent($0.probabilityMastered), words.diagnosticVerdict($0.probabilityMastered, settled: $0.settled)] }
    }

    func render(words: Words, markdown: Bool) -> String {
        let questionHeaders = words.diagnosticQuestionHeaders
        let skillHeaders = words.diagnosticSkillHeaders(threshold: threshold)
        var lines: [String] = []
        if markdown {
            lines.append(Markdown.heading(1, words.diagnosticTitle))
            lines.append("")
            lines.append(Markdown.escape(words.diagnosticStatus(status, answered: answeredSoFar)))
            if !questions.isEmpty {
                lines += ["", Markdown.heading(2, words.diagnosticNextQuestions), ""]
                lines += Markdown.table(questionHeaders, questionRows(words: words), rightAligned: [0, 3, 4])
            }
            lines += ["", Markdown.heading(2, words.diagnosticSkillsHeading), ""]
            lines += Markdown.table(skillHeaders, skillRows(words: words), rightAligned: [1])
        } else {
            lines.append(words.diagnosticStatus(status, answered: answeredSoFar))
            if !questions.isEmpty {
                lines += ["", words.diagnosticNextQuestions]
                var table = TextTable(columns: questionHeaders.enumerated().map { index, header in
                    TextTable.Column(header: header, maximumWidth: index == 2 || index == 5 ? 36 : 14,
                                     alignment: [0, 3, 4].contains(index) ? .right : .left)
                })
                for row in questionRows(words: words) { table.append(row.map { TextTable.Cell($0) }) }
                lines += table.render()
            }
            lines += ["", words.diagnosticSkillsHeading]
            var table = TextTable(columns: skillHeaders.enumerated().map { index, header in
                TextTable.Column(header: header, maximumWidth: index == 0 ? 44 : 24, alignment: index == 1 ? .right : .left)
            })
            for row in skillRows(words: words) { table.append(row.map { TextTable.Cell($0) }) }
            lines += table.render()
        }
        lines += ["", words.diagnosticRule]
        return lines.joined(separator: "\n")
    }

    func html(words: Words) -> String {
        var body = "<h1>\(HTML.escape(words.diagnosticTitle))</h1>\n"
        body += "<p class=\"meta\">\(HTML.escape(words.diagnosticStatus(status, answered: answeredSoFar)))</p>\n"
        if !questions.isEmpty {
            body += "<h2>\(HTML.escape(words.diagnosticNextQuestions))</h2>\n"
            body += HTML.table(headers: words.diagnosticQuestionHeaders, rows: questionRows(words: words).map { $0.map(HTML.escape) },
                               numeric: [0, 3, 4])
        }
        body += "<h2>\(HTML.escape(words.diagnosticSkillsHeading))</h2>\n"
        body += HTML.table(headers: words.diagnosticSkillHeaders(threshold: threshold), rows: skillRows(words: words).map { $0.map(HTML.escape) },
                           numeric: [1])
        body += "<p class=\"caption\">\(HTML.escape(words.diagnosticRule))</p>\n"
        return HTMLPage.document(title: words.diagnosticTitle, language: words.language, body: body)
    }
}
