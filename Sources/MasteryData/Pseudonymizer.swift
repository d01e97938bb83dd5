// swift-crypto 3 predates Sendable annotations; the keyed HMAC state held below is a
// value type whose storage is copy-on-write and never mutated in place once built.
@preconcurrency import Crypto
import Foundation

/// Replaces student ids by keyed hashes (HMAC-SHA256), so models, splits and reports
/// never carry a real id while the same student still joins across files and runs.
///
/// The key is the operator's: kept in a file outside the model, never stored, never
/// printed. Only the keyed HMAC state is held (not the key bytes), and `description`,
/// `debugDescription` and reflection show the key fingerprint alone.
///
/// A pseudonym is `"p"` followed by the first 80 bits of HMAC-SHA256(key, UTF-8 id) in
/// lowercase base32 (RFC 4648 alphabet `a–z2–7`, 16 characters): short enough for a
/// report column, never all digits (spreadsheets keep it as text). Collision odds, by the
/// birthday bound n²/2⁸¹: about 4·10⁻¹³ for a province's 10⁶ students, 4·10⁻⁹ even for 10⁸.
public struct Pseudonymizer: Sendable {
    /// 256 bits: the security level of HMAC-SHA256; shorter keys make guessing feasible.
    public static let minimumKeyByteCount = 32

    /// HMAC-SHA256 with the key already absorbed, copied per id instead of re-keying.
    private let keyedHMAC: HMAC<SHA256>

    /// A tag of the key, not the key: `"k"` + 16 hex digits of HMAC(key, a fixed label).
    /// Record it beside pseudonymized data; a later import with a different key gives a
    /// different fingerprint, so a join that would silently match nobody is caught.
    public let keyFingerprint: String

    private static let fingerprintLabel = Array("lotrinh/pseudonymizer/key-fingerprint/v1".utf8)
    private static let pseudonymByteCount = 10

    public init(key: SymmetricKey) throws(KeyError) {
        guard key.bitCount / 8 >= Self.minimumKeyByteCount else {
            throw KeyError.tooShort(file: nil, byteCount: key.bitCount / 8, readAs: .raw)
        }
        keyedHMAC = HMAC<SHA256>(key: key)
        var fingerprintHMAC = keyedHMAC
        fingerprintHMAC.update(data: Self.fingerprintLabel)
        keyFingerprint = "k" + fingerprintHMAC.finalize().prefix(8).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    public init(keyBytes: [UInt8]) throws(KeyError) {
        try self.init(key: SymmetricKey(data: keyBytes))
    }

    /// Reads an operator's key file: raw bytes, or one line of hex or base64 text.
    public init(keyFile: URL) throws(KeyError) {
        let contents: Data
        do {
            contents = try Data(contentsOf: keyFile)
        } catch {
            throw KeyError.unreadable(file: keyFile, reason: error.localizedDescription)
        }
        let (material, format) = KeyMaterialFormat.decode(contents)
        if material.isEmpty { throw KeyError.empty(file: keyFile) }
        if format != .hex, let problem = KeyMaterialFormat.brokenHex(contents) {
            // Read as raw bytes or base64 it would silently change every pseudonym. Random base64
            // is about a third hex digits, so 90 % of them in a long line means hex with a typo.
            throw KeyError.malformedHex(file: keyFile, problem: problem)
        }
        guard material.count >= Self.minimumKeyByteCount else {
            throw KeyError.tooShort(file: keyFile, byteCount: material.count, readAs: format)
        }
        try self.init(keyBytes: material)
    }

    /// The pseudonym of one student id (its UTF-8 bytes are hashed).
    public func pseudonym(for id: String) -> String {
        var id = id
        return id.withUTF8 { pseudonym(forBytes: UnsafeRawBufferPointer($0)) }
    }

    /// The pseudonym of an id given as raw UTF-8 bytes, e.g. a field of a CSV buffer;
    /// equal to `pseudonym(for:)` of the same text.
    package func pseudonym(forBytes id: UnsafeRawBufferPointer) -> String {
        var hmac = keyedHMAC
        hmac.update(data: id)
        return hmac.finalize().withUnsafeBytes { mac in
            Self.base32Token(prefix: UInt8(ascii: "p"), bytes: UnsafeRawBufferPointer(rebasing: mac.prefix(Self.pseudonymByteCount)))
        }
    }

    /// `prefix` + lowercase base32 of `bytes` (a multiple of 5 bytes, so no padding).
    private static func base32Token(prefix: UInt8, bytes: UnsafeRawBufferPointer) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)
        let length = 1 + bytes.count * 8 / 5
        return String(unsafeUninitializedCapacity: length) { output in
            output[0] = prefix
            var written = 1, buffer: UInt64 = 0, bufferedBits = 0
            for byte in bytes {
                buffer = buffer << 8 | UInt64(byte)
                bufferedBits += 8
                while bufferedBits >= 5 {
                    bufferedBits -= 5
                    output[written] = alphabet[Int(buffer >> UInt64(bufferedBits) & 31)]
                    written += 1
                }
            }
            return written
        }
    }
}

extension Pseudonymizer: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "Pseudonymizer(key fingerprint \(keyFingerprint))" }
    public var debugDescription: String { description }
    /// `dump` and debuggers see the fingerprint only.
    public var customMirror: Mirror { Mirror(self, children: ["keyFingerprint": keyFingerprint]) }
}

extension Pseudonymizer {
    /// Writes 32 fresh random bytes to a new file readable by its owner only (mode 0600).
    /// Refuses to replace an existing file: overwriting a key would orphan every
    /// pseudonym made with it.
    public static func generateKeyFile(at file: URL) throws(KeyError) {
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            if code == EEXIST { throw KeyError.alreadyExists(file: file) }
            throw KeyError.cannotWrite(file: file, reason: String(cString: strerror(code)))
        }
        // The umask can only narrow 0600, but an explicit chmod documents the contract.
        var failure: String? = fchmod(descriptor, 0o600) == 0 ? nil : String(cString: strerror(errno))
        if failure == nil {
            failure = SymmetricKey(size: .bits256).withUnsafeBytes { key in
                var remaining = UnsafeRawBufferPointer(key)
                while !remaining.isEmpty {
                    let written = write(descriptor, remaining.baseAddress, remaining.count)
                    if written < 0 && errno == EINTR { continue }
                    guard written > 0 else { return String(cString: strerror(errno)) }
                    remaining = UnsafeRawBufferPointer(rebasing: remaining[written...])
                }
                return fsync(descriptor) == 0 ? nil : String(cString: strerror(errno))
            }
        }
        close(descriptor)
        if let failure {
            unlink(file.path)  // a half-written key must not be mistaken for a good one
            throw KeyError.cannotWrite(file: file, reason: failure)
        }
    }

    /// How the bytes of a key file were read.
    public enum KeyMaterialFormat: String, Sendable {
        case raw = "raw bytes"
        case hex = "hex text"
        case base64 = "base64 text"

        /// A file that is one line of hex (checked first: hex digits are also base64
        /// characters) or of base64 gives the decoded bytes; anything else is the key as is.
        static func decode(_ contents: Data) -> (bytes: [UInt8], format: KeyMaterialFormat) {
            let isWhitespace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
            let bytes = [UInt8](contents)
            guard let first = bytes.firstIndex(where: { !isWhitespace($0) }),
                  let last = bytes.lastIndex(where: { !isWhitespace($0) })
            else { return ([], .raw) }
            let line = bytes[first...last]
            if let decoded = hexDecoded(line) { return (decoded, .hex) }
            if let decoded = Data(base64Encoded: Data(line)) { return ([UInt8](decoded), .base64) }
            return (bytes, .raw)
        }

        /// What is wrong with a one-line file that is meant as hex but does not decode: an odd
        /// number of digits (a digit lost in copying), or a few characters that are not hex among
        /// many that are. Nil when the text does not look like hex at all.
        static func brokenHex(_ contents: Data) -> String? {
            let text = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.count >= 16, !text.contains("\n") else { return nil }
            let isHex: (Character) -> Bool = { $0.isHexDigit && $0.isASCII }
            let others = text.filter { !isHex($0) }
            if others.isEmpty { return "\(text.count) hex digits, an odd number: a digit is missing or extra" }
            guard others.count * 10 <= text.count else { return nil }
            return "\(text.count - others.count) hex digits and \(others.count) other character(s) (\(String(others.prefix(5)).debugDescription))"
        }

        private static func hexDecoded(_ text: ArraySlice<UInt8>) -> [UInt8]? {
            func nibble(_ character: UInt8) -> UInt8? {
                switch character {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
                default: nil
                }
            }
            guard text.count % 2 == 0 else { return nil }
            var decoded: [UInt8] = []
            decoded.reserveCapacity(text.count / 2)
            var index = text.startIndex
            while index < text.endIndex {
                guard let high = nibble(text[index]), let low = nibble(text[index + 1]) else { return nil }
                decoded.append(high << 4 | low)
                index += 2
            }
            return decoded
        }
    }

    /// Why no pseudonymizer could be made, saying what was found and what is expected.
    public enum KeyError: Error, CustomStringConvertible, Sendable, Equatable {
        case unreadable(file: URL, reason: String)
        case empty(file: URL)
        /// `file` is nil for a key given in memory.
        case tooShort(file: URL?, byteCount: Int, readAs: KeyMaterialFormat)
        case alreadyExists(file: URL)
        case cannotWrite(file: URL, reason: String)
        /// A one-line file that looks like hex but is not valid hex.
        case malformedHex(file: URL, problem: String)

        private static let howToCreate =
            "create one with `head -c 32 /dev/urandom > key && chmod 600 key`"

        public var description: String {
            let minimum = Pseudonymizer.minimumKeyByteCount
            switch self {
            case .unreadable(let file, let reason):
                return "key file \(file.path) cannot be read (\(reason)); give the path of the operator's key file, "
                    + "or \(Self.howToCreate)"
            case .empty(let file):
                return "key file \(file.path) is empty; at least \(minimum) bytes of key material are needed — "
                    + Self.howToCreate
            case .tooShort(let file?, let byteCount, let format):
                return "key file \(file.path) holds \(byteCount) bytes (read as \(format.rawValue)); "
                    + "at least \(minimum) are needed — \(Self.howToCreate)"
            case .tooShort(nil, let byteCount, _):
                return "the key holds \(byteCount) bytes; at least \(minimum) are needed for HMAC-SHA256"
            case .alreadyExists(let file):
                return "key file \(file.path) already exists and was left untouched: replacing a key would "
                    + "orphan every pseudonym made with it; choose a new path or remove the old file on purpose"
            case .cannotWrite(let file, let reason):
                return "key file \(file.path) could not be written (\(reason)); check that its folder exists and is writable"
            case .malformedHex(let file, let problem):
                return "key file \(file.path) looks like hex but is not valid hex: \(problem); it was not read as raw bytes, "
                    + "which would change every pseudonym — restore the key file from the operator's copy"
            }
        }
    }
}
