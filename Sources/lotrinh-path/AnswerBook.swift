import Foundation
import MasteryData
import Recommend
import Reports

/// A responses CSV read once, handing out each student's answers as the Recommend API takes them.
///
/// Read with the options lotrinh-train reads answers with (preset, columns, skip-invalid,
/// pseudonym key, encodings). Rows on skills the model does not know are left out (a class report
/// must not fail for one stray row) and said so on standard error, with their count and the first
/// rows' file:line; a file none of whose skills the model knows is refused, saying how many match.
struct AnswerBook {
    let path: String
    let data: ResponseData
    let roster: StudentRoster
    /// Replaces the ids a teacher types by the pseudonyms the file's ids were read as.
    let pseudonymizer: Pseudonymizer?

    init(path: String, reading: ReadingOptions = ReadingOptions(), model recommender: Recommender) throws {
        self.path = path
        var options = try reading.responseLoadOptions()
        options.skipUnknownSkills = true
        // The model's skills, in its order: skill indices of the data are the model's.
        var catalog = SkillCatalog()
        for id in recommender.model.metadata.skillIds { catalog.add(id: id) }
        let (data, report) = try ResponseLoader.load(path: path, catalog: catalog, options: options)
        self.data = data
        roster = report.roster
        pseudonymizer = try reading.pseudonymizer()
        var answered = [Bool](repeating: false, count: catalog.count)
        for skill in data.rowSkill { answered[Int(skill)] = true }
        let matching = answered.count { $0 }
        let total = matching + report.unknownSkillRows.count
        guard matching > 0 else {
            let theirs = report.unknownSkillRows.keys.sorted().prefix(3).map { "'\($0)'" }.joined(separator: ", ")
            let ours = recommender.model.metadata.skillIds.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
            throw DataError("\(path): 0 of \(total) skills in the answers are in the model — is it the model of another dataset? "
                                + "(the answers' skills: \(theirs)\(total > 3 ? ", …" : ""); the model's: \(ours), …)")
        }
        if !report.skipped.isEmpty {
            FileHandle.standardError.write(Data(Self.skippedInvalidSummary(report.skipped, path: path).utf8))
        }
        if !report.unknownSkills.isEmpty {
            FileHandle.standardError.write(Data(Self.unknownSkillSummary(report, matching: matching, total: total, path: path).utf8))
        }
    }

    /// The lines that say how many invalid rows `--skip-invalid` left out, and where the first are.
    private static func skippedInvalidSummary(_ skipped: SkipReport, path: String) -> String {
        let reasons = skipped.summary.map { "\($0.count) \($0.reason.rawValue)" }.joined(separator: ", ")
        return "warning: \(path): \(skipped.total) invalid rows were skipped (\(reasons)); first:\n"
            + skipped.examples.map { "  \($0)\n" }.joined()
    }

    /// The line that says which rows are left out on skills the model lacks, and where the first are.
    private static func unknownSkillSummary(_ report: ResponseLoadReport, matching: Int, total: Int, path: String) -> String {
        let rows = report.unknownSkillRows
        let unknown = rows.keys.sorted { rows[$0]! != rows[$1]! ? rows[$0]! > rows[$1]! : $0 < $1 }
        let listed = unknown.prefix(5).map { "'\($0)' (\(rows[$0]!) row\(rows[$0]! == 1 ? "" : "s"))" }.joined(separator: ", ")
        let lines = report.unknownSkills.examples.compactMap { error in error.line.map { "\(error.file):\($0)" } }
        return "warning: \(path): \(report.unknownSkills.total) rows on \(unknown.count) skills the model does not know were left out: "
            + listed + (unknown.count > 5 ? ", …" : "") + "; \(matching) of the \(total) skills in the answers are in the model; "
            + "first rows left out: \(lines.joined(separator: ", "))\n"
    }

    /// The student's row in the file, nil when they have no answers in it.
    func index(ofStudent id: String) -> Int? {
        data.studentIds.index(of: pseudonymizer?.pseudonym(for: id) ?? id)
    }

    /// The student's answers in their order (a question tagged with several skills is one answer).
    func records(ofStudent index: Int) -> [AnswerRecord] {
        AnswerRecord.answers(ofStudent: index, in: data)
    }
}

/// One student as the reports see them: their estimate, the answers behind it (nil when the
/// model's own estimate of a trained student is used), and how they are named.
struct StudentInput {
    /// Where the estimate comes from.
    enum Source: Equatable {
        /// Their answers in the answers file, folded in.
        case answers
        /// The model's estimate from training: no answers file was given.
        case training
        /// The model's estimate from training: the answers file has no row of theirs.
        case trainingNotInAnswers(file: String)
    }

    var id: String
    var state: Recommender.State
    var answers: [AnswerRecord]?
    var source: Source

    /// The student as Reports take them.
    var reportStudent: ReportStudent { ReportStudent(id: id, state: state, answers: answers) }

    /// From the student's answers when a book holds them, else the model's training-time
    /// estimate (``source`` says which, for the warning); the id is the one the teacher gave
    /// (hashed for the lookup when a pseudonym key is given). A student in neither is an error.
    static func load(id: String, book: AnswerBook?, recommender: Recommender, pseudonymizer: Pseudonymizer? = nil,
                     words: Words) throws -> StudentInput {
        if let book, let index = book.index(ofStudent: id) {
            var input = try load(index: index, book: book, recommender: recommender)
            input.id = id
            return input
        }
        do {
            let state = try pseudonymizer.map { try recommender.student(schoolId: id, pseudonymizer: $0) } ?? recommender.student(id)
            return StudentInput(id: id, state: state, answers: nil, source: book.map { .trainingNotInAnswers(file: $0.path) } ?? .training)
        } catch let error as RecommendError {
            let unknown = if case .unknownStudent = error { true } else { false }
            guard let book else { throw unknown ? DataError(words.notInModel(student: id)) : error }
            // Missing from the answers is what the teacher must hear first; why the model could
            // not stand in (say, a key it was not pseudonymized with) comes after.
            throw DataError(words.inNeitherAnswersNorModel(student: id, file: book.path) + (unknown ? "" : " (\(error))"))
        }
    }

    static func load(index: Int, book: AnswerBook, recommender: Recommender) throws -> StudentInput {
        let records = book.records(ofStudent: index)
        return StudentInput(id: book.data.studentIds[index], state: try recommender.state(after: records), answers: records, source: .answers)
    }

    /// Says on standard error when the report shows the model's training-time estimate, which
    /// may be far from where the student is now (student 17 of the demo data: 0 skills mastered
    /// from training, 13 with their answers).
    func warnIfFromTraining(_ words: Words) {
        switch source {
        case .answers: return
        case .training: StandardError.warn(words.trainingEstimateWarning(student: id))
        case let .trainingNotInAnswers(file): StandardError.warn(words.notInAnswersWarning(student: id, file: file))
        }
    }
}

enum StandardError {
    /// One line of warning on standard error; reports on standard output stay clean for pipes.
    static func warn(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
