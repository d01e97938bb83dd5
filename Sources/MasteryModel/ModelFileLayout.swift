/// The `.lotrinh` file format, version 1: one self-describing little-endian binary.
///
///     offset  size  field
///     0       16    magic  89 4C 4F 54 52 49 4E 48 0D 0A 1A 0A 00 00 00 00  ("\x89LOTRINH\r\n\x1A\n" + 4 NULs)
///     16      4     format version (UInt32) = 1
///     20      4     header size (UInt32) = 64
///     24      8     file size in bytes (UInt64), checksum included
///     32      8     section directory offset (UInt64)
///     40      4     section count (UInt32)
///     44      4     directory entry size (UInt32) = 48
///     48      16    reserved, written as zeros
///     64      …     sections, each starting at the first multiple of 64 after the previous one
///                   (zero padding between, nothing else: the sections account for the file's size)
///     D       48·n  section directory (D a multiple of 64), one entry per section:
///                     name (16 bytes ASCII, zero padded), kind (UInt32), reserved (UInt32, 0),
///                     element count (UInt64), byte offset (UInt64), byte length (UInt64)
///     D+48·n  32    SHA-256 of every byte before it; the file ends here
///
/// Section kinds:
/// - 1 `json`: UTF-8 JSON; count = byte length. Only `metadata` (``ModelMetadata``, sorted keys).
/// - 2 `float64`: `count` IEEE-754 doubles; length = 8·count. Every value is finite and within ±10⁶.
/// - 3 `strings`: `count` UTF-8 strings as `count + 1` UInt64 offsets (the first 0, ascending,
///   relative to the end of the offsets), then the bytes; length = 8·(count + 1) + last offset.
///
/// Sections of version 1, in file order: `metadata`, `globalBias` (1 double), `skillBias`,
/// `skillFactors` (skills × rank, skill-major), `gainCorrect`, `gainWrong`, `itemIds`, `itemBias`,
/// `studentIds`, `studentBias`, `studentFactors` (students × rank). All eleven are always present;
/// a model exported without students has the three student sections with count 0, so the file
/// holds no student id. `practiceWeights` (skills × the metadata's practice features, skill-major)
/// follows them in models that have further practice features, and only there; `nextAnswerTerms`
/// (one per next-answer feature of the metadata) likewise. A reader of version 1 ignores sections with other names (after checking
/// their bounds), so sections can be added without a new version (up to 1,024 sections in all).
///
/// Why these choices: the magic's high byte and CR LF / SUB bytes (as in PNG) make a text file, a
/// CSV or a transfer that mangled line endings fail at once; 64-byte alignment puts every array on
/// a cache line and keeps doubles 8-byte aligned in a page-aligned buffer, so a loaded model uses
/// the bytes read from the file directly; the trailing checksum lets a reader refuse a corrupted file before
/// trusting any offset in it.
enum ModelFileLayout {
    static let magic: [UInt8] = [0x89, 0x4C, 0x4F, 0x54, 0x52, 0x49, 0x4E, 0x48, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]
    static let formatVersion: UInt32 = 1
    static let headerSize = 64
    static let alignment = 64
    static let directoryEntrySize = 48
    static let sectionNameSize = 16
    static let checksumSize = 32

    /// Header field offsets.
    enum HeaderField {
        static let version = 16
        static let headerSize = 20
        static let fileSize = 24
        static let directoryOffset = 32
        static let sectionCount = 40
        static let directoryEntrySize = 44
    }

    enum SectionKind: UInt32 {
        case json = 1
        case float64 = 2
        case strings = 3
    }

    /// The sections of version 1, in file order, with their kinds.
    enum SectionName: String, CaseIterable {
        case metadata, globalBias, skillBias, skillFactors, gainCorrect, gainWrong
        case itemIds, itemBias, studentIds, studentBias, studentFactors
        /// Added after version 1's first eleven: written only by models with further practice
        /// features (skills × features, skill-major), so a file without it is an older model's.
        case practiceWeights
        /// Likewise for the next-answer terms (one weight per feature): only in models that have them.
        case nextAnswerTerms

        /// Whether a file may lack the section (then the model has none of those terms).
        var isOptional: Bool { self == .practiceWeights || self == .nextAnswerTerms }

        var kind: SectionKind {
            switch self {
            case .metadata: .json
            case .itemIds, .studentIds: .strings
            default: .float64
            }
        }
    }

    /// One entry of the section directory.
    struct Section: Equatable {
        var name: String
        var kind: UInt32
        var count: Int
        var offset: Int
        var length: Int
    }

    static func alignedUp(_ offset: Int) -> Int {
        (offset + alignment - 1) / alignment * alignment
    }

    /// Byte length of a `strings` section holding `count` strings with `byteCount` UTF-8 bytes.
    static func stringTableLength(count: Int, byteCount: Int) -> Int {
        8 * (count + 1) + byteCount
    }
}

// MARK: - Little-endian fields

/// Reads little-endian integers from a byte buffer; callers check bounds first.
extension UnsafeRawBufferPointer {
    func littleEndianUInt32(at offset: Int) -> UInt32 {
        UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    func littleEndianUInt64(at offset: Int) -> UInt64 {
        UInt64(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}

/// Appends little-endian integers to a byte array.
extension Array where Element == UInt8 {
    mutating func appendLittleEndian(_ value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func appendLittleEndian(_ value: UInt64) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func appendLittleEndian(_ value: Int) {
        appendLittleEndian(UInt64(value))
    }
}
