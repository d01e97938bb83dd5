#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming RFC 4180 reader that hands out each record's fields as validated UTF-8 bytes.
///
/// The file is read in chunks into one growing buffer; a record is never turned into a `String`
/// unless the caller asks, so importing tens of millions of rows costs no allocation per row.
/// Handles quoted fields, escaped quotes (`""`), quoted newlines, CRLF line ends and a UTF-8 BOM.
/// Entirely empty lines carry no data and are passed over (their line numbers still count).
///
/// Text: a record with a byte above 0x7F is checked as UTF-8 (an invalid byte is an error naming
/// file, line, column and the bytes in hex) and its fields are normalized to NFC where they could
/// be decomposed, so ids compare the same whatever program wrote them. UTF-16 with a byte order
/// mark, and Windows-1258/1252 or UTF-16 named by ``InputFormat/encoding``, are converted to UTF-8
/// as they are read. The delimiter (comma, semicolon or tab) is taken from the header row unless
/// the format names it.
///
/// Field bytes returned by ``field(_:)`` stay valid until the next call to ``nextRecord()``.
public final class CSVReader {
    /// Bounds that keep a broken or hostile file from exhausting memory.
    public struct Limits: Sendable {
        public var maxRecordBytes: Int
        public var maxFields: Int
        /// Longest student, skill or item id the loaders accept. Real ids are a few dozen bytes; a
        /// longer one is nearly always an unclosed quote that swallowed the lines after it.
        public var maxIdBytes: Int
        public init(maxRecordBytes: Int = 16 << 20, maxFields: Int = 4096, maxIdBytes: Int = 1024) {
            self.maxRecordBytes = maxRecordBytes
            self.maxFields = maxFields
            self.maxIdBytes = maxIdBytes
        }
    }

    /// The file name used in error messages.
    public let path: String
    /// Size of the file in bytes when known, for progress reports and sizing: nil for pipes, and for
    /// files converted from another encoding (``bytesConsumed`` counts their UTF-8, whose size is
    /// not known ahead).
    public let fileSize: Int64?
    // The mutable state lives behind a pointer: class stored properties would cost a dynamic
    // exclusivity check on every access, which perf measured at a third of import time.
    private let scanner: UnsafeMutablePointer<CSVScanner>

    /// Opens `path` for reading; `"-"` reads standard input.
    public init(path: String, displayName: String? = nil, limits: Limits = Limits(), format: InputFormat = InputFormat(),
                chunkSize: Int = 1 << 20) throws(InputError) {
        self.path = displayName ?? path
        let descriptor: Int32
        let rawSize: Int64?
        if path == "-" {
            descriptor = 0
            rawSize = nil
        } else {
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                throw InputError(file: displayName ?? path, reason: .unreadable,
                                 expected: "a readable file (\(String(cString: strerror(errno))))")
            }
            var info = stat()
            rawSize = fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int64(info.st_size) : nil
        }
        scanner = .allocate(capacity: 1)
        // Never more than a record may take, so a record too long is refused whatever the chunk size
        // (a bigger buffer would let a long quoted field through); at least 3 bytes, so the first
        // chunk holds a whole byte order mark.
        let capacity = max(min(chunkSize, limits.maxRecordBytes + 1), 3)
        scanner.initialize(to: CSVScanner(path: displayName ?? path, limits: limits, descriptor: descriptor, capacity: capacity))
        do throws(InputError) {
            try scanner.pointee.start(format: format)
        } catch {
            // deinit does not run for an initializer that throws: free the buffers and the descriptor here.
            scanner.pointee.release()
            scanner.deinitialize(count: 1)
            scanner.deallocate()
            throw error
        }
        fileSize = scanner.pointee.transcoder == nil && scanner.pointee.input.inflater == nil ? rawSize : nil
        decimalComma = format.decimalComma ?? (scanner.pointee.delimiter == .semicolon)
    }

    /// Reads bytes `part` of a plain UTF-8 file from a record boundary, as if they were a file of
    /// their own with no header: one of the parts that ``ResponseLoader`` parses in parallel. Line
    /// numbers count from the part's start.
    init(partOf path: String, displayName: String, part: Range<Int>, delimiter: CSVDelimiter, decimalComma: Bool,
         limits: Limits, chunkSize: Int = 1 << 20) throws(InputError) {
        self.path = displayName
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0, lseek(descriptor, off_t(part.lowerBound), SEEK_SET) == off_t(part.lowerBound) else {
            if descriptor >= 0 { close(descriptor) }
            throw InputError(file: displayName, reason: .unreadable, expected: "a readable file (\(String(cString: strerror(errno))))")
        }
        fileSize = Int64(part.count)
        self.decimalComma = decimalComma
        scanner = .allocate(capacity: 1)
        scanner.initialize(to: CSVScanner(path: displayName, limits: limits, descriptor: descriptor,
                                          capacity: max(min(chunkSize, limits.maxRecordBytes + 1), 3)))
        scanner.pointee.input.remaining = part.count
        scanner.pointee.delimiter = delimiter
    }

    /// Makes the file end, for this reader, at byte `offset` (a record boundary), so that the rest
    /// can be read by other readers. False when the reader has read past it already, or reads a
    /// file that is converted or inflated as it is read.
    func endInput(atOffset offset: Int) -> Bool {
        let input = scanner.pointee.input
        guard scanner.pointee.transcoder == nil, input.inflater == nil, input.remaining == nil, !scanner.pointee.atEndOfFile else { return false }
        let position = Int(lseek(input.descriptor, 0, SEEK_CUR))
        guard position >= 0, position <= offset else { return false }
        scanner.pointee.input.remaining = offset - position
        return true
    }

    /// The delimiter in use: the format's, else the one recognised from the header row.
    public var delimiter: CSVDelimiter { scanner.pointee.delimiter }
    /// Whether numbers are written with a decimal comma (`0,5`).
    public let decimalComma: Bool

    deinit {
        scanner.pointee.release()
        scanner.deinitialize(count: 1)
        scanner.deallocate()
    }

    /// Bytes of the file consumed so far.
    public var bytesConsumed: Int64 { scanner.pointee.bytesConsumed }
    /// 1-based line on which the current record starts.
    public var line: Int { scanner.pointee.line }
    /// Number of fields of the current record.
    public var fieldCount: Int { scanner.pointee.fieldCount }

    /// The bytes of field `index` of the current record (unquoted, escapes resolved).
    @inline(__always)
    public func field(_ index: Int) -> UnsafeRawBufferPointer {
        scanner.pointee.field(index)
    }

    /// Field `index` as a string (the reader has checked that it is UTF-8).
    public func string(_ index: Int) -> String {
        String(decoding: field(index), as: UTF8.self)
    }

    /// All fields of the current record as strings (for headers and small files).
    public func strings() -> [String] {
        (0..<fieldCount).map(string)
    }

    /// Advances to the next record. Returns false at the end of the file.
    public func nextRecord() throws(InputError) -> Bool {
        try scanner.pointee.nextRecord()
    }
}

/// The reader's state and scanning loop.
struct CSVScanner {
    let path: String
    let limits: CSVReader.Limits
    /// The file's descriptor, and zlib when the file is gzip-compressed.
    var input: RawInput
    var delimiter = CSVDelimiter.comma
    /// Converts a UTF-16 or code-page file to UTF-8 as it is read; nil for UTF-8 files.
    var transcoder: Transcoder?
    /// Fields normalized to NFC live here instead of in `buffer` (``fieldInArena``).
    var arena = NormalizedArena()
    var bytesConsumed: Int64 = 0
    var line = 0
    var fieldCount = 0
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var recordStart = 0
    var dataEnd = 0
    var atEndOfFile = false
    var nextLine = 1
    // Field i spans buffer[fieldStart[i] ..< fieldEnd[i]] once the record is complete, or
    // arena[fieldStart[i] ..< fieldEnd[i]] when fieldInArena[i].
    var fieldStart: UnsafeMutablePointer<Int>
    var fieldEnd: UnsafeMutablePointer<Int>
    private var fieldNeedsUnquote: UnsafeMutablePointer<Bool>
    var fieldInArena: UnsafeMutablePointer<Bool>
    private var fieldCapacity = 64

    init(path: String, limits: CSVReader.Limits, descriptor: Int32, capacity: Int) {
        self.path = path
        self.limits = limits
        input = RawInput(descriptor: descriptor, path: path)
        self.capacity = capacity
        buffer = .allocate(capacity: capacity)
        fieldStart = .allocate(capacity: fieldCapacity)
        fieldEnd = .allocate(capacity: fieldCapacity)
        fieldNeedsUnquote = .allocate(capacity: fieldCapacity)
        fieldInArena = .allocate(capacity: fieldCapacity)
    }

    func release() {
        input.inflater?.release()
        if input.descriptor > 0 { close(input.descriptor) }
        buffer.deallocate()
        fieldStart.deallocate()
        fieldEnd.deallocate()
        fieldNeedsUnquote.deallocate()
        fieldInArena.deallocate()
        transcoder?.release()
        arena.release()
    }

    @inline(__always)
    func field(_ index: Int) -> UnsafeRawBufferPointer {
        precondition(index < fieldCount, "field \(index) of a \(fieldCount)-field record")
        if fieldInArena[index] {
            return UnsafeRawBufferPointer(start: arena.bytes + fieldStart[index], count: fieldEnd[index] - fieldStart[index])
        }
        return UnsafeRawBufferPointer(start: buffer + fieldStart[index], count: fieldEnd[index] - fieldStart[index])
    }

    mutating func nextRecord() throws(InputError) -> Bool {
        while true {
            if let complete = try scanRecord() {
                if complete { return true }
                continue  // an empty line: skip it
            }
            if atEndOfFile { return false }
            try makeRoomAndFill()
        }
    }

    // MARK: - Scanning

    /// Scans one record from `recordStart`. Returns true for a record, false for an empty line,
    /// nil when the buffer ends before the record does (the caller refills and scans again).
    mutating func scanRecord() throws(InputError) -> Bool? {
        if try scanPlainRecord() { return true }
        var position = recordStart
        let end = dataEnd
        // Locals, so the per-byte loop reads no class properties.
        let buffer = self.buffer
        let recordLimit = recordStart + limits.maxRecordBytes
        let delimiter = self.delimiter.byte
        // Every byte of the record OR-ed together: one instruction per byte tells whether the
        // record is plain ASCII, the only case that needs no UTF-8 check.
        var allBytes: UInt8 = 0
        if position == end { return nil }
        var fields = 0
        var lines = 0
        var start = position
        var needsUnquote = false

        while true {
            if position == end {
                guard atEndOfFile else { return nil }
                try appendField(&fields, start, position, needsUnquote)
                break
            }
            let byte = buffer[position]
            if byte == delimiter {
                try appendField(&fields, start, position, needsUnquote)
                position += 1
                start = position
                needsUnquote = false
            } else if byte == UInt8(ascii: "\n") {
                var fieldEndPosition = position
                if fieldEndPosition > start, buffer[fieldEndPosition - 1] == UInt8(ascii: "\r") { fieldEndPosition -= 1 }
                if fields == 0, fieldEndPosition == start, !needsUnquote {
                    // An empty line carries no data.
                    consume(upTo: position + 1, lines: 1)
                    return false
                }
                try appendField(&fields, start, fieldEndPosition, needsUnquote)
                position += 1
                lines += 1
                break
            } else if byte == UInt8(ascii: "\""), position == start {
                // Quoted field: find the closing quote, skipping doubled quotes.
                let openingLine = nextLine + lines
                var cursor = position + 1
                while true {
                    if cursor == end {
                        guard atEndOfFile else { return nil }
                        throw InputError(file: path, line: openingLine, column: fields + 1, reason: .malformedCSV,
                                         expected: "a closing quote for the field opened on line \(openingLine)")
                    }
                    let inner = buffer[cursor]
                    allBytes |= inner
                    if inner == UInt8(ascii: "\"") {
                        if cursor + 1 < end, buffer[cursor + 1] == UInt8(ascii: "\"") {
                            cursor += 2
                            continue
                        }
                        if cursor + 1 == end, !atEndOfFile { return nil }
                        break
                    }
                    if inner == UInt8(ascii: "\n") { lines += 1 }
                    cursor += 1
                }
                position = cursor + 1
                needsUnquote = true
                guard position < end else { continue }  // the loop head decides: end of file or refill
                var after = buffer[position]
                if after == UInt8(ascii: "\r") {
                    // CRLF after a quoted field: step over the CR and let the LF branch close the record.
                    guard position + 1 < end else {
                        guard atEndOfFile else { return nil }
                        try appendField(&fields, start, position, needsUnquote)
                        position += 1
                        break
                    }
                    after = buffer[position + 1]
                    if after == UInt8(ascii: "\n") { position += 1 }
                }
                if after != delimiter, after != UInt8(ascii: "\n") {
                    throw InputError(file: path, line: nextLine + lines, column: fields + 1,
                                     value: UTF8Validation.shown(UnsafeRawBufferPointer(start: buffer + position, count: 1)),
                                     reason: .malformedCSV,
                                     expected: "a \(self.delimiter.rawValue) or line end after a closing quote (write a quote inside a quoted field as \"\")")
                }
            } else {
                allBytes |= byte
                position += 1
                if position > recordLimit { throw recordTooLong() }
            }
        }
        try completeRecord(fields: fields, end: position, lines: lines, hasNonASCII: allBytes >= 0x80, mayHaveQuotes: true)
        return true
    }

    /// Makes the `fields` found the current record, which ends before `end` and spans `lines` line
    /// breaks: checks its text, unquotes (unless no field can be quoted) and normalizes its fields,
    /// and steps past it.
    @inline(__always)
    mutating func completeRecord(fields: Int, end: Int, lines: Int, hasNonASCII: Bool, mayHaveQuotes: Bool) throws(InputError) {
        fieldCount = fields
        line = nextLine
        var mayNeedNormalization = false
        if hasNonASCII {
            // Quotes and delimiters are ASCII: the raw record is UTF-8 exactly when its fields are.
            let text = UTF8Validation.scan(UnsafeRawBufferPointer(start: buffer + recordStart, count: end - recordStart))
            if text.invalid != nil { try checkUTF8(fields: fields) }
            mayNeedNormalization = text.mayNeedNormalization
        }
        if mayHaveQuotes {
            for index in 0..<fields where fieldNeedsUnquote[index] { unquote(field: index) }
        }
        if mayNeedNormalization { normalizeFields(fields) }
        consume(upTo: end, lines: lines)
    }

    @inline(__always)
    mutating func appendField(_ fields: inout Int, _ start: Int, _ end: Int, _ quoted: Bool = false) throws(InputError) {
        if fields == fieldCapacity { try growFields() }
        fieldStart[fields] = start
        fieldEnd[fields] = end
        fieldNeedsUnquote[fields] = quoted
        fieldInArena[fields] = false
        fields += 1
    }

    private mutating func consume(upTo position: Int, lines: Int) {
        bytesConsumed += Int64(position - recordStart)
        recordStart = position
        nextLine += lines
    }

    /// Strips the surrounding quotes of a complete field and collapses `""` to `"`, in place.
    private mutating func unquote(field index: Int) {
        let start = fieldStart[index] + 1
        let closing = fieldEnd[index] - 1  // the closing quote
        var read = start
        var write = start
        while read < closing {
            let byte = buffer[read]
            buffer[write] = byte
            write += 1
            read += byte == UInt8(ascii: "\"") ? 2 : 1
        }
        fieldStart[index] = start
        fieldEnd[index] = write
    }

    private mutating func growFields() throws(InputError) {
        guard fieldCapacity < limits.maxFields else {
            throw InputError(file: path, line: nextLine, reason: .tooManyColumns,
                             expected: "at most \(limits.maxFields) columns in a row")
        }
        let newCapacity = min(fieldCapacity * 2, limits.maxFields)
        func grow<T>(_ pointer: inout UnsafeMutablePointer<T>) {
            let grown = UnsafeMutablePointer<T>.allocate(capacity: newCapacity)
            grown.moveInitialize(from: pointer, count: fieldCapacity)
            pointer.deallocate()
            pointer = grown
        }
        grow(&fieldStart)
        grow(&fieldEnd)
        grow(&fieldNeedsUnquote)
        grow(&fieldInArena)
        fieldCapacity = newCapacity
    }
}
