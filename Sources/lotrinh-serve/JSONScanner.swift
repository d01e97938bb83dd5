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

    /// A JSON integer (`-? int`, no fraction or exponent) that fits an `Int`.
    mutating func integer() -> Int? {
        skipSpace()
        var index = position
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let first = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
        guard index > first, index - first == 1 || bytes[first] != UInt8(ascii: "0") else { return nil }
        if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) { return nil }
        guard let value = Int(String(decoding: bytes[position..<index], as: UTF8.self)) else { return nil }
        position = index
        return value
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

