import Foundation

/// Bytes of the fields of one record that normalization changed; reused for every record.
struct NormalizedArena {
    private(set) var bytes: UnsafeMutablePointer<UInt8> = .allocate(capacity: 256)
    private var capacity = 256
    private(set) var count = 0

    mutating func removeAll() { count = 0 }

    /// Appends `text`'s UTF-8 and returns where it starts.
    mutating func append(_ text: String) -> Int {
        let start = count
        let utf8 = text.utf8
        if count + utf8.count > capacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(capacity * 2, count + utf8.count))
            grown.update(from: bytes, count: count)
            bytes.deallocate()
            bytes = grown
            capacity = max(capacity * 2, count + utf8.count)
        }
        for byte in utf8 {
            bytes[count] = byte
            count += 1
        }
        return start
    }

    func release() { bytes.deallocate() }
}

extension CSVScanner {
    /// Reads the first chunk, decides how the file's bytes become UTF-8 (a byte order mark wins
    /// over nothing, the format's encoding over both), steps over the mark, and finds the delimiter.
    mutating func start(format: InputFormat) throws(InputError) {
        try fill()
        if RawInput.isGzip(UnsafeBufferPointer(start: buffer, count: dataEnd)) { try startInflating() }
        if UnsafeBufferPointer(start: buffer, count: min(dataEnd, 4)).elementsEqual([0x50, 0x4B, 0x03, 0x04]) {
            throw InputError(file: path, line: 1, reason: .unreadable,
                             expected: "a CSV text file; this one is a ZIP archive (an Excel .xlsx workbook?): save it as CSV UTF-8")
        }
        let first = Array(UnsafeBufferPointer(start: buffer, count: min(dataEnd, 4)))
        let hasUTF8Mark = first.starts(with: [0xEF, 0xBB, 0xBF])
        let utf16Mark: Bool? = first.starts(with: [0xFF, 0xFE]) ? false : first.starts(with: [0xFE, 0xFF]) ? true : nil
        let encoding = format.encoding ?? (utf16Mark != nil ? .utf16 : .utf8)
        switch encoding {
        case .utf8:
            if hasUTF8Mark { skipMark(3) }
            try refuseUnmarkedUTF16(first)
        case .utf16:
            if hasUTF8Mark { throw wrongEncoding("starts with a UTF-8 byte order mark: it is UTF-8, read it without --encoding") }
            // Without a mark, the NUL half of the first (ASCII) header character tells the byte order.
            let bigEndian = utf16Mark ?? (first.count >= 2 && first[0] == 0 && first[1] != 0)
            if utf16Mark != nil { skipMark(2) }
            startTranscoding(encoding: .utf16, bigEndian: bigEndian, prefix: Array(UnsafeBufferPointer(start: buffer + recordStart, count: dataEnd - recordStart)))
        case .windows1258, .windows1252:
            if hasUTF8Mark || utf16Mark != nil {
                throw wrongEncoding("starts with a \(hasUTF8Mark ? "UTF-8" : "UTF-16") byte order mark: read it without --encoding \(encoding.rawValue)")
            }
            let prefix = try rawPrefix(count: 1 << 16)
            try refuseUTF8UnderCodePage(encoding, prefix: prefix)
            startTranscoding(encoding: encoding, bigEndian: false, prefix: prefix)
        }
        if transcoder != nil { try fill() }
        if let delimiter = format.delimiter {
            self.delimiter = delimiter
        } else {
            try loadHeaderLine()
            delimiter = headerDelimiter()
        }
    }

    /// Reads the rest of the file through zlib, from the compressed bytes in the buffer on.
    private mutating func startInflating() throws(InputError) {
        input.inflater = try GzipInflater(descriptor: input.descriptor, path: path,
                                          prefix: UnsafeBufferPointer(start: buffer, count: dataEnd), atEnd: atEndOfFile)
        dataEnd = 0
        atEndOfFile = false
        try fill()
    }

    private mutating func skipMark(_ length: Int) {
        recordStart = length
        bytesConsumed = Int64(length)
    }

    /// The bytes in the buffer and more, up to `count` or the end of the file: a fixed amount to
    /// judge the file by, whatever the buffer size.
    private mutating func rawPrefix(count: Int) throws(InputError) -> [UInt8] {
        var prefix = Array(UnsafeBufferPointer(start: buffer + recordStart, count: dataEnd - recordStart))
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !atEndOfFile, prefix.count < count {
            let wanted = min(chunk.count, count - prefix.count)
            let got = try chunk.withUnsafeMutableBufferPointer { (buffer) throws(InputError) -> Int in
                try input.read(into: buffer.baseAddress!, count: wanted, line: 1)
            }
            if got == 0 { atEndOfFile = true }
            prefix += chunk[..<got]
        }
        return prefix
    }

    /// Hands the raw bytes read so far to a transcoder, which gives them back as UTF-8.
    private mutating func startTranscoding(encoding: TextEncoding, bigEndian: Bool, prefix: [UInt8]) {
        transcoder = Transcoder(encoding: encoding, bigEndian: bigEndian, path: path, capacity: capacity,
                                prefix: prefix, atEnd: atEndOfFile)
        recordStart = 0
        dataEnd = 0
        bytesConsumed = 0
        atEndOfFile = false
    }

    /// UTF-16 text without a byte order mark is valid UTF-8 byte for byte (NUL is ASCII), so
    /// without this it would be read as one odd column full of NULs.
    private func refuseUnmarkedUTF16(_ first: [UInt8]) throws(InputError) {
        guard first.count >= 2, (first[0] == 0) != (first[1] == 0) else { return }
        let order = first[0] == 0 ? "big" : "little"
        throw wrongEncoding("looks like UTF-16 (\(order) endian) without a byte order mark: read it with --encoding utf-16")
    }

    /// A UTF-8 file read as a code page would turn every accented letter into two wrong ones
    /// without an error; valid multi-byte UTF-8 in the first chunk is practically never Windows text.
    private func refuseUTF8UnderCodePage(_ encoding: TextEncoding, prefix: [UInt8]) throws(InputError) {
        guard prefix.contains(where: { $0 >= 0x80 }) else { return }
        let invalid = prefix.withUnsafeBytes { UTF8Validation.firstInvalid($0) }
        // A sequence cut by the prefix's end is not evidence either way.
        guard invalid == nil || (!atEndOfFile && invalid!.offset + invalid!.length == prefix.count) else { return }
        throw wrongEncoding("is already UTF-8 (its accented letters are valid UTF-8): read it without --encoding \(encoding.rawValue)")
    }

    private func wrongEncoding(_ message: String) -> InputError {
        InputError(file: path, line: 1, reason: .badEncoding, expected: "text in the encoding asked for; this file \(message)")
    }

    /// Reads until the buffer holds the whole header row (or the end of the file, or as much as a
    /// record may take), so the delimiter is judged on the same bytes whatever the buffer size.
    private mutating func loadHeaderLine() throws(InputError) {
        while headerLineEnd() == nil, !atEndOfFile, capacity <= limits.maxRecordBytes || dataEnd < capacity {
            try makeRoomAndFill()
        }
    }

    /// Where the first line break outside quotes is, nil when the buffer ends first.
    private func headerLineEnd() -> Int? {
        var quoted = false
        for position in recordStart..<dataEnd {
            let byte = buffer[position]
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if byte == UInt8(ascii: "\n"), !quoted { return position }
        }
        return nil
    }

    /// The most frequent of comma, semicolon and tab in the header row outside quotes; comma when
    /// none occurs (a one-column file) or on a tie.
    private func headerDelimiter() -> CSVDelimiter {
        var counts: [UInt8: Int] = [:]
        var quoted = false
        for position in recordStart..<(headerLineEnd() ?? dataEnd) {
            let byte = buffer[position]
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if !quoted, CSVDelimiter(byte: byte) != nil { counts[byte, default: 0] += 1 }
        }
        let best = CSVDelimiter.allCases.max { counts[$0.byte, default: 0] < counts[$1.byte, default: 0] }!
        return counts[best.byte, default: 0] > counts[CSVDelimiter.comma.byte, default: 0] ? best : .comma
    }

    // MARK: - Per record, when it has a byte above 0x7F

    /// Finds the field of the record just scanned (still quoted: quotes are ASCII) that is not
    /// UTF-8, and says where and what it may be.
    mutating func checkUTF8(fields: Int) throws(InputError) {
        for index in 0..<fields {
            let start = fieldStart[index]
            let bytes = UnsafeRawBufferPointer(start: buffer + start, count: fieldEnd[index] - start)
            guard let (offset, length) = UTF8Validation.firstInvalid(bytes) else { continue }
            let linesBefore = UnsafeRawBufferPointer(start: buffer + recordStart, count: start + offset - recordStart)
                .reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            let hex = bytes[offset..<(offset + length)].map { UTF8Validation.escaped($0).dropFirst(2) }.joined(separator: " ")
            throw InputError(file: path, line: nextLine + linesBefore, column: index + 1,
                             value: UTF8Validation.shown(bytes), reason: .badEncoding,
                             expected: "UTF-8 text; the bytes \(hex) at byte \(offset + 1) of the field are not UTF-8 — "
                                 + UTF8Validation.legacyHint(bytes))
        }
    }

    /// Replaces each field that may hold decomposed characters by its NFC form, so that one id
    /// written precomposed ("Hà") and one written with a combining mark ("Ha" + U+0300, as
    /// Windows-1258 and some Mac software write it) are the same id.
    mutating func normalizeFields(_ fields: Int) {
        arena.removeAll()
        for index in 0..<fields {
            let bytes = UnsafeRawBufferPointer(start: buffer + fieldStart[index], count: fieldEnd[index] - fieldStart[index])
            guard UTF8Validation.scan(bytes).mayNeedNormalization else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            let normalized = text.precomposedNFC
            guard !normalized.utf8.elementsEqual(bytes) else { continue }
            let start = arena.append(normalized)
            fieldStart[index] = start
            fieldEnd[index] = arena.count
            fieldInArena[index] = true
        }
    }

}

extension String {
    /// Unicode Normalization Form C.
    var precomposedNFC: String { precomposedStringWithCanonicalMapping }
}
