import Foundation

/// How a command reads its input files: the meaning of the options `lotrinh-train` and
/// `lotrinh-path` share (`--preset`, `--column ROLE=HEADER`, `--skip-invalid`, `--pseudonym-key`,
/// `--encoding`, `--delimiter`, `--decimal-comma`, `--timestamp-unit`), so that a file that one
/// reads, the other reads the same way. Each command declares the options for its parser; the
/// value they make is this one.
public struct ReadingOptions: Sendable {
    /// The column (and folder) layout the files follow.
    public var preset: DatasetPreset
    /// `ROLE=HEADER` assignments, applied in order over the preset's layout; `ROLE=` unsets an
    /// optional role.
    public var columnAssignments: [String]
    /// Skip invalid rows, counted by reason, instead of stopping at the first.
    public var skipInvalid: Bool
    /// Encoding, delimiter, decimal mark and timestamp unit.
    public var format: InputFormat
    /// A key file: student ids are replaced by their keyed hash as they are read.
    public var pseudonymKeyFile: String?

    public init(preset: DatasetPreset = .lotrinh, columnAssignments: [String] = [], skipInvalid: Bool = false,
                format: InputFormat = InputFormat(), pseudonymKeyFile: String? = nil) {
        self.preset = preset
        self.columnAssignments = columnAssignments
        self.skipInvalid = skipInvalid
        self.format = format
        self.pseudonymKeyFile = pseudonymKeyFile
    }

    /// The preset's layout with every assignment applied; an error names the option and what is wrong.
    public func mapping() throws(ColumnMapping.MappingError) -> ColumnMapping {
        var mapping = preset.mapping
        for assignment in columnAssignments {
            do {
                try mapping.apply(assignment: assignment)
            } catch {
                throw ColumnMapping.MappingError(message: "--column \(error.message)")
            }
        }
        return mapping
    }

    /// The keyed hash of student ids, read from the key file; nil without one.
    public func pseudonymizer() throws(Pseudonymizer.KeyError) -> Pseudonymizer? {
        guard let pseudonymKeyFile else { return nil }
        return try Pseudonymizer(keyFile: URL(fileURLWithPath: pseudonymKeyFile))
    }

    /// How to read a responses file with these options.
    public func responseLoadOptions() throws -> ResponseLoadOptions {
        ResponseLoadOptions(mapping: try mapping(), skipInvalid: skipInvalid, format: format,
                            pseudonymize: try pseudonymizeFunction())
    }

    /// How to read a dataset (every file of it) with these options.
    public func datasetLoadOptions() throws -> DatasetLoadOptions {
        DatasetLoadOptions(mapping: try mapping(), skipInvalid: skipInvalid, format: format,
                           pseudonymize: try pseudonymizeFunction())
    }

    private func pseudonymizeFunction() throws -> (@Sendable (String) -> String)? {
        guard let pseudonymizer = try pseudonymizer() else { return nil }
        return { pseudonymizer.pseudonym(for: $0) }
    }
}
