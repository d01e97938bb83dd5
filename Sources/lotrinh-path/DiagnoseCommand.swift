import ArgumentParser
import Foundation
import MasteryData
import Recommend

struct DiagnoseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "The next questions to ask a student, chosen to settle what their path depends on.",
        discussion: """
        For the goals (--goals, --topic, --grade; default every skill) and every prerequisite \
        they need, the diagnostic asks where each skill stands against --threshold. A question \
        (an item of --bank) is chosen for the expected fall of the uncertainty about those \
        mastered / not-mastered decisions over its two possible answers, not for the widest \
        interval; a question on a skill already asked counts half as much each time (content \
        balance), and each is drawn at random among the --exposure best (so not every student \
        gets the same items; --seed fixes the draw). A skill is settled when it is mastered, or \
        not, with probability --decision-confidence; the diagnostic stops when every skill is \
        settled or --max-questions are asked.

        --bank is any CSV with item_id and skill_id columns (one row per item and skill; a \
        responses file works: each item is taken once). Items the student has answered in \
        --answers count as asked.

        Examples:
          lotrinh-path diagnose --model models/vn-grade6.lotrinh --bank datasets/vn-grade6/responses.csv --goals T6.26
          lotrinh-path diagnose --model models/vn-grade6.lotrinh --bank datasets/vn-grade6/responses.csv \\
              --skills datasets/vn-grade6/skills.csv --topic "Phân số" --answers new-student.csv --questions 3 --json
        """
    )

    @OptionGroup var planning: PlanningOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("The items that may be asked: a CSV with item_id and skill_id columns.", valueName: "file"))
    var bank: String

    @Option(help: "The student's id in --answers (needed when it holds several students). Without --answers, a new student.")
    var student: String?

    @Option(help: "How many next questions to propose.")
    var questions = 5

    @Option(help: ArgumentHelp("The diagnostic's whole budget in questions, those already answered included.", valueName: "n"))
    var maxQuestions: Int?

    @Option(help: "A skill is settled when mastered, or not, with at least this probability.")
    var decisionConfidence = 0.9

    @Option(help: "Draw each question among this many best (1: always the best).")
    var exposure = 5

    @Option(help: "Seed of the exposure draw.")
    var seed: UInt64 = 0

    func validate() throws {
        guard (1...100).contains(questions) else { throw ValidationError("--questions must be between 1 and 100, got \(questions)") }
        if let maxQuestions, maxQuestions < 1 { throw ValidationError("--max-questions must be at least 1, got \(maxQuestions)") }
        do throws(ProbabilityOutOfRange) {
            _ = try ConfidenceLevel(decision: decisionConfidence, name: "--decision-confidence")
        } catch {
            throw ValidationError(error.description)
        }
        guard (1...100).contains(exposure) else { throw ValidationError("--exposure must be between 1 and 100, got \(exposure)") }
    }

    func run() throws {
        let setup = try PlanningSetup(options: planning, language: output.lang,
                                        forTerminal: output.format == .text || output.format == .markdown)
        let recommender = setup.recommender
        let items = try ItemBank.load(path: bank, format: planning.format) { recommender.model.skillIndex.index(of: $0) != nil }
            .items.map(DiagnosticItem.init)
        var state = recommender.newStudent()
        var answered: [String] = []
        if let book = try planning.answerBook(for: recommender) {
            let input: StudentInput
            if let student {
                input = try StudentInput.load(id: student, book: book, recommender: recommender,
                                              pseudonymizer: try planning.pseudonymizer(), words: setup.words)
            } else {
                guard book.data.studentCount == 1 else {
                    throw DataError("\(planning.answers ?? "") holds \(book.data.studentCount) students: name one with --student ID")
                }
                input = try StudentInput.load(index: 0, book: book, recommender: recommender)
            }
            state = input.state
            answered = (input.answers ?? []).compactMap(\.itemId)
        }
        let request = DiagnosticRequest(goals: setup.goals, threshold: planning.threshold,
                                        confidence: decisionConfidence, questions: questions, maximumQuestions: maxQuestions,
                                        askedItems: answered, exposureCandidates: exposure, seed: seed)
        let plan = try recommender.diagnose(state, bank: items, request: request)
        let report = DiagnosticReport(plan: plan, answered: answered.count, names: recommender.model.metadata.skillNames,
                                      ids: recommender.model.metadata.skillIds, threshold: planning.threshold)
        switch output.format {
        case .json:
            print(try ReportJSON.encode(report))
        case .text, .markdown:
            print(report.render(words: setup.words, markdown: output.format == .markdown))
        case let .html(file):
            try HTMLPage.write(report.html(words: setup.words), to: file, inputs: planning.inputFiles + [bank])
            print(setup.words.wrote(file))
        }
    }
}
