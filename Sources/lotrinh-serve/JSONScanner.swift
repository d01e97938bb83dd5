import Foundation

/// A cursor over a JSON request body for the scans that read a route's common requests directly
/// (``Components/Schemas/AnswerBatch/scanned(_:)``, ``Components/Schemas/PathOptions/scanned(_:)``):
/// each reader takes only the plain form of its value and returns nil for anything else, which
/// the caller then leaves to the generated decoder.
struct JSONScanner {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    mutating func key() -> String? {
        skipSpace()
        return string()
    }

    /// A string's bytes between its quotes: nil at an escape or a control character (they
    /// are the generated decoder's to read or reject).
    mutating func stringBytes() -> UnsafeRawBufferPointer.SubSequence? {
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

    mutating func string() -> String? {
        guard let text = stringBytes() else { return nil }
        return String(validating: text, as: UTF8.self)
    }

    mutating func boolean() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    /// A JSON number (`-? int frac? exp?`), finite as a `Double`.
    mutating func number() -> Double? {
        skipSpace()
        guard var index = integerPartEnd() else { return nil }
        func digits() -> Int {
            let first = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index - first
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return nil }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return nil }
        }
        guard let value = Double(String(decoding: bytes[position..<index], as: UTF8.self)), value.isFinite else { return nil }
        position = index
        return value
    }

    /// A JSON integer (`-? int`, no fraction or exponent) that fits an `Int`.
    mutating func integer() -> Int? {
        skipSpace()
        guard let index = integerPartEnd() else { return nil }
        if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) { return nil }
        guard let value = Int(String(decoding: bytes[position..<index], as: UTF8.self)) else { return nil }
        position = index
        return value
    }

    /// Where the integer part of a JSON number at ``position`` ends (`-? (0 | [1-9][0-9]*)`), or
    /// nil when there is none (no digit, or a leading zero before more digits).
    private func integerPartEnd() -> Int? {
        var index = position
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let first = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
        guard index > first, index - first == 1 || bytes[first] != UInt8(ascii: "0") else { return nil }
        return index
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
    mutating func consume(_ character: Unicode.Scalar) -> Bool {
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

    /// An array of strings (``string()`` each), possibly empty.
    mutating func strings() -> [String]? {
        guard consume("[") else { return nil }
        var values: [String] = []
        if consume("]") { return values }
        repeat {
            guard let value = string() else { return nil }
            values.append(value)
        } while consume(",")
        return consume("]") ? values : nil
    }

    /// True when only white space is left.
    mutating func atEnd() -> Bool {
        skipSpace()
        return position == bytes.count
    }

    /// The members of an object, each key handed to `member` (which reads its value); false at
    /// the first member `member` refuses or a key given twice (`bits` gives each known key a bit).
    mutating func object(bits: [String: UInt32], _ member: (inout JSONScanner, String) -> Bool) -> Bool {
        guard consume("{") else { return false }
        var seen: UInt32 = 0
        if consume("}") { return true }
        repeat {
            guard let key = key(), let bit = bits[key], seen & bit == 0, consume(":"), member(&self, key) else { return false }
            seen |= bit
        } while consume(",")
        return consume("}")
    }
}

/// A request body read by a scan of its plain forms (``scanned(_:)``) first, and by the generated
/// server's decoder otherwise, so that its values and errors are the generated code's.
protocol ScannedBody: Decodable {
    /// The body when the scan takes it whole; nil for anything else.
    static func scanned(_ body: UnsafeRawBufferPointer) -> Self?
}

extension ScannedBody {
    static func decoded(from body: UnsafeRawBufferPointer) throws -> Self {
        if let value = scanned(body) { return value }
        return try JSONDecoder.generatedServer().decode(Self.self, from: Data(body))
    }
}

extension JSONDecoder {
    /// The generated server's decoder: `JSONDecoder` with the contract's dates (OpenAPIRuntime's
    /// `Converter` sets the same strategy from the configured transcoder).
    static func generatedServer() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            try RFC3339Dates().decode(try decoder.singleValueContainer().decode(String.self))
        }
        return decoder
    }
}
