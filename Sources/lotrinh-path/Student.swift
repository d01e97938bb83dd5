import ArgumentParser
import Foundation
import Recommend
import Reports

struct Student: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A student's next learning path, and their mastery of every skill.",
        discussion: """
        From the student's answers (--answers, a responses CSV in Lotrinh's layout; the rows of \
        --student are used when it holds several students), or from the model's own estimate of a \
        student it was trained on (--student alone, or a student the answers file has no row of; \
        practice counts are then not known, and a warning on standard error says the estimate is from \
        training time).

        The path lists the skills to learn next, each after its prerequisites: a skill counts as \
        mastered when its whole interval is at or above --threshold.

        Every format names each skill's level in words, from the estimate: not started (chưa \
        học) below 0.40, learning (đang học) from 0.40, almost (gần thành thạo) from 0.15 below \
        --threshold, mastered (thành thạo) from --threshold; the estimate and its interval are in \
        the HTML's tooltip. --roster FILE (student_id, name, optional class_id) puts the name in every \
        format and the class in the HTML's header; names are read only here and never enter a model.

        Examples:
          lotrinh-path student --model models/vn-grade6.lotrinh --answers datasets/vn-grade6/responses.csv --student 17
          lotrinh-path student --model models/vn-grade6.lotrinh --student 17 --goals T6.26,T6.30 --resources datasets/vn-grade6/resources.csv
          lotrinh-path student --model models/vn-grade6.lotrinh --student 17 --skills datasets/vn-grade6/skills.csv --topic "Phân số" --markdown
          lotrinh-path student --model models/vn-grade6.lotrinh --student 17 --mastery --json
          lotrinh-path student --model models/vn-grade6.lotrinh --student 17 --html student-17.html --lang en
          lotrinh-path student --model models/vn-grade6.lotrinh --answers datasets/vn-grade6/responses.csv --student 81 --roster datasets/vn-grade6/students.csv --school-name "THCS Lê Quý Đôn" --html student-81.html
        """
    )

    @OptionGroup var planning: PlanningOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var teacher: TeacherOptions

    @Option(help: "The student's id.")
    var student: String?

    @Flag(help: "Also list the mastery of every skill (text, Markdown and JSON; the HTML report always has it).")
    var mastery = false

    func validate() throws {
        guard student != nil || planning.answers != nil else {
            throw ValidationError("Name the student with --student ID, give their answers with --answers FILE, or both.")
        }
    }

    func run() throws {
        let setup = try PlanningSetup(options: planning, language: output.lang, forTerminal: output.isForTerminal)
        let recommender = setup.recommender
        let input = try studentInput(recommender, words: setup.words)
        input.warnIfFromTraining(setup.words)
        let response = try recommender.pathResponse(for: input.state, request: setup.request(for: input), includeMastery: true)
        var report = StudentReport(student: input.reportStudent, response: response, context: setup.context)
        let roster = try teacher.loadRoster(format: planning.format)
        // A name from an edited file must not drive the teacher's terminal (as skill names, see PlanningSetup).
        report.name = roster?.labels[report.student].map { output.isForTerminal ? $0.escapingControlCharacters : $0 }
        let words = setup.words
        switch output.format {
        case .json:
            if !mastery { report.skills = nil }
            print(try ReportJSON.encode(report))
        case .text:
            print(StudentText(report: report, words: words, showMastery: mastery,
                              style: .forStandardOutput(environment: ProcessInfo.processInfo.environment)).render())
        case .markdown:
            print(StudentMarkdown(report: report, words: words, showMastery: mastery).render())
        case let .html(file):
            let header = ReportHeader(school: teacher.schoolName, className: roster?.extras[report.student],
                                      modelCreatedAt: recommender.model.metadata.createdAt)
            try HTMLPage.write(StudentHTML(report: report, setup: setup, modelPath: planning.model, header: header).render(),
                               to: file, inputs: planning.inputFiles + teacher.inputFiles)
            print(words.wrote(file))
        }
    }

    /// The named student, or the only student of the answers file.
    private func studentInput(_ recommender: Recommender, words: Words) throws -> StudentInput {
        let book = try planning.answerBook(for: recommender)
        if let student {
            return try StudentInput.load(id: student, book: book, recommender: recommender, pseudonymizer: try planning.pseudonymizer(),
                                         words: words)
        }
        guard let book, book.data.studentCount == 1 else {
            throw DataError("\(planning.answers ?? "") holds \(book?.data.studentCount ?? 0) students: name one with --student ID")
        }
        return try StudentInput.load(index: 0, book: book, recommender: recommender)
    }
}
