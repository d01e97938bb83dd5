import Foundation
import MasteryData
import Recommend

/// A responses CSV read once, handing out each student's answers as the Recommend API takes them.
///
/// Answers on skills the model does not know are left out (a class report must not fail for one
/// stray row), and said so on standard error with their count; a file none of whose skills the
/// model knows is refused: the model was trained on other data.
struct AnswerBook {
    let path: String
    let data: ResponseData
    let roster: StudentRoster
    /// Per skill of the file (its index in `data.skillIds`): whether the model knows it.
    let known: [Bool]

    init(path: String, format: InputFormat = InputFormat(), model recommender: Recommender) throws {
        self.path = path
        let (data, report) = try ResponseLoader.load(path: path, options: ResponseLoadOptions(format: format))
        self.data = data
        roster = report.roster
        let modelSkills = recommender.model.skillIndex
        known = (0..<data.skillIds.count).map { modelSkills.index(of: data.skillIds[$0]) != nil }
        let matching = known.count { $0 }
        guard matching > 0 || data.skillIds.count == 0 else {
            throw DataError("none of the \(data.skillIds.count) skills in \(path) is in the model (the file's first is '\(data.skillIds[0])', "
                                + "the model's '\(recommender.model.metadata.skillIds.first ?? "")'): the model was trained on other data")
        }
        if let summary = Self.skippedSummary(data: data, known: known, path: path) {
            FileHandle.standardError.write(Data(summary.utf8))
        }
    }

    /// The line that says which rows are left out, or nil when every skill is known.
    private static func skippedSummary(data: ResponseData, known: [Bool], path: String) -> String? {
        var rows = [Int](repeating: 0, count: known.count)
        for row in 0..<data.rowCount where !known[Int(data.rowSkill[row])] { rows[Int(data.rowSkill[row])] += 1 }
        let unknown = rows.indices.filter { rows[$0] > 0 }.sorted { rows[$0] > rows[$1] }
        guard !unknown.isEmpty else { return nil }
        let listed = unknown.prefix(5).map { "'\(data.skillIds[$0])' (\(rows[$0]) rows)" }.joined(separator: ", ")
        return "warning: \(path): \(rows.reduce(0, +)) rows on \(unknown.count) skills the model does not know were left out: "
            + listed + (unknown.count > 5 ? ", …" : "") + "; \(known.count { $0 }) of the file's \(known.count) skills are in the model\n"
    }

    func index(ofStudent id: String) throws -> Int {
        guard let index = data.studentIds.index(of: id) else { throw DataError("student '\(id)' has no answers in \(path)") }
        return index
    }

    /// The student's answers in their order (a question tagged with several skills is one answer).
    func records(ofStudent index: Int) -> [AnswerRecord] {
        data.answerRows(ofStudent: index).compactMap { rows in
            let skills = rows.filter { known[Int(data.rowSkill[$0])] }
            guard !skills.isEmpty else { return nil }
            return AnswerRecord(skillIds: skills.map { data.skillIds[Int(data.rowSkill[$0])] },
                         itemId: data.hasItems ? data.itemIds[Int(data.rowItem[rows.lowerBound])] : nil,
                         outcome: Double(data.rowOutcome[rows.lowerBound]),
                         time: data.hasTimestamps ? data.rowTime[rows.lowerBound] : nil)
        }
    }
}

/// One student as the reports see them: their estimate, the answers behind it (nil when the
/// model's own estimate of a trained student is used), and how they are named.
struct StudentInput {
    var id: String
    var state: Recommender.State
    var answers: [AnswerRecord]?

    /// From the student's answers when a book is given, else the model's estimate.
    static func load(id: String, book: AnswerBook?, recommender: Recommender) throws -> StudentInput {
        guard let book else { return StudentInput(id: id, state: try recommender.student(id), answers: nil) }
        return try load(index: try book.index(ofStudent: id), book: book, recommender: recommender)
    }

    static func load(index: Int, book: AnswerBook, recommender: Recommender) throws -> StudentInput {
        let records = book.records(ofStudent: index)
        return StudentInput(id: book.data.studentIds[index], state: try recommender.state(after: records), answers: records)
    }
}
