import ArgumentParser
import Foundation
import MasteryData

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a dataset and summarize it before training.",
        discussion: """
        Reads the responses (and skills, prerequisites, resources when given), reports every \
        problem with file, line and column, and prints what an analyst needs before training: \
        counts, correct rate, answers per student and per skill, thin skills, the prerequisite \
        graph's shape and its cycles. Files are UTF-8 (UTF-16 with a byte order mark is read too; \
        --encoding converts Windows-1258/1252 exports), separated by commas, semicolons or tabs. Exits with 1 when the data has errors (an invalid value \
        without --skip-invalid, or a prerequisite cycle), 0 otherwise.

        Examples:
          lotrinh-train validate --data datasets/junyi2015
          lotrinh-train validate --preset assistments --data ../shared/datasets/assist2009 --json
          lotrinh-train validate --responses answers.csv --column student=user_id --column correct=is_correct
          lotrinh-train validate --data export-from-school --encoding windows-1258
        """
    )

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .long, help: "Skills with fewer answers than this are listed as thin.")
    var minAnswers = 20

    @Flag(name: .long, help: "Print the summary as JSON (the same fields as the text).")
    var json = false

    func run() throws {
        let dataset: Dataset
        do {
            dataset = try dataOptions.load()
        } catch let error as InputError {
            if json { try printJSON(ValidationFailure(error: error.description, file: error.file, line: error.line, column: error.column, reason: error.reason.rawValue)) }
            throw error
        }
        let summary = DatasetSummary(dataset, minAnswersPerSkill: minAnswers)
        if json {
            try printJSON(summary)
        } else {
            print(SummaryText(summary).render().escapingControlCharacters)
        }
        if summary.hasErrors { throw ExitCode(1) }
    }

    private func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONOutput.encoder()
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// What `validate --json` prints when the input cannot be read at all.
struct ValidationFailure: Encodable {
    var valid = false
    var error: String
    var file: String
    var line: Int?
    var column: Int?
    var reason: String
}
