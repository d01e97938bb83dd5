import ArgumentParser
import Foundation
import MasteryData
import Recommend

struct ClassCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "class",
        abstract: "A class at a glance: who is ready for what, who to teach together, who is stuck.",
        discussion: """
        The class is a file of student ids (--students, one per line; # starts a comment), or every \
        student of a school, class or grade in the answers file (--school, --class, --student-grade: \
        the roster columns school_id, class_id, grade). Each student's answers are folded in when \
        --answers is given, else the model's own training-time estimates are used (with one warning \
        on standard error naming the students concerned).

        For every skill the goals need: how many students have mastered it, are ready for it, or \
        still need a prerequisite. Students whose next --group-steps steps coincide form a group to \
        teach together. A student is stuck after --stuck-attempts answers on their next step \
        without mastering it, or with mean mastery below --stuck-mastery. --hide-ids shows row \
        numbers of the class list instead of student ids (for reports that leave the school).

        Examples:
          lotrinh-path class --model models/vn-grade6.lotrinh --answers datasets/vn-grade6/responses.csv --class 3
          lotrinh-path class --model models/vn-grade6.lotrinh --answers datasets/vn-grade6/responses.csv --school 1 --class 3 --hide-ids --html class-3.html
          lotrinh-path class --model models/vn-grade6.lotrinh --students my-class.txt --skills datasets/vn-grade6/skills.csv --topic "Phân số" --markdown
          lotrinh-path class --model models/vn-grade6.lotrinh --answers datasets/vn-grade6/responses.csv --class 3 --json
        """
    )

    @OptionGroup var planning: PlanningOptions
    @OptionGroup var output: OutputOptions

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

    @Option(help: "Students whose first N steps coincide are grouped.")
    var groupSteps = 1

    @Option(help: "Answers on the next step, its estimate still below the threshold, after which a student is stuck.")
    var stuckAttempts = 10

    @Option(help: "Mean mastery over the goals' skills below which a student is stuck.")
    var stuckMastery = 0.3

    func validate() throws {
        let byRoster = school != nil || classId != nil || studentGrade != nil
        guard students != nil || byRoster else {
            throw ValidationError("Name the class with --students FILE, or with --school/--class/--student-grade and --answers FILE.")
        }
        guard !(students != nil && byRoster) else { throw ValidationError("Use --students FILE or the roster options (--school, --class, --student-grade), not both.") }
        if byRoster && planning.answers == nil { throw ValidationError("--school, --class and --student-grade read the roster columns of --answers FILE.") }
        try OptionBounds.check("--group-steps", groupSteps, in: 1...OptionBounds.maximumGroupSteps)
        try OptionBounds.check("--stuck-attempts", stuckAttempts, in: 1...Recommender.maximumAnswerBudget)
        try OptionBounds.check("--stuck-mastery", stuckMastery, above: 0, orEqual: true, below: 1, orEqual: true)
    }

    func run() throws {
        let curriculum = try Curriculum(options: planning, language: output.lang,
                                        forTerminal: output.format == .text || output.format == .markdown)
        let book = try planning.answerBook(for: curriculum.recommender)
        let inputs = try classStudents(book: book, curriculum: curriculum)
        let rules = ClassRules(groupSteps: groupSteps, stuckAttempts: stuckAttempts, stuckMastery: stuckMastery)
        let scope = ClassReport.Scope(school: school, class: classId, grade: studentGrade, studentsFile: students)
        let report = try ClassReport(students: inputs, scope: scope, hideIds: hideIds, rules: rules, curriculum: curriculum)
        let words = curriculum.words
        switch output.format {
        case .json:
            print(try ReportJSON.encode(report))
        case .text:
            print(ClassText(report: report, words: words, style: .forStandardOutput(environment: ProcessInfo.processInfo.environment)).render())
        case .markdown:
            print(ClassMarkdown(report: report, words: words).render())
        case let .html(file):
            try HTMLPage.write(ClassHTML(report: report, curriculum: curriculum, modelPath: planning.model).render(), to: file,
                               inputs: planning.inputFiles + [students].compactMap { $0 })
            print(words.wrote(file))
        }
    }

    private func classStudents(book: AnswerBook?, curriculum: Curriculum) throws -> [StudentInput] {
        let recommender = curriculum.recommender
        if let students {
            let pseudonymizer = try planning.pseudonymizer()
            let inputs = try Self.readClassList(students).map {
                try StudentInput.load(id: $0, book: book, recommender: recommender, pseudonymizer: pseudonymizer, words: curriculum.words)
            }
            warnAboutTrainingEstimates(inputs, book: book, words: curriculum.words)
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
