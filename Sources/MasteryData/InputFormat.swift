/// How the bytes of an input file are turned into text and fields: its character encoding, its
/// field delimiter and how numbers and times are written. Every file of a dataset is read with the
/// same format, so ids are compared the same way in all of them.
public struct InputFormat: Sendable, Equatable {
    /// Nil reads UTF-8, or UTF-16 when the file starts with a UTF-16 byte order mark.
    public var encoding: TextEncoding?
    /// Nil recognises comma, semicolon or tab from the header row.
    public var delimiter: CSVDelimiter?
    /// Nil reads a decimal comma (`0,5`) in semicolon-separated files only, the way Excel writes
    /// them under Vietnamese (and most European) regional settings.
    public var decimalComma: Bool?
    /// The unit of numeric (Unix) timestamps.
    public var timestampUnit: TimestampUnit

    public init(encoding: TextEncoding? = nil, delimiter: CSVDelimiter? = nil, decimalComma: Bool? = nil,
                timestampUnit: TimestampUnit = .seconds) {
        self.encoding = encoding
        self.delimiter = delimiter
        self.decimalComma = decimalComma
        self.timestampUnit = timestampUnit
    }
}

/// A character encoding Lotrinh reads; every one is converted to UTF-8 as it is read.
public enum TextEncoding: String, Sendable, CaseIterable, Codable {
    /// The default; a UTF-8 byte order mark is skipped.
    case utf8 = "utf-8"
    /// Excel's "Unicode text": little or big endian, told by the byte order mark (little endian
    /// when there is none, unless the first character says otherwise).
    case utf16 = "utf-16"
    /// Vietnamese Windows code page: tone marks are separate combining characters, which the
    /// reader composes (NFC) so "Hà" from this code page equals "Hà" typed in UTF-8.
    case windows1258 = "windows-1258"
    /// Western European Windows code page (also what many tools mislabel as Latin-1).
    case windows1252 = "windows-1252"
}

/// The byte between fields.
public enum CSVDelimiter: String, Sendable, CaseIterable, Codable {
    /// RFC 4180's separator, and Excel's under English regional settings.
    case comma
    /// What Excel writes where the comma is the decimal mark (Vietnamese and most European settings).
    case semicolon
    /// Excel's "Unicode text" and many database exports.
    case tab

    /// The separator as it appears in the file.
    public var byte: UInt8 {
        switch self {
        case .comma: UInt8(ascii: ",")
        case .semicolon: UInt8(ascii: ";")
        case .tab: UInt8(ascii: "\t")
        }
    }

    /// How a message shows it: `','`, `';'` or `tab`.
    public var shown: String {
        self == .tab ? "tab" : "'\(Character(Unicode.Scalar(byte)))'"
    }

    init?(byte: UInt8) {
        guard let match = Self.allCases.first(where: { $0.byte == byte }) else { return nil }
        self = match
    }
}

/// The unit of a numeric timestamp column.
public enum TimestampUnit: String, Sendable, CaseIterable, Codable {
    /// Unix seconds, as most exports write them.
    case seconds = "s"
    /// Unix milliseconds, as JavaScript and many learning platforms write them.
    case milliseconds = "ms"

    /// Seconds per unit.
    var seconds: Double { self == .seconds ? 1 : 0.001 }
}
