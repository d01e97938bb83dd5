import MasteryData
import Recommend

/// A responses CSV read once, handing out each student's answers as the Recommend API takes them.
struct AnswerBook {
    let path: String
    let data: ResponseData
    let roster: StudentRoster

    init(path: String, format: InputFormat = InputFormat()) throws {
        self.path = path
        let (data, report) = try ResponseLoader.load(path: path, options: ResponseLoadOptions(format: format))
        self.data = data
        roster = report.roster
    }

    func index(ofStudent id: String) throws -> Int {
        guard let index = data.studentIds.index(of: id) else { throw DataError("student '\(id)' has no answers in \(path)") }
        return index
    }

    /// The student's answers in their order (a question tagged with several skills is one answer).
    func records(ofStudent index: Int) -> [AnswerRecord] {
        data.answerRows(ofStudent: index).map { rows in
            AnswerRecord(skillIds: rows.map { data.skillIds[Int(data.rowSkill[$0])] },
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
