/// The reader's buffer: refilled from the input as records are consumed, grown for a record
/// longer than it, never past the record limit.
extension CSVScanner {
    mutating func makeRoomAndFill() throws(InputError) {
        let pending = dataEnd - recordStart
        if recordStart > 0 {
            buffer.update(from: buffer + recordStart, count: pending)
            recordStart = 0
            dataEnd = pending
        }
        if dataEnd == capacity {
            // A full buffer of maxRecordBytes + 1 bytes holds the longest record and its line end.
            guard capacity <= limits.maxRecordBytes else { throw recordTooLong() }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: min(capacity * 2, limits.maxRecordBytes + 1))
            grown.update(from: buffer, count: dataEnd)
            buffer.deallocate()
            buffer = grown
            capacity = min(capacity * 2, limits.maxRecordBytes + 1)
        }
        try fill()
    }

    mutating func fill() throws(InputError) {
        if transcoder != nil { return try fillTranscoding() }
        while dataEnd < capacity {
            let count = try input.read(into: buffer + dataEnd, count: capacity - dataEnd, line: nextLine)
            if count == 0 {
                atEndOfFile = true
                return
            }
            dataEnd += count
        }
    }

    func recordTooLong() -> InputError {
        InputError(file: path, line: nextLine, reason: .tooLong,
                   expected: "a row of at most \(limits.maxRecordBytes) bytes (is this a CSV file? an unclosed quote?)")
    }
}
