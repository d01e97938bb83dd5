#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts a UTF-16 or Windows code-page file to UTF-8 chunk by chunk, for the CSV scanner.
///
/// Tone marks stay separate combining characters here; the scanner composes them per field (NFC),
/// the same way it does for UTF-8 files, so a dataset's files agree whatever their encoding.
final class Transcoder {
    let encoding: TextEncoding
    private let bigEndian: Bool
    private let path: String
    private let table: [UInt32]
    private let raw: UnsafeMutablePointer<UInt8>
    private let rawCapacity: Int
    private var rawStart = 0
    private var rawEnd = 0
    private var rawAtEnd = false
    /// UTF-8 bytes of a character that did not fit in the scanner's buffer last time.
    private var pending: [UInt8] = []
    /// Line of the character being decoded, for errors.
    private var line = 1
    /// An undecodable byte met while filling ahead: raised only once the text before it is used
    /// up, so the records a caller sees do not depend on how far ahead the buffer reached.
    private var deferredError: InputError?

    init(encoding: TextEncoding, bigEndian: Bool, path: String, capacity: Int) {
        self.encoding = encoding
        self.bigEndian = bigEndian
        self.path = path
        table = CodePage.table(encoding)
        rawCapacity = max(capacity, 4)
        raw = .allocate(capacity: rawCapacity)
    }

    /// Room for `count` raw bytes read before the transcoder existed.
    convenience init(encoding: TextEncoding, bigEndian: Bool, path: String, capacity: Int, prefix: [UInt8], atEnd: Bool) {
        self.init(encoding: encoding, bigEndian: bigEndian, path: path, capacity: max(capacity, prefix.count))
        prefix.withUnsafeBufferPointer { raw.update(from: $0.baseAddress!, count: prefix.count) }
        rawEnd = prefix.count
        rawAtEnd = atEnd
    }

    func release() { raw.deallocate() }

    /// Writes UTF-8 into `buffer[dataEnd..<capacity]`; returns the new end and whether the file ended.
    func fill(_ buffer: UnsafeMutablePointer<UInt8>, from start: Int, to capacity: Int, descriptor: Int32) throws(InputError) -> (Int, Bool) {
        if let deferredError { throw deferredError }
        var end = start
        while end < capacity {
            if pending.isEmpty {
                let next: Unicode.Scalar?
                do throws(InputError) {
                    next = try nextScalar(descriptor)
                } catch {
                    guard end > start else { throw error }
                    deferredError = error
                    return (end, false)
                }
                guard let scalar = next else { return (end, true) }
                if scalar.value == 0x0A { line += 1 }
                pending.append(contentsOf: UTF8.encode(scalar)!)
                pending.reverse()
            }
            buffer[end] = pending.removeLast()
            end += 1
        }
        return (end, false)
    }

    private func nextScalar(_ descriptor: Int32) throws(InputError) -> Unicode.Scalar? {
        if encoding != .utf16 {
            guard let byte = try nextBytes(1, descriptor) else { return nil }
            if byte < 0x80 { return Unicode.Scalar(UInt8(byte)) }
            let value = table[Int(byte) - 0x80]
            guard value != 0, let scalar = Unicode.Scalar(value) else {
                throw error(value: UTF8Validation.escaped(UInt8(byte)),
                            "\(encoding.rawValue) text; byte \(UTF8Validation.escaped(UInt8(byte)).dropFirst(2)) has no character in \(encoding.rawValue) (is it another encoding?)")
            }
            return scalar
        }
        guard let unit = try nextBytes(2, descriptor) else { return nil }
        if !UTF16.isLeadSurrogate(UInt16(unit)) && !UTF16.isTrailSurrogate(UInt16(unit)) {
            return Unicode.Scalar(UInt16(unit))
        }
        guard UTF16.isLeadSurrogate(UInt16(unit)), let trail = try nextBytes(2, descriptor),
              UTF16.isTrailSurrogate(UInt16(trail)) else {
            throw error(value: String(unit, radix: 16, uppercase: true), "UTF-16 text; a surrogate pair is broken")
        }
        return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (trail - 0xDC00))
    }

    /// The next 1 or 2 raw bytes as one code unit in the file's byte order; nil at the end.
    private func nextBytes(_ count: Int, _ descriptor: Int32) throws(InputError) -> UInt32? {
        if rawEnd - rawStart < count {
            try refill(descriptor)
            if rawEnd == rawStart { return nil }
            guard rawEnd - rawStart >= count else {
                throw error(value: nil, "UTF-16 text, two bytes per unit (the file ends in the middle of one)")
            }
        }
        defer { rawStart += count }
        if count == 1 { return UInt32(raw[rawStart]) }
        let (high, low) = bigEndian ? (raw[rawStart], raw[rawStart + 1]) : (raw[rawStart + 1], raw[rawStart])
        return UInt32(high) << 8 | UInt32(low)
    }

    private func refill(_ descriptor: Int32) throws(InputError) {
        let left = rawEnd - rawStart
        raw.update(from: raw + rawStart, count: left)
        rawStart = 0
        rawEnd = left
        while !rawAtEnd, rawEnd < rawCapacity {
            let count = read(descriptor, raw + rawEnd, rawCapacity - rawEnd)
            if count < 0 {
                if errno == EINTR { continue }
                throw InputError(file: path, line: line, reason: .unreadable,
                                 expected: "a readable file (\(String(cString: strerror(errno))))")
            }
            if count == 0 { rawAtEnd = true }
            rawEnd += count
        }
    }

    private func error(value: String?, _ expected: String) -> InputError {
        InputError(file: path, line: line, value: value, reason: .badEncoding, expected: expected)
    }
}

extension CSVScanner {
    mutating func fillTranscoding() throws(InputError) {
        let (end, ended) = try transcoder!.fill(buffer, from: dataEnd, to: capacity, descriptor: descriptor)
        dataEnd = end
        if ended { atEndOfFile = true }
    }
}
