import Foundation

/// Converts a UTF-16 or Windows code-page file to UTF-8 chunk by chunk, for the CSV scanner.
///
/// A combining mark (Windows-1258 writes tones so) is composed with the letter before it when
/// Unicode has one character for the pair, so Vietnamese text leaves here in NFC and the scanner's
/// per-field normalizer, which gives the same result, is rarely needed.
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
    /// UTF-8 bytes of characters that did not fit in the scanner's buffer, from `pendingStart`.
    private var pending: [UInt8] = []
    private var pendingStart = 0
    /// The last character decoded, held back until the next shows whether they compose.
    private var held: Unicode.Scalar?
    /// The file ended or an undecodable byte was met: only `pending` and `held` remain.
    private var sourceDone = false
    /// (letter << 32 | mark) → the composed character, or 0 when the pair does not compose.
    private var compositions: [UInt64: UInt32] = [:]
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
        for (index, byte) in prefix.enumerated() { raw[index] = byte }
        rawEnd = prefix.count
        rawAtEnd = atEnd
    }

    func release() { raw.deallocate() }

    /// Writes UTF-8 into `buffer[start..<capacity]`; returns the new end and whether the file ended.
    func fill(_ buffer: UnsafeMutablePointer<UInt8>, from start: Int, to capacity: Int, input: RawInput) throws(InputError) -> (Int, Bool) {
        var end = start
        while end < capacity {
            if pendingStart < pending.count {
                buffer[end] = pending[pendingStart]
                pendingStart += 1
                end += 1
                continue
            }
            if sourceDone {
                if let held {
                    self.held = nil
                    emit(held, buffer, &end, capacity)
                    continue
                }
                guard let deferredError else { return (end, true) }
                if end > start { return (end, false) }
                throw deferredError
            }
            let next: Unicode.Scalar?
            do throws(InputError) {
                next = try nextScalar(input)
            } catch {
                deferredError = error
                sourceDone = true
                continue
            }
            guard let scalar = next else {
                sourceDone = true
                continue
            }
            if scalar.value == 0x0A { line += 1 }
            if let letter = held, let composed = composition(letter, scalar) {
                held = composed
                continue
            }
            if let letter = held { emit(letter, buffer, &end, capacity) }
            held = scalar
        }
        return (end, false)
    }

    /// Writes `scalar` as UTF-8 into the buffer, keeping what does not fit for the next call.
    @inline(__always)
    private func emit(_ scalar: Unicode.Scalar, _ buffer: UnsafeMutablePointer<UInt8>, _ end: inout Int, _ capacity: Int) {
        if pendingStart == pending.count, !pending.isEmpty {
            pending.removeAll(keepingCapacity: true)
            pendingStart = 0
        }
        for byte in UTF8.encode(scalar)! {
            if end < capacity, pending.isEmpty {
                buffer[end] = byte
                end += 1
            } else {
                pending.append(byte)
            }
        }
    }

    /// The single character NFC makes of `letter` followed by the combining mark `mark`, if any.
    private func composition(_ letter: Unicode.Scalar, _ mark: Unicode.Scalar) -> Unicode.Scalar? {
        guard (0x300...0x36F).contains(mark.value), letter.value >= 0x41 else { return nil }
        let key = UInt64(letter.value) << 32 | UInt64(mark.value)
        if let known = compositions[key] { return known == 0 ? nil : Unicode.Scalar(known) }
        var pair = String.UnicodeScalarView()
        pair.append(letter)
        pair.append(mark)
        let composed = String(pair).precomposedNFC.unicodeScalars
        let result = composed.count == 1 ? composed.first : nil
        compositions[key] = result?.value ?? 0
        return result
    }

    private func nextScalar(_ input: RawInput) throws(InputError) -> Unicode.Scalar? {
        if encoding != .utf16 {
            if rawStart < rawEnd, raw[rawStart] < 0x80 {
                rawStart += 1
                return Unicode.Scalar(raw[rawStart - 1])
            }
            guard let byte = try nextBytes(1, input) else { return nil }
            if byte < 0x80 { return Unicode.Scalar(UInt8(byte)) }
            let value = table[Int(byte) - 0x80]
            guard value != 0, let scalar = Unicode.Scalar(value) else {
                throw error(value: UTF8Validation.escaped(UInt8(byte)),
                            "\(encoding.rawValue) text; byte \(UTF8Validation.escaped(UInt8(byte)).dropFirst(2)) has no character in \(encoding.rawValue) (is it another encoding?)")
            }
            return scalar
        }
        guard let unit = try nextBytes(2, input) else { return nil }
        if !UTF16.isLeadSurrogate(UInt16(unit)) && !UTF16.isTrailSurrogate(UInt16(unit)) {
            return Unicode.Scalar(UInt16(unit))
        }
        guard UTF16.isLeadSurrogate(UInt16(unit)), let trail = try nextBytes(2, input),
              UTF16.isTrailSurrogate(UInt16(trail)) else {
            throw error(value: String(unit, radix: 16, uppercase: true), "UTF-16 text; a surrogate pair is broken")
        }
        return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (trail - 0xDC00))
    }

    /// The next 1 or 2 raw bytes as one code unit in the file's byte order; nil at the end.
    private func nextBytes(_ count: Int, _ input: RawInput) throws(InputError) -> UInt32? {
        if rawEnd - rawStart < count {
            try refill(input)
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

    private func refill(_ input: RawInput) throws(InputError) {
        var input = input  // reads whole files: the count of bytes `remaining` is never set here
        let left = rawEnd - rawStart
        raw.update(from: raw + rawStart, count: left)
        rawStart = 0
        rawEnd = left
        while !rawAtEnd, rawEnd < rawCapacity {
            let count = try input.read(into: raw + rawEnd, count: rawCapacity - rawEnd, line: line)
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
        let (end, ended) = try transcoder!.fill(buffer, from: dataEnd, to: capacity, input: input)
        dataEnd = end
        if ended { atEndOfFile = true }
    }
}
