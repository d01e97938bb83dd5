import ArgumentParser
import Foundation
import MasteryData
import Recommend

struct QuizCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiz",
        abstract: "A quiz for a class: items on the skills most of the class is about to learn, each toward a target success rate.",
        discussion: """
        The class is chosen as for `class` (--students, or --school/--class/--student-grade with \
        --answers). Each student's next --steps-ahead path steps count toward their skills; the \
        --questions are shared among those skills in proportion to how many students are about to \
        learn each, and within a skill the items (from --bank: any CSV with item_id and skill_id) \
        whose expected success for this class lies nearest --target-success come first. Items on the \
        same skills whose difficulties differ by less than 0.05 logits are near-duplicates: only one \
        is taken.

        --answer-sheet FILE writes the sheet to fill in: a row per student, item and skill, in \
        Lotrinh's answers layout (student_id, skill_id, item_id, correct, order) with correct empty; \
        filled in, lotrinh-train validate and lotrinh-path --answers read it as answers.

        Examples:
          lotrinh-path quiz --model models/vn-grade6.lotrinh --answers datasets/vn-grade6/responses.csv --class 3 --bank datasets/vn-grade6/responses.csv
          lotrinh-path quiz --model models/vn-grade6.lotrinh --answers datasets/vn-grade6/responses.csv --class 3 --bank datasets/vn-grade6/responses.csv \\
              --questions 10 --target-success 0.6 --answer-sheet class-3-quiz.csv --markdown
        """
    )

    @OptionGroup var planning: PlanningOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var selection: ClassSelection

    @Option(help: ArgumentHelp("The items that may be chosen: a CSV with item_id and skill_id columns.", valueName: "file"))
    var bank: String

    @Option(help: "How many items.")
    var questions = 20

    @Option(help: "The class's expected rate of right answers each item is chosen toward.")
    var targetSuccess = 0.7

    @Option(help: "A skill counts as about to be learned when it is among a student's first N path steps.")
    var stepsAhead = 3

    @Option(help: ArgumentHelp("Write the answer sheet (students × items, correct to fill in) here.", valueName: "file"))
    var answerSheet: String?

    func validate() throws {
        try selection.check(answers: planning.answers)
        try OptionBounds.check("--questions", questions, in: 1...500)
        try OptionBounds.check("--target-success", targetSuccess, above: 0, orEqual: false, below: 1, orEqual: false)
        try OptionBounds.check("--steps-ahead", stepsAhead, in: 1...1_000)
    }

    func run() throws {
        let setup = try PlanningSetup(options: planning, language: output.lang,
                                        forTerminal: output.format == .text || output.format == .markdown)
        let recommender = setup.recommender
        let book = try planning.answerBook(for: recommender)
        let students = try selection.students(book: book, planning: planning, setup: setup)
        let items = try ItemBank.load(path: bank, format: planning.format) { recommender.model.skillIndex.index(of: $0) != nil }
            .items.map(DiagnosticItem.init)
        if let answerSheet { try OutputPath.check(answerSheet, against: planning.inputFiles + [bank]) }
        let quiz = try recommender.assembleQuiz(for: students.map(\.state), bank: items,
                                                request: QuizRequest(questions: questions, targetSuccess: targetSuccess,
                                                                     stepsAhead: stepsAhead, path: setup.request))
        let report = QuizReport(quiz: quiz, students: students.count, targetSuccess: targetSuccess,
                                names: recommender.model.metadata.skillNames, ids: recommender.model.metadata.skillIds)
        if let answerSheet {
            try QuizReport.writeAnswerSheet(quiz, students: students.map(\.id), to: answerSheet)
        }
        let words = setup.words
        switch output.format {
        case .json:
            print(try ReportJSON.encode(report))
        case .text, .markdown:
            print(report.render(words: words, markdown: output.format == .markdown))
        case let .html(file):
            try HTMLPage.write(report.html(words: words), to: file, inputs: planning.inputFiles + [bank])
            print(words.wrote(file))
        }
        if let answerSheet, output.format != .json { print(words.wrote(answerSheet)) }
    }
}
