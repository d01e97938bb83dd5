/// The record scanner's fast path: eight bytes a step instead of one.
///
/// Most records of a large export are short lines of plain fields. For those, finding the
/// delimiters and the line end a word at a time (SWAR: one subtract, and and or per byte class
/// and word) replaces a compare-and-branch per byte, a fifth of an import by `perf`. Anything
/// the word scan does not settle on its own — a quote, an empty line, a record that may be too
/// long or that runs past the bytes in the buffer — is left to the byte scan, which then reads
/// the record from its start and reports exactly what it always has.
extension CSVScanner {
    private static let lowSevenBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    private static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let everyByte: UInt64 = 0x0101_0101_0101_0101

    /// Scans one record of unquoted fields ending in a line break, from `recordStart`. False,
    /// having changed nothing the byte scan relies on, when that scan must read the record instead.
    @inline(__always)
    mutating func scanPlainRecord() throws(InputError) -> Bool {
        let buffer = self.buffer
        // Only bytes before the record limit are looked at, so no record the byte scan would
        // refuse as too long is accepted here.
        let windowEnd = min(dataEnd, recordStart &+ limits.maxRecordBytes)
        let delimiters = UInt64(delimiter.byte) &* Self.everyByte
        let lineEnds = UInt64(UInt8(ascii: "\n")) &* Self.everyByte
        let quotes = UInt64(UInt8(ascii: "\"")) &* Self.everyByte
        var position = recordStart
        var fieldStart = recordStart
        var fields = 0
        var seenBits: UInt64 = 0
        while position &+ 8 <= windowEnd {
            let word = UInt64(littleEndian: UnsafeRawPointer(buffer + position).loadUnaligned(as: UInt64.self))
            var special = Self.bytes(of: word, equalTo: delimiters) | Self.bytes(of: word, equalTo: lineEnds)
                | Self.bytes(of: word, equalTo: quotes)
            if special == 0 {
                seenBits |= word
                position &+= 8
                continue
            }
            while special != 0 {
                let offset = special.trailingZeroBitCount >> 3
                let at = position &+ offset
                let byte = buffer[at]
                if byte == UInt8(ascii: "\"") { return false }
                if byte != UInt8(ascii: "\n") {
                    try appendField(&fields, fieldStart, at)
                    fieldStart = at &+ 1
                    special &= special &- 1
                    continue
                }
                var fieldEnd = at
                if fieldEnd > fieldStart, buffer[fieldEnd &- 1] == UInt8(ascii: "\r") { fieldEnd &-= 1 }
                if fields == 0, fieldEnd == fieldStart { return false }  // an empty line
                try appendField(&fields, fieldStart, fieldEnd)
                // The bytes of this word before the line end belong to the record.
                seenBits |= offset == 0 ? 0 : word & (~UInt64(0) >> (64 &- 8 &* UInt64(offset)))
                try completeRecord(fields: fields, end: at &+ 1, lines: 1, hasNonASCII: seenBits & Self.highBits != 0,
                                   mayHaveQuotes: false)
                return true
            }
            seenBits |= word
            position &+= 8
        }
        return false
    }

    /// 0x80 in each byte of `word` that equals the byte repeated in `pattern`, 0 elsewhere: exact
    /// for every byte (no borrow runs into the next), so any set bit may be acted on.
    @inline(__always)
    private static func bytes(of word: UInt64, equalTo pattern: UInt64) -> UInt64 {
        let difference = word ^ pattern
        return ~(((difference & lowSevenBits) &+ lowSevenBits) | difference | lowSevenBits)
    }
}
