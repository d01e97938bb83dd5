import ArgumentParser
import MasteryData
import Recommend

/// What every subcommand reads and plans with: the model, the data files, the goals and the mastery rule.
/// The same knobs as the library's `PathRequest`, so a teacher previews exactly what a service computes.
struct PlanningOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A .lotrinh model.", valueName: "file"))
    var model: String

    @Option(help: ArgumentHelp("Graded answers (a responses CSV, read as lotrinh-train reads it), folded in for each student.", valueName: "file"))
    var answers: String?

    @Option(help: ArgumentHelp("Column layout of --answers: \(DatasetPreset.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "name"))
    var preset: DatasetPreset = .lotrinh

    @Option(name: .customLong("column"), parsing: .singleValue,
            help: ArgumentHelp("Read a role of --answers from another header, e.g. student=user_id, or not at all, e.g. item= (repeatable).", valueName: "role=header"))
    var columns: [String] = []

    @Flag(help: "Skip invalid rows of --answers (counted and the first shown on standard error) instead of stopping at the first.")
    var skipInvalid = false

    @Option(help: ArgumentHelp("The key file the model's student ids were pseudonymized with: the answers' ids, --student and the class list are hashed with it.", valueName: "file"))
    var pseudonymKey: String?

    @Option(help: ArgumentHelp("Skills file (skill_id, name, topic, grade): needed for --topic and --grade, and keeps paths on one topic.", valueName: "file"))
    var skills: String?

    @Option(help: ArgumentHelp("Learning material to show beside steps (skill_id, title, url).", valueName: "file"))
    var resources: String?

    @Option(help: ArgumentHelp("Skills to reach, comma-separated ids (default: every skill, or those of --topic/--grade).", valueName: "ids"))
    var goals: String?

    @Option(help: ArgumentHelp("Every skill of this topic (from --skills) is a goal; case and diacritics may differ (\"phan so\" finds \"Phân số\").", valueName: "topic"))
    var topic: String?

    @Option(help: ArgumentHelp("Every skill of this grade (from --skills) is a goal; with --topic, those of both. Matched as --topic is.", valueName: "grade"))
    var grade: String?

    @Option(help: "Mastery threshold: a skill is mastered when its whole interval is at or above it.")
    var threshold = 0.8

    @Option(help: "Confidence of the mastery intervals.")
    var confidence = 0.95

    @Option(help: "Plan at most this many steps.")
    var maxSteps: Int?

    @Option(help: ArgumentHelp("A budget in answers: plan the goals that fit (cheapest first, each after its missing prerequisites) and list a practice schedule of exactly this many answers.", valueName: "n"))
    var maxAnswers: Int?

    @Option(help: ArgumentHelp("Text encoding of the CSV files: \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")) (default: UTF-8, or UTF-16 with its byte order mark).", valueName: "name"))
    var encoding: TextEncoding?

    @Option(help: ArgumentHelp("Field separator of the CSV files: comma, semicolon or tab (default: from each header).", valueName: "name"))
    var delimiter: CSVDelimiter?

    @Flag(inversion: .prefixedNo, help: "Read decimal commas (0,5). Default: on for semicolon-separated files.")
    var decimalComma: Bool?

    @Option(help: ArgumentHelp("Unit of numeric timestamps in the answers: s or ms.", valueName: "unit"))
    var timestampUnit: TimestampUnit = .seconds

    /// How the CSV files are read, as lotrinh-train reads them.
    var format: InputFormat {
        InputFormat(encoding: encoding, delimiter: delimiter, decimalComma: decimalComma, timestampUnit: timestampUnit)
    }

    /// What the reading options mean, shared with lotrinh-train.
    var reading: ReadingOptions {
        ReadingOptions(preset: preset, columnAssignments: columns, skipInvalid: skipInvalid, format: format,
                       pseudonymKeyFile: pseudonymKey)
    }

    /// Every file the command reads, which no output may replace.
    var inputFiles: [String] { [model, answers, skills, resources, pseudonymKey].compactMap { $0 } }

    /// The answers file, when one is given.
    func answerBook(for recommender: Recommender) throws -> AnswerBook? {
        try answers.map { try AnswerBook(path: $0, reading: reading, model: recommender) }
    }

    /// The keyed hash of student ids, when a key file is given.
    func pseudonymizer() throws -> Pseudonymizer? {
        try reading.pseudonymizer()
    }

    func validate() throws {
        do throws(ProbabilityOutOfRange) {
            _ = try MasteryThreshold(threshold, name: "--threshold")
            _ = try ConfidenceLevel(confidence, name: "--confidence")
        } catch {
            throw ValidationError(error.description)
        }
        if let maxSteps { try OptionBounds.check("--max-steps", maxSteps, in: 1...OptionBounds.maximumSteps) }
        if let maxAnswers { try OptionBounds.check("--max-answers", maxAnswers, in: 1...Recommender.maximumAnswerBudget) }
        do {
            _ = try reading.mapping()
        } catch {
            throw ValidationError(error.message)
        }
        if (topic != nil || grade != nil) && skills == nil {
            throw ValidationError("--topic and --grade choose goals from the skills file: give it with --skills FILE.")
        }
    }
}

extension DatasetPreset: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}
extension CSVDelimiter: ExpressibleByArgument {}
extension TimestampUnit: ExpressibleByArgument {}

/// How a report is written: text on the terminal unless one other format is asked for.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON (schema: docs/lotrinh-path.schema.json).")
    var json = false

    @Flag(help: "Print Markdown.")
    var markdown = false

    @Option(help: ArgumentHelp("Write a self-contained HTML report (graph, charts, tables; prints on A4) to this file.", valueName: "file"))
    var html: String?

    @Option(help: "Interface language: vi or en (default: vi when skill names are Vietnamese, else en).")
    var lang: Language?

    func validate() throws {
        if [json, markdown, html != nil].filter({ $0 }).count > 1 {
            throw ValidationError("Choose one format: --json, --markdown or --html FILE.")
        }
    }

    /// Text or Markdown: names from files are shown with their control characters escaped.
    var isForTerminal: Bool { format == .text || format == .markdown }

    var format: ReportFormat {
        if json { return .json }
        if markdown { return .markdown }
        if let html { return .html(path: html) }
        return .text
    }
}

enum ReportFormat: Equatable {
    case text, json, markdown
    case html(path: String)
}
