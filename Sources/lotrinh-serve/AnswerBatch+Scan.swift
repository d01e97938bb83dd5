import Foundation

/// Under ingest the generated `Codable` decoder was a quarter of the server's CPU, half of it in
/// its check for unknown keys, on the request threads that share two cores with the one writer
/// thread. The scan takes only what it fully understands; anything else is read by the generated
/// decoder, which then names the problem exactly as before.
extension Components.Schemas.AnswerBatch: ScannedBody {
    /// `{"events": [event, …]}` with events of the contract's keys, each at most once, whose
    /// values are strings without escapes, `true`/`false` and plain numbers; nil for anything
    /// else (escapes, nulls, unknown or repeated keys, other types, invalid UTF-8 or dates,
    /// trailing bytes), which the generated decoder then reads.
    static func scanned(_ body: UnsafeRawBufferPointer) -> Self? {
        var scanner = JSONScanner(bytes: body)
        guard scanner.consume("{"), scanner.key() == "events", scanner.consume(":"), scanner.consume("[") else { return nil }
        var events: [Components.Schemas.AnswerEvent] = []
        events.reserveCapacity(64)
        repeat {
            guard let event = Components.Schemas.AnswerEvent.scanned(&scanner) else { return nil }
            events.append(event)
        } while scanner.consume(",")
        guard scanner.consume("]"), scanner.consume("}"), scanner.atEnd() else { return nil }
        return Self(events: events)
    }
}

extension Components.Schemas.AnswerEvent {
    /// The contract's keys of an event, one bit each.
    private static let keyBits: [String: UInt32] = Dictionary(uniqueKeysWithValues: [
        "eventId", "studentId", "skillId", "itemId", "schoolId", "classId", "correct", "score", "answeredAt",
    ].enumerated().map { ($1, UInt32(1) << $0) })

    /// One event of ``Components/Schemas/AnswerBatch/scanned(_:)``; nil when the scan leaves it.
    fileprivate static func scanned(_ scanner: inout JSONScanner) -> Self? {
        var eventId, studentId, skillId, itemId, schoolId, classId: String?
        var correct: Bool?
        var score: Double?
        var answeredAt: Date?
        let read = scanner.object(bits: keyBits) { scanner, key in
            switch key {
            case "eventId": eventId = scanner.string(); return eventId != nil
            case "studentId": studentId = scanner.string(); return studentId != nil
            case "skillId": skillId = scanner.string(); return skillId != nil
            case "itemId": itemId = scanner.string(); return itemId != nil
            case "schoolId": schoolId = scanner.string(); return schoolId != nil
            case "classId": classId = scanner.string(); return classId != nil
            case "correct": correct = scanner.boolean(); return correct != nil
            case "score": score = scanner.number(); return score != nil
            case "answeredAt":
                guard let text = scanner.stringBytes(), let seconds = RFC3339Dates.secondsSince1970(Array(text)) else { return false }
                answeredAt = Date(timeIntervalSince1970: seconds)
            default: return false
            }
            return true
        }
        guard read, let eventId, let studentId, let skillId, let answeredAt else { return nil }
        return Self(eventId: eventId, studentId: studentId, skillId: skillId, itemId: itemId, correct: correct, score: score,
                    answeredAt: answeredAt, schoolId: schoolId, classId: classId)
    }
}
