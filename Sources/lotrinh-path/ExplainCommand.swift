import ArgumentParser
import Foundation
import Reports

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Why one skill is, or is not, on a student's path.",
        discussion: """
        Shows the skill's predicted mastery against the mastery rule, where it sits on the path, its \
        prerequisites and their mastery, the goals that need it, and the evidence: the student's \
        answers that moved its estimate most, found by leaving each answer out in turn and refitting \
        the student from the others (needs --answers).

        Examples:
          lotrinh-path explain --model models/vn-grade6.lotrinh --answers datasets/vn-grade6/responses.csv --student 17 --skill T6.26
          lotrinh-path explain --model models/vn-grade6.lotrinh --answers datasets/vn-grade6/responses.csv --student 17 --skill T6.13 --goals T6.26 --json
          lotrinh-path explain --model models/vn-grade6.lotrinh --student 17 --skill T6.05 --lang en --markdown
        """
    )

    @OptionGroup var planning: PlanningOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "The student's id.")
    var student: String

    @Option(help: "The skill to explain (its id).")
    var skill: String

    @Option(help: "How many of the most influential answers to show.")
    var evidence = 8

    @Option(help: ArgumentHelp("Item titles (item_id, title) that name the evidence's questions; without it an answer is named by its place among the answers on its skill and its date.", valueName: "file"))
    var items: String?

    func validate() throws {
        try OptionBounds.check("--evidence", evidence, in: 1...OptionBounds.maximumEvidence)
    }

    func run() throws {
        let setup = try PlanningSetup(options: planning, language: output.lang,
                                        forTerminal: output.format == .text || output.format == .markdown)
        let book = try planning.answerBook(for: setup.recommender)
        let input = try StudentInput.load(id: student, book: book, recommender: setup.recommender,
                                          pseudonymizer: try planning.pseudonymizer(), words: setup.words)
        input.warnIfFromTraining(setup.words)
        let skillIndex = try setup.index(ofSkill: skill)
        let report = try ExplainReport(skill: skill, student: input.reportStudent, evidenceCount: evidence, context: setup.context)
        let words = setup.words
        switch output.format {
        case .json:
            print(try ReportJSON.encode(report))
        case .text:
            print(ExplainText(report: report, words: words, style: .forStandardOutput(environment: ProcessInfo.processInfo.environment)).render())
        case .markdown:
            print(ExplainMarkdown(report: report, words: words).render())
        case let .html(file):
            let titles = try items.map { try LabelFile(path: $0, key: "item_id", label: "title", format: planning.format).labels } ?? [:]
            try HTMLPage.write(ExplainHTML(report: report, skillIndex: skillIndex, setup: setup, modelPath: planning.model,
                                           itemTitles: titles).render(),
                               to: file, inputs: planning.inputFiles + [items].compactMap { $0 })
            print(words.wrote(file))
        }
    }
}
