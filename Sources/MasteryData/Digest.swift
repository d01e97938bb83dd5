// swift-crypto 3 predates Sendable annotations; the hash state below is a value type that is
// only ever mutated through `inout`, never shared.
@preconcurrency import Crypto

/// SHA-256 for checksums and data fingerprints (swift-crypto: BoringSSL on Linux, CryptoKit on
/// Apple platforms), so the model file and the data identity use one vetted implementation.
public enum Digest {
    /// Bytes in a SHA-256 digest.
    public static let sha256ByteCount = 32

    package static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }

    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { sha256($0) }
    }

    /// Lowercase hexadecimal, two digits per byte. Written straight into the string's storage:
    /// the service hashes every request's API key, and the byte array this built first cost as
    /// much as the hash.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { text in
            var index = 0
            for byte in bytes {
                text[index] = hexDigit(byte >> 4)
                text[index + 1] = hexDigit(byte & 0x0f)
                index += 2
            }
            return index
        }
    }

    @inline(__always)
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}

/// Incremental SHA-256, for data too large or too scattered to hash in one buffer (a model file
/// written section by section, the columns of a dataset).
public struct SHA256Hasher: Sendable {
    private var state = SHA256()

    public init() {}

    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        state.update(bufferPointer: bytes)
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Hashes the in-memory representation of `values` (little-endian on every platform Lotrinh
    /// builds for; see `ResponseData.fingerprint()`).
    public mutating func update<T: BitwiseCopyable>(contentsOf values: [T]) {
        values.withUnsafeBytes { update($0) }
    }

    /// A 64-bit little-endian integer: lengths and counts that frame variable-length fields, so
    /// that no two different inputs share one byte stream.
    public mutating func update(length: Int) {
        withUnsafeBytes(of: UInt64(length).littleEndian) { update($0) }
    }

    /// The 32-byte digest. The hasher is spent afterwards.
    public func finalize() -> [UInt8] {
        Array(state.finalize())
    }
}

#if _endian(big)
#error("Digest and the .lotrinh format hash and store numbers in little-endian memory order")
#endif

extension ResponseData {
    /// The domain tag that starts the fingerprinted stream; a new canonical order gets a new tag.
    private static let fingerprintDomain = Array("lotrinh/response-data/fingerprint/v1\u{0}".utf8)

    /// A stable identity of the training data: lowercase hex SHA-256 of a canonical byte stream.
    /// The same data gives the same fingerprint on every run and machine; any changed id, row,
    /// outcome or time gives a different one. Models record it in `ModelMetadata.dataFingerprint`.
    ///
    /// Canonical order (every count and length is a UInt64 little-endian; numbers are their
    /// little-endian bit patterns, so −0.0 and 0.0 differ and nothing is rounded):
    /// 1. the domain tag `lotrinh/response-data/fingerprint/v1` and a NUL byte;
    /// 2. the id tables students, skills, items: each as its count, then per id its UTF-8
    ///    byte length and bytes, in index order;
    /// 3. three flag bytes: has items, has timestamps, outcomes are 0/1;
    /// 4. the row columns student, skill, item (UInt32), outcome (Float32), answer (UInt32),
    ///    time (Float64): each as its element count, then its elements in row order.
    ///
    /// Split labels are not part of the identity: they describe an experiment, not the data.
    public func fingerprint() -> String {
        var hasher = SHA256Hasher()
        hasher.update(Self.fingerprintDomain)
        for table in [studentIds, skillIds, itemIds] {
            hasher.update(length: table.count)
            for id in table.ids {
                let bytes = Array(id.utf8)
                hasher.update(length: bytes.count)
                hasher.update(bytes)
            }
        }
        hasher.update([hasItems ? 1 : 0, hasTimestamps ? 1 : 0, isBinary ? 1 : 0])
        func column<T: BitwiseCopyable>(_ values: [T]) {
            hasher.update(length: values.count)
            hasher.update(contentsOf: values)
        }
        column(rowStudent)
        column(rowSkill)
        column(rowItem)
        column(rowOutcome)
        column(rowAnswer)
        column(rowTime)
        return Digest.hex(hasher.finalize())
    }
}
