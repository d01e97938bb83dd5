import ArgumentParser
import Foundation
import MasteryData
import Recommend
import Reports

/// Which students make the class: a class list, or the roster columns of the answers file. Shared
/// by `class` and `quiz`.
struct ClassSelection: ParsableArguments {
    @Option(help: ArgumentHelp("The class list: one student id per line.", valueName: "file"))
    var students: String?

    @Option(help: ArgumentHelp("Every student of this school (school_id column of --answers).", valueName: "id"))
    var school: String?

    @Option(name: .customLong("class"), help: ArgumentHelp("Every student of this class (class_id column of --answers).", valueName: "id"))
    var classId: String?

    @Option(help: ArgumentHelp("Every student of this grade (grade column of --answers).", valueName: "grade"))
    var studentGrade: String?

    @Flag(help: "Show row numbers of the class list (#1, #2, …) instead of student ids.")
    var hideIds = false

    /// The checks of a command's `validate()`.
    func check(answers: String?) throws {
        let byRoster = school != nil || classId != nil || studentGrade != nil
        guard students != nil || byRoster else {
            throw ValidationError("Name the class with --students FILE, or with --school/--class/--student-grade and --answers FILE.")
        }
        guard !(students != nil && byRoster) else { throw ValidationError("Use --students FILE or the roster options (--school, --class, --student-grade), not both.") }
        if byRoster && answers == nil { throw ValidationError("--school, --class and --student-grade read the roster columns of --answers FILE.") }
    }

    /// The class's students, each with their state: from the class list or the roster.
    func students(book: AnswerBook?, planning: PlanningOptions, setup: PlanningSetup) throws -> [StudentInput] {
        let recommender = setup.recommender
        if let students {
            let pseudonymizer = try planning.pseudonymizer()
            let inputs = try Self.readClassList(students).map {
                try StudentInput.load(id: $0, book: book, recommender: recommender, pseudonymizer: pseudonymizer, words: setup.words)
            }
            warnAboutTrainingEstimates(inputs, book: book, words: setup.words)
            return inputs
        }
        let book = book!
        let roster = book.roster
        func matches(_ wanted: String?, _ table: IdTable, _ column: [Int32], _ student: Int) -> Bool {
            guard let wanted else { return true }
            guard student < column.count, column[student] >= 0 else { return false }
            return table[Int(column[student])] == wanted
        }
        let chosen = (0..<book.data.studentCount).filter { student in
            matches(school, roster.schoolIds, roster.studentSchool, student) && matches(classId, roster.classIds, roster.studentClass, student)
                && matches(studentGrade, roster.gradeIds, roster.studentGrade, student)
        }
        guard !chosen.isEmpty else {
            let asked = [school.map { "school \($0)" }, classId.map { "class \($0)" }, studentGrade.map { "grade \($0)" }].compactMap { $0 }
            throw DataError("no student of \(asked.joined(separator: ", ")) in \(book.path) (its classes: \(roster.classIds.ids.prefix(20).joined(separator: ", ")))")
        }
        return try chosen.map { try StudentInput.load(index: $0, book: book, recommender: recommender) }
    }

    /// One warning for the whole class (not one per student) when some estimates are the
    /// model's from training; with --hide-ids the students are named by their row.
    private func warnAboutTrainingEstimates(_ inputs: [StudentInput], book: AnswerBook?, words: Words) {
        guard let book else {
            StandardError.warn(words.trainingEstimatesWarning(students: inputs.count))
            return
        }
        let missing = inputs.indices.filter { inputs[$0].source != .answers }
        guard !missing.isEmpty else { return }
        StandardError.warn(words.notInAnswersWarning(students: missing.map { hideIds ? "#\($0 + 1)" : inputs[$0].id }, file: book.path))
    }

    /// Student ids, one per line; blank lines and text after # are ignored; a repeated id is an error.
    static func readClassList(_ path: String) throws -> [String] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw DataError("cannot read the class list \(path): \(error.localizedDescription)")
        }
        var ids: [String] = []
        var firstLine: [String: Int] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let id = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0].trimmingCharacters(in: .whitespacesAndNewlines)
            guard !id.isEmpty else { continue }
            if let first = firstLine[id] { throw DataError("\(path):\(number + 1): student '\(id)' is already listed on line \(first)") }
            firstLine[id] = number + 1
            ids.append(id)
        }
        guard !ids.isEmpty else { throw DataError("\(path) lists no student") }
        return ids
    }
}
