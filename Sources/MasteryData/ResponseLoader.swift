import Foundation

/// How to read a responses file.
public struct ResponseLoadOptions: Sendable {
    public var mapping: ColumnMapping
    /// Continue past invalid rows, counting them by reason, instead of stopping at the first.
    public var skipInvalid: Bool
    public var limits: CSVReader.Limits
    /// Encoding, delimiter, decimal mark and timestamp unit.
    public var format: InputFormat
    /// With a catalog: rows on skills outside it are left out and recorded in the report's
    /// ``ResponseLoadReport/unknownSkills`` (with the first rows' file:line) instead of failing,
    /// whatever ``skipInvalid`` says; a file with no row on a known skill then loads with no rows,
    /// for the caller to say why. For answers read against a model's skills.
    public var skipUnknownSkills = false
    /// Replaces each distinct student id (e.g. by a keyed hash) before the data is kept.
    public var pseudonymize: (@Sendable (String) -> String)?
    /// Called every ``progressInterval`` rows with bytes consumed and the file size (nil for pipes).
    public var progress: (@Sendable (Int64, Int64?) -> Void)?
    public var progressInterval = 1 << 16
    /// Threads that parse a large plain file in parallel (1: one reader, as for pipes).
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Smallest part worth a thread of its own: below it, starting a reader costs more than it saves.
    var minimumPartBytes = 4 << 20

    public init(mapping: ColumnMapping = ColumnMapping(), skipInvalid: Bool = false, limits: CSVReader.Limits = .init(),
                format: InputFormat = InputFormat(),
                pseudonymize: (@Sendable (String) -> String)? = nil, progress: (@Sendable (Int64, Int64?) -> Void)? = nil) {
        self.mapping = mapping
        self.skipInvalid = skipInvalid
        self.limits = limits
        self.format = format
        self.pseudonymize = pseudonymize
        self.progress = progress
    }
}

/// What a responses file held beyond the answers themselves.
public struct ResponseLoadReport: Sendable {
    public var skipped = SkipReport()
    /// Rows left out on skills outside the catalog (with ``ResponseLoadOptions/skipUnknownSkills``):
    /// their count and first rows with file:line.
    public var unknownSkills = SkipReport()
    /// Those rows per skill id, as written in the file.
    public var unknownSkillRows: [String: Int] = [:]
    /// Names given beside answers (`skill_name` column), per skill index; nil where none was given.
    public var skillNames: [String?] = []
    /// Skills that were given two different names in the `skill_name` column.
    public var skillNameConflicts = 0
    public var roster = StudentRoster()
    /// Which optional columns the file had.
    public var hasOrder = false
    public var bytesRead: Int64 = 0
}

/// School, class and grade of each student, for scoping reports. A student seen with two
/// different classes keeps the first and is counted in ``conflicts``.
public struct StudentRoster: Sendable {
    public var schoolIds = IdTable()
    public var classIds = IdTable()
    public var gradeIds = IdTable()
    /// Per student: index into the id tables, -1 when unknown.
    public var studentSchool: [Int32] = []
    public var studentClass: [Int32] = []
    public var studentGrade: [Int32] = []
    public var conflicts = 0

    public var isEmpty: Bool { schoolIds.count == 0 && classIds.count == 0 && gradeIds.count == 0 }

    mutating func record(student: Int, school: Int32, class classIndex: Int32, grade: Int32) {
        while studentSchool.count <= student {
            studentSchool.append(-1)
            studentClass.append(-1)
            studentGrade.append(-1)
        }
        func merge(_ stored: inout Int32, _ value: Int32) -> Bool {
            if value < 0 || stored == value { return false }
            if stored < 0 { stored = value; return false }
            return true
        }
        // Evaluate all three: each merge also fills an unknown value.
        let schoolConflict = merge(&studentSchool[student], school)
        let classConflict = merge(&studentClass[student], classIndex)
        let gradeConflict = merge(&studentGrade[student], grade)
        if schoolConflict || classConflict || gradeConflict { conflicts += 1 }
    }
}

/// Reads `responses.csv` into ``ResponseData``.
public enum ResponseLoader {
    /// Loads graded answers. With a `catalog`, every skill must be in it (skill indices then follow
    /// the catalog, unanswered skills included); without one, skills are taken from the answers.
    public static func load(path: String, displayName: String? = nil, catalog: SkillCatalog? = nil,
                            options: ResponseLoadOptions = ResponseLoadOptions()) throws(InputError) -> (ResponseData, ResponseLoadReport) {
        if let parsed = parseInParallel(path: path, displayName: displayName, catalog: catalog, options: options) {
            return try finish(parsed.rows, report: parsed.report, file: parsed.file, options: options)
        }
        let reader = try CSVReader(path: path, displayName: displayName, limits: options.limits, format: options.format)
        let header = try CSVHeader(reader: reader, mapping: options.mapping, required: requiredColumns, optional: optionalColumns)
        guard header.has(.correct) != header.has(.score) else {
            let both = header.has(.correct)
            throw InputError(file: reader.path, line: 1, reason: both ? .duplicateHeader : .missingColumn,
                             expected: both ? "either a 'correct' (0/1) or a 'score' (0…1) column, not both"
                                 : "a column '\(options.mapping.header(for: .correct))' (0/1) or '\(options.mapping.header(for: .score))' (0…1); map another with --column correct=HEADER")
        }
        var rows = RawRows(header: header, catalog: catalog, maxIdBytes: options.limits.maxIdBytes,
                           decimalComma: reader.decimalComma, timestampUnit: options.format.timestampUnit)
        var policy = RowErrorPolicy(skipInvalid: options.skipInvalid)
        var report = ResponseLoadReport()
        var rowsRead = 0
        while try reader.nextRecord() {
            do throws(InputError) {
                try rows.append(reader)
            } catch where error.reason == .unknownSkill && options.skipUnknownSkills {
                report.unknownSkills.record(error)
                report.unknownSkillRows[error.value ?? "", default: 0] += 1
            } catch {
                try policy.handle(error)
            }
            rowsRead += 1
            if rowsRead == 4096, let size = reader.fileSize, reader.bytesConsumed > 0 {
                // Size the columns once from the rows seen so far: no regrowth copies, little slack.
                rows.reserveCapacity(expecting: Int(Double(size) / Double(reader.bytesConsumed) * Double(rowsRead)))
            }
            if rowsRead % options.progressInterval == 0 { options.progress?(reader.bytesConsumed, reader.fileSize) }
        }
        options.progress?(reader.bytesConsumed, reader.fileSize)
        rows.completeAppends()
        if rows.count == 0 && report.unknownSkills.isEmpty {
            throw InputError(file: reader.path, reason: .emptyFile,
                             expected: policy.skipped.isEmpty ? "at least one answer after the header"
                                 : "at least one valid answer (all \(policy.skipped.total) rows were invalid)")
        }
        report.skipped = policy.skipped
        report.bytesRead = reader.bytesConsumed
        return try finish(rows, report: report, file: reader.path, options: options)
    }

    static let requiredColumns: [ColumnRole] = [.student, .skill]
    static let optionalColumns: [ColumnRole] = [.correct, .score, .item, .order, .timestamp, .school, .class, .grade, .skillName, .split]

    private static func finish(_ rows: consuming RawRows, report: ResponseLoadReport, file: String,
                               options: ResponseLoadOptions) throws(InputError) -> (ResponseData, ResponseLoadReport) {
        var report = report
        report.hasOrder = rows.hasOrder
        var (data, roster, names, nameConflicts) = rows.finish(threads: options.threads)
        if let pseudonymize = options.pseudonymize {
            data.studentIds = try pseudonymized(data.studentIds, with: pseudonymize, file: file)
        }
        report.roster = roster
        report.skillNames = names
        report.skillNameConflicts = nameConflicts
        return (data, report)
    }

    private static func pseudonymized(_ ids: IdTable, with pseudonymize: (String) -> String, file: String) throws(InputError) -> IdTable {
        var table = IdTable()
        for index in 0..<ids.count { _ = table.intern(pseudonymize(ids[index])) }
        guard table.count == ids.count else {
            throw InputError(file: file, reason: .outOfRange, expected: "distinct pseudonyms for distinct students (the keyed hash collided; use a longer pseudonym)")
        }
        return table
    }
}
