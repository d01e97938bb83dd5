import Foundation

extension Components.Schemas.AnswerBatch {
    /// The batch as the generated decoder reads it (same values, same errors), reading the common
    /// shape by a direct scan of the bytes first.
    ///
    /// Under ingest the generated `Codable` decoder was a quarter of the server's CPU, half of it
    /// in its check for unknown keys, on the request threads that share two cores with the one
    /// writer thread. The scan takes only what it fully understands; anything else is read by
    /// the generated decoder, which then names the problem exactly as before.
    static func decoded(from body: UnsafeRawBufferPointer) throws -> Self {
        if let batch = scanned(body) { return batch }
        return try generatedDecoder.decode(Self.self, from: Data(body))
    }

    /// The generated server's decoder: `JSONDecoder` with the contract's dates (OpenAPIRuntime's
    /// `Converter` sets the same strategy from the configured transcoder).
    static var generatedDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            try RFC3339Dates().decode(try decoder.singleValueContainer().decode(String.self))
        }
        return decoder
    }

    /// `{"events": [event, …]}` with events of the contract's keys, each at most once, whose
    /// values are strings without escapes, `true`/`false` and plain numbers; nil for anything
    /// else (escapes, nulls, unknown or repeated keys, other types, invalid UTF-8 or dates,
    /// trailing bytes), which the generated decoder then reads.
    static func scanned(_ body: UnsafeRawBufferPointer) -> Self? {
        var scanner = BatchScanner(bytes: body)
        return scanner.batch()
    }
}

/// A cursor over a request body for ``Components/Schemas/AnswerBatch/scanned(_:)``.
private struct BatchScanner {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    mutating func batch() -> Components.Schemas.AnswerBatch? {
        guard consume("{"), let key = key(), key == "events", consume(":"), consume("[") else { return nil }
        var events: [Components.Schemas.AnswerEvent] = []
        events.reserveCapacity(64)
        repeat {
            guard let event = event() else { return nil }
            events.append(event)
        } while consume(",")
        guard consume("]"), consume("}") else { return nil }
        skipSpace()
        guard position == bytes.count else { return nil }
        return Components.Schemas.AnswerBatch(events: events)
    }

    private mutating func event() -> Components.Schemas.AnswerEvent? {
        guard consume("{") else { return nil }
        var eventId, studentId, skillId, itemId, schoolId, classId: String?
        var correct: Bool?
        var score: Double?
        var answeredAt: Date?
        var seen: UInt16 = 0
        repeat {
            guard let key = key(), let bit = Self.keyBits[key], seen & bit == 0, consume(":") else { return nil }
            seen |= bit
            switch key {
            case "eventId": guard let value = string() else { return nil }; eventId = value
            case "studentId": guard let value = string() else { return nil }; studentId = value
            case "skillId": guard let value = string() else { return nil }; skillId = value
            case "itemId": guard let value = string() else { return nil }; itemId = value
            case "schoolId": guard let value = string() else { return nil }; schoolId = value
            case "classId": guard let value = string() else { return nil }; classId = value
            case "correct": guard let value = boolean() else { return nil }; correct = value
            case "score": guard let value = number() else { return nil }; score = value
            case "answeredAt":
                guard let text = stringBytes(), let seconds = RFC3339Dates.secondsSince1970(Array(text)) else { return nil }
                answeredAt = Date(timeIntervalSince1970: seconds)
            default: return nil
            }
        } while consume(",")
        guard consume("}"), let eventId, let studentId, let skillId, let answeredAt else { return nil }
        return Components.Schemas.AnswerEvent(eventId: eventId, studentId: studentId, skillId: skillId, itemId: itemId, correct: correct,
                                              score: score, answeredAt: answeredAt, schoolId: schoolId, classId: classId)
    }

    /// The contract's keys of an event, one bit each (a key given twice is not scanned).
    private static let keyBits: [String: UInt16] = Dictionary(uniqueKeysWithValues: [
        "eventId", "studentId", "skillId", "itemId", "schoolId", "classId", "correct", "score", "answeredAt",
    ].enumerated().map { ($1, UInt16(1) << $0) })

    private mutating func key() -> String? {
        skipSpace()
        return string()
    }

    /// A string's bytes between its quotes: nil at an escape or a control character (they
    /// are the generated decoder's to read or reject).
    private mutating func stringBytes() -> UnsafeRawBufferPointer.SubSequence? {
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
        let start = position + 1
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                position = index + 1
                return bytes[start..<index]
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    private mutating func string() -> String? {
        guard let text = stringBytes() else { return nil }
        return String(validating: text, as: UTF8.self)
    }

    private mutating func boolean() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    /// A JSON number (`-? int frac? exp?`), finite as a `Double`.
    private mutating func number() -> Double? {
        skipSpace()
        let start = position
        var index = position
        func digits() -> Int {
            let first = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index - first
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return nil }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return nil }
        }
        guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)), value.isFinite else { return nil }
        position = index
        return value
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        skipSpace()
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] { return false }
        position += count
        return true
    }

    /// Skips white space, then consumes `character` if it is next.
    private mutating func consume(_ character: Unicode.Scalar) -> Bool {
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    private mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): position += 1
            default: return
            }
        }
    }
}
