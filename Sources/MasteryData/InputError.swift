/// A problem with one value, row or file of the input, located precisely enough that an analyst
/// can open the file and fix it: file, line, column, the offending value and what was expected.
///
/// The description follows the compiler convention `file:line:column: message`, so editors and
/// terminals can jump to the spot.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why a row could not be used; also the key under which `--skip-invalid` counts skipped rows.
    public enum Reason: String, Sendable, Codable, CaseIterable {
        case emptyFile = "empty file"
        case missingColumn = "missing column"
        case duplicateHeader = "duplicate header"
        case malformedCSV = "malformed CSV"
        case tooLong = "record too long"
        case tooManyColumns = "too many columns"
        case wrongFieldCount = "wrong number of fields"
        case emptyValue = "empty value"
        case notANumber = "not a number"
        case outOfRange = "value out of range"
        case badTimestamp = "bad timestamp"
        case unknownSkill = "unknown skill"
        case duplicateSkill = "duplicate skill"
        case cycle = "prerequisite cycle"
        case unreadable = "unreadable file"
        /// Bytes that are not text in the file's encoding (invalid UTF-8, a byte a code page leaves
        /// undefined, a broken UTF-16 surrogate pair).
        case badEncoding = "not valid text"
    }

    public var file: String
    /// 1-based physical line of the file (a quoted newline counts as a line); nil for whole-file problems.
    public var line: Int?
    /// 1-based column position; nil when the problem is not in one field.
    public var column: Int?
    /// The header name of that column, when known.
    public var columnName: String?
    /// The offending value, shortened for display if it is huge.
    public var value: String?
    public var reason: Reason
    /// What was expected, in words ("0 or 1", "a number in [0, 1]").
    public var expected: String

    public init(file: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil,
                value: String? = nil, reason: Reason, expected: String) {
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.value = value.map(InputError.shortened)
        self.reason = reason
        self.expected = expected
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        var message = "\(location): \(reason.rawValue)"
        if let columnName { message += " in column '\(columnName)'" }
        if let value { message += ": \"\(value)\"" }
        return message + " — expected \(expected)"
    }

    /// Values can be megabytes long (a broken export); an error message must stay readable.
    static func shortened(_ value: String) -> String {
        let limit = 80
        guard value.count > limit else { return value }
        return String(value.prefix(limit)) + "… (\(value.utf8.count) bytes)"
    }
}
