/// Interns identifiers (student, skill, item ids) into dense indices `0..<count`.
///
/// Keys are raw UTF-8 bytes, looked up in an open-addressing hash table over a byte arena, so the
/// CSV importer interns a field without creating a `String`. Consecutive rows usually repeat the
/// same student, so the last key is checked first.
///
/// Ids are mostly a few bytes: each key's first bytes are also kept packed in one word
/// (`ShortKey`), and a key of at most seven bytes is told equal or not by comparing that word
/// alone, with no look at the arena. Interning was over a quarter of an import (perf), most of it
/// comparing and hashing bytes one at a time.
public struct IdTable: Sendable, Equatable {
    private var arena: [UInt8] = []
    private var keyOffsets: [Int] = [0]
    /// Per index: ``ShortKey/pack(_:)`` of its key.
    private var packedKeys: [UInt64] = []
    /// Slots hold index + 1; 0 marks an empty slot.
    private var slots: [UInt32] = Array(repeating: 0, count: 16)
    private var lastIndex: Int = -1
    /// ``ShortKey/pack(_:)`` of the last key, compared with no load from the table.
    private var lastPacked: UInt64 = 0
    /// Below this many slots (64 KB) the table is kept at most a quarter full rather than half:
    /// fewer slots probed past on a miss of the last-key shortcut, as a skill id misses it on nearly
    /// every row, for little memory.
    private static let smallTableSlots = 1 << 14

    public init() {}

    public init<S: Sequence>(_ ids: S) where S.Element == String {
        for id in ids { _ = intern(id) }
    }

    public var count: Int { packedKeys.count }

    /// The id at `index`.
    public subscript(index: Int) -> String {
        String(decoding: arena[keyOffsets[index]..<keyOffsets[index + 1]], as: UTF8.self)
    }

    /// Every id in index order.
    public var ids: [String] { (0..<count).map { self[$0] } }

    /// Bytes held by the table (arena, offsets, packed keys, slots), for memory reports.
    public var memoryFootprint: Int {
        arena.capacity + keyOffsets.capacity * 8 + packedKeys.capacity * 8 + slots.capacity * 4
    }

    /// The index of `bytes`, adding it if new.
    package mutating func intern(_ bytes: UnsafeRawBufferPointer) -> Int {
        let packed = ShortKey.pack(bytes)
        if packed == lastPacked, lastIndex >= 0, bytes.count <= ShortKey.maxBytes || keyEquals(lastIndex, bytes, packed: packed) {
            return lastIndex
        }
        let hash = Self.hash(bytes, packed: packed)
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while true {
            let stored = slots[slot]
            if stored == 0 { break }
            let index = Int(stored) - 1
            if keyEquals(index, bytes, packed: packed) {
                lastIndex = index
                lastPacked = packed
                return index
            }
            slot = (slot + 1) & (slots.count - 1)
        }
        let index = packedKeys.count
        precondition(index < Int(UInt32.max - 1), "more than 4 billion distinct ids")
        arena.append(contentsOf: bytes)
        keyOffsets.append(arena.count)
        packedKeys.append(packed)
        slots[slot] = UInt32(index + 1)
        if packedKeys.count * (slots.count < Self.smallTableSlots ? 4 : 2) > slots.count { rehash(capacity: slots.count * 2) }
        lastIndex = index
        lastPacked = packed
        return index
    }

    public mutating func intern(_ id: String) -> Int {
        var id = id
        return id.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
    }

    /// The index of `bytes`, or nil if it was never interned.
    package func index(of bytes: UnsafeRawBufferPointer) -> Int? {
        let packed = ShortKey.pack(bytes)
        var slot = Int(truncatingIfNeeded: Self.hash(bytes, packed: packed)) & (slots.count - 1)
        while true {
            let stored = slots[slot]
            if stored == 0 { return nil }
            let index = Int(stored) - 1
            if keyEquals(index, bytes, packed: packed) { return index }
            slot = (slot + 1) & (slots.count - 1)
        }
    }

    public func index(of id: String) -> Int? {
        var id = id
        return id.withUTF8 { index(of: UnsafeRawBufferPointer($0)) }
    }

    /// Interns every id of `other` in its index order and returns the index each got here: the
    /// table of a later part of a file merged into an earlier part's gives one table's indices.
    mutating func absorb(_ other: IdTable) -> [UInt32] {
        other.arena.withUnsafeBytes { arena in
            (0..<other.count).map { index in
                let key = UnsafeRawBufferPointer(rebasing: arena[other.keyOffsets[index]..<other.keyOffsets[index + 1]])
                return UInt32(intern(key))
            }
        }
    }

    public static func == (lhs: IdTable, rhs: IdTable) -> Bool {
        lhs.arena == rhs.arena && lhs.keyOffsets == rhs.keyOffsets
    }

    @inline(__always)
    private func keyEquals(_ index: Int, _ bytes: UnsafeRawBufferPointer, packed: UInt64) -> Bool {
        guard packedKeys[index] == packed else { return false }
        // A packed short key holds every byte and the length: equal words are equal keys.
        if bytes.count <= ShortKey.maxBytes { return true }
        let start = keyOffsets[index]
        guard keyOffsets[index + 1] - start == bytes.count else { return false }
        return arena.withUnsafeBytes { memcmp($0.baseAddress! + start, bytes.baseAddress!, bytes.count) == 0 }
    }

    private mutating func rehash(capacity: Int) {
        var newSlots = [UInt32](repeating: 0, count: capacity)
        arena.withUnsafeBytes { arena in
            for index in packedKeys.indices {
                let key = UnsafeRawBufferPointer(rebasing: arena[keyOffsets[index]..<keyOffsets[index + 1]])
                var slot = Int(truncatingIfNeeded: Self.hash(key, packed: packedKeys[index])) & (capacity - 1)
                while newSlots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
                newSlots[slot] = UInt32(index + 1)
            }
        }
        slots = newSlots
    }

    /// A short key: its packed word multiplied once, bytes reversed, so that the product's top
    /// bytes, which every byte of the key reaches, become the low bits used for slots (the low
    /// bytes of the product see only the key's first bytes, which ids often share). The lookup
    /// waits on this hash, so it is kept to one multiply; probes per key came out as with the full
    /// avalanche on student-, skill- and number-like ids (1.0-1.5, simulated).
    /// A longer key: eight bytes at a time, multiplied in, then a final avalanche.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer, packed: UInt64) -> UInt64 {
        var hash: UInt64
        if bytes.count <= ShortKey.maxBytes {
            return (packed &* 0x9E37_79B9_7F4A_7C15).byteSwapped
        } else {
            hash = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
            var offset = 0
            while offset + 8 <= bytes.count {
                hash = (hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
                hash ^= hash >> 32
                offset += 8
            }
            if offset < bytes.count {
                // The last eight bytes, overlapping the word before: the length is hashed already.
                hash = (hash ^ bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            }
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}

/// A key's first bytes packed in one word, loaded a few bytes at a time rather than one.
enum ShortKey {
    /// Keys up to this long are packed whole, with their length in the top byte.
    static let maxBytes = 7

    /// For a key of at most ``maxBytes`` bytes: its bytes in the low seven bytes (little-endian
    /// order, zero above) and its length in the top byte, so that equal words mean equal keys.
    /// For a longer key: its first seven bytes under a top byte of 0xFF, which no short key has.
    @inline(__always)
    static func pack(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        if count > maxBytes { return bytes.loadUnaligned(as: UInt64.self).littleEndian | 0xFF00_0000_0000_0000 }
        let word: UInt64
        if count >= 4 {
            // Two four-byte loads that overlap when count < 8: the shared bytes are equal, so or
            // puts each byte once in its place.
            let low = UInt64(UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
            word = low | high << (8 * UInt64(count - 4))
        } else if count > 0 {
            // Bytes 0, count / 2 and count - 1 cover every byte of a 1-, 2- or 3-byte key.
            let middle = count / 2
            word = UInt64(bytes[0]) | UInt64(bytes[middle]) << (8 * UInt64(middle)) | UInt64(bytes[count - 1]) << (8 * UInt64(count - 1))
        } else {
            word = 0
        }
        return word | UInt64(count) << 56
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
