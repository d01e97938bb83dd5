import Foundation
import MasteryData
import Recommend
import Reports

/// A class quiz in every output format, and its answer sheet.
struct QuizReport: Encodable {
    struct Item: Encodable {
        var number: Int
        var itemId: String
        var skills: [String]
        var expectedSuccess: Double
    }

    struct Skill: Encodable {
        var id: String
        var name: String
        var students: Int
        var items: Int
    }

    var schemaVersion = 1
    var students: Int
    var targetSuccess: Double
    var meanExpectedSuccess: Double?
    var items: [Item]
    var skills: [Skill]

    init(quiz: Quiz, students: Int, targetSuccess: Double, names: [String], ids: [String]) {
        var nameOf: [String: String] = [:]
        for (id, name) in zip(ids, names) { nameOf[id] = name }
        self.students = students
        self.targetSuccess = targetSuccess
        items = quiz.items.enumerated().map { Item(number: $0 + 1, itemId: $1.itemId, skills: $1.skillIds, expectedSuccess: $1.expectedSuccess) }
        meanExpectedSuccess = items.isEmpty ? nil : items.reduce(0) { $0 + $1.expectedSuccess } / Double(items.count)
        skills = quiz.coverage.map { Skill(id: $0.skillId, name: nameOf[$0.skillId] ?? $0.skillId, students: $0.students, items: $0.items) }
        nameOfSkill = nameOf
    }

    private let nameOfSkill: [String: String]
    private enum CodingKeys: String, CodingKey { case schemaVersion, students, targetSuccess, meanExpectedSuccess, items, skills }

    private func label(_ id: String) -> String { "\(id) \(nameOfSkill[id] ?? "")".trimmingCharacters(in: .whitespaces) }

    private func itemRows(words: Words) -> [[String]] {
        items.map { ["\($0.number)", $0.itemId, $0.skills.map(label).joined(separator: ", "), words.percent($0.expectedSuccess)] }
    }

    private func skillRows() -> [[String]] {
        skills.map { ["\($0.id) \($0.name)", "\($0.students)", "\($0.items)"] }
    }

    private func summary(words: Words) -> String {
        words.quizSummary(items: items.count, students: students, target: targetSuccess, mean: meanExpectedSuccess)
    }

    func render(words: Words, markdown: Bool) -> String {
        var lines: [String] = []
        if markdown {
            lines += [Markdown.heading(1, words.quizTitle), "", Markdown.escape(summary(words: words)), ""]
            lines += Markdown.table(words.quizItemHeaders, itemRows(words: words), rightAligned: [0, 3])
            lines += ["", Markdown.heading(2, words.quizCoverageHeading), ""]
            lines += Markdown.table(words.quizSkillHeaders, skillRows(), rightAligned: [1, 2])
        } else {
            lines += [summary(words: words), ""]
            var table = TextTable(columns: words.quizItemHeaders.enumerated().map { index, header in
                TextTable.Column(header: header, maximumWidth: index == 2 ? 44 : 16, alignment: [0, 3].contains(index) ? .right : .left)
            })
            for row in itemRows(words: words) { table.append(row.map { TextTable.Cell($0) }) }
            lines += table.render()
            lines += ["", words.quizCoverageHeading]
            var skillTable = TextTable(columns: words.quizSkillHeaders.enumerated().map { index, header in
                TextTable.Column(header: header, maximumWidth: index == 0 ? 44 : 16, alignment: index == 0 ? .left : .right)
            })
            for row in skillRows() { skillTable.append(row.map { TextTable.Cell($0) }) }
            lines += skillTable.render()
        }
        return lines.joined(separator: "\n")
    }

    func html(words: Words) -> String {
        var body = "<h1>\(HTML.escape(words.quizTitle))</h1>\n<p class=\"meta\">\(HTML.escape(summary(words: words)))</p>\n"
        body += HTML.table(headers: words.quizItemHeaders, rows: itemRows(words: words).map { $0.map(HTML.escape) }, numeric: [0, 3])
        body += "<h2>\(HTML.escape(words.quizCoverageHeading))</h2>\n"
        body += HTML.table(headers: words.quizSkillHeaders, rows: skillRows().map { $0.map(HTML.escape) }, numeric: [1, 2])
        return HTMLPage.document(title: words.quizTitle, language: words.language, body: body)
    }

    /// The sheet a teacher fills in: per student, per item, per skill of the item, a row in
    /// Lotrinh's answers layout with `correct` empty and `order` the item's number.
    static func writeAnswerSheet(_ quiz: Quiz, students: [String], to path: String) throws {
        let writer = try CSVWriter(path: path)
        try writer.writeRow(["student_id", "skill_id", "item_id", "correct", "order"])
        for student in students {
            for (number, item) in quiz.items.enumerated() {
                for skill in item.skillIds { try writer.writeRow([student, skill, item.itemId, "", "\(number + 1)"]) }
            }
        }
        try writer.close()
    }
}
