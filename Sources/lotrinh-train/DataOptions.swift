import ArgumentParser
import Foundation
import MasteryData

/// The options every command that reads a dataset shares.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A dataset folder; its files are found by the preset's file names.", valueName: "dir"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("Graded answers: student, skill, correct (0/1) or score (0…1).", valueName: "file"))
    var responses: String?

    @Option(name: .long, help: ArgumentHelp("Skills: skill_id, name, optional subject, grade, topic.", valueName: "file"))
    var skills: String?

    @Option(name: .long, help: ArgumentHelp("Prerequisite edges: prerequisite_id, skill_id.", valueName: "file"))
    var prerequisites: String?

    @Option(name: .long, help: ArgumentHelp("Learning material: skill_id, title, url.", valueName: "file"))
    var resources: String?

    @Option(name: .long, help: ArgumentHelp("Column and file layout: \(DatasetPreset.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "name"))
    var preset: DatasetPreset = .lotrinh

    @Option(name: .customLong("column"), parsing: .singleValue,
            help: ArgumentHelp("Read a role from another header, e.g. student=user_id (repeatable). Roles: \(ColumnRole.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "role=header"))
    var columns: [String] = []

    @Flag(name: .long, help: "Skip invalid rows (counted and summarized by reason) instead of stopping at the first.")
    var skipInvalid = false

    @Flag(name: .long, help: "Remove one edge of each prerequisite cycle (named in the output) instead of failing on it.")
    var breakCycles = false

    @Option(name: .long, help: ArgumentHelp("Text encoding of every input file: \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")) (default: UTF-8, or UTF-16 when the file starts with its byte order mark). Windows-1258 tone marks are composed (NFC).", valueName: "name"))
    var encoding: TextEncoding?

    @Option(name: .long, help: ArgumentHelp("Field separator: comma, semicolon or tab (default: recognised from each file's header).", valueName: "name"))
    var delimiter: CSVDelimiter?

    @Flag(name: .long, inversion: .prefixedNo,
          help: "Read numbers written with a decimal comma (0,5). Default: on for semicolon-separated files, off otherwise.")
    var decimalComma: Bool?

    @Option(name: .long, help: ArgumentHelp("Unit of numeric timestamps: s (Unix seconds) or ms (milliseconds).", valueName: "unit"))
    var timestampUnit: TimestampUnit = .seconds

    @Option(name: .long, help: ArgumentHelp("Replace student ids by a keyed hash (HMAC-SHA256) with this key file; the key is never stored.", valueName: "file"))
    var pseudonymKey: String?

    func validate() throws {
        if data == nil, responses == nil {
            throw ValidationError("Give a dataset folder with --data DIR, or the files with --responses FILE (and optionally --skills, --prerequisites, --resources).")
        }
        _ = try mapping()
    }

    /// What these options mean, shared with lotrinh-path.
    var reading: ReadingOptions {
        ReadingOptions(preset: preset, columnAssignments: columns, skipInvalid: skipInvalid, format: format,
                       pseudonymKeyFile: pseudonymKey)
    }

    func mapping() throws -> ColumnMapping {
        do {
            return try reading.mapping()
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// The files to read: explicit paths win over those found in --data.
    func files() throws -> DatasetFiles {
        var files: DatasetFiles
        if let data {
            files = try DatasetFiles(directory: data, preset: preset)
        } else {
            files = DatasetFiles(responses: responses!)
        }
        if let responses { files.responses = responses }
        if let skills { files.skills = skills }
        if let prerequisites { files.prerequisites = prerequisites }
        if let resources { files.resources = resources }
        return files
    }

    /// How every file is read: encoding, delimiter, decimal mark and timestamp unit.
    var format: InputFormat {
        InputFormat(encoding: encoding, delimiter: delimiter, decimalComma: decimalComma, timestampUnit: timestampUnit)
    }

    func pseudonymizer() throws -> Pseudonymizer? {
        try reading.pseudonymizer()
    }

    /// Loads the dataset, drawing a progress line on a terminal while the responses are read.
    func load(quiet: Bool = false) throws -> Dataset {
        let files = try files()
        _ = try mapping()  // a usage error (exit 64) rather than a data error
        var options = try reading.datasetLoadOptions()
        let progress = quiet ? nil : ProgressLine(label: "reading \((files.responses as NSString).lastPathComponent)")
        if let progress {
            options.progress = { consumed, total in progress.update(done: Double(consumed), total: total.map(Double.init), unit: .bytes) }
        }
        defer { progress?.finish() }
        var dataset = try Dataset.load(files, options: options)
        if breakCycles { dataset.breakCycles() }
        return dataset
    }
}

extension DatasetPreset: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}
extension CSVDelimiter: ExpressibleByArgument {}
extension TimestampUnit: ExpressibleByArgument {}
