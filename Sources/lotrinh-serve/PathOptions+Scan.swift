import Foundation

/// Foundation's `JSONDecoder` with the generated check for unknown keys cost more than the scan
/// of a path request's few bytes by far.
extension Components.Schemas.PathOptions: ScannedBody {
    private static let keyBits: [String: UInt32] = Dictionary(uniqueKeysWithValues: [
        "goals", "topic", "grade", "threshold", "confidence", "maxSteps", "maxAnswers", "excluded", "scheduled", "sessionSchedule",
        "language",
    ].enumerated().map { ($1, UInt32(1) << $0) })

    /// An object of the contract's keys, each at most once, with plain values (strings without
    /// escapes, JSON numbers, integers without fraction or exponent, arrays of strings, a known
    /// language); nil for anything else, `sessionPractice` included, which the generated decoder
    /// then reads.
    static func scanned(_ body: UnsafeRawBufferPointer) -> Self? {
        var scanner = JSONScanner(bytes: body)
        var options = Self()
        let read = scanner.object(bits: keyBits) { scanner, key in
            switch key {
            case "goals": options.goals = scanner.strings(); return options.goals != nil
            case "topic": options.topic = scanner.string(); return options.topic != nil
            case "grade": options.grade = scanner.string(); return options.grade != nil
            case "threshold": options.threshold = scanner.number(); return options.threshold != nil
            case "confidence": options.confidence = scanner.number(); return options.confidence != nil
            case "maxSteps": options.maxSteps = scanner.integer(); return options.maxSteps != nil
            case "maxAnswers": options.maxAnswers = scanner.integer(); return options.maxAnswers != nil
            case "excluded": options.excluded = scanner.strings(); return options.excluded != nil
            case "scheduled": options.scheduled = scanner.strings(); return options.scheduled != nil
            case "sessionSchedule": options.sessionSchedule = scanner.strings(); return options.sessionSchedule != nil
            case "language": options.language = scanner.string().flatMap(Components.Schemas.Language.init(rawValue:)); return options.language != nil
            default: return false
            }
        }
        guard read, scanner.atEnd() else { return nil }
        return options
    }
}
