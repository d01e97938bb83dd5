/// Interns identifiers (student, skill, item ids) into dense indices `0..<count`.
///
/// Keys are raw UTF-8 bytes, looked up in an open-addressing hash table over a byte arena, so the
/// CSV importer interns a field without creating a `String`. Consecutive rows usually repeat the
/// same student, so the last key is checked first.
public struct IdTable: Sendable, Equatable {
    private var arena: [UInt8] = []
    private var keyOffsets: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Slots hold index + 1; 0 marks an empty slot.
    private var slots: [UInt32] = Array(repeating: 0, count: 16)
    private var lastIndex: Int = -1

    public init() {}

    public init<S: Sequence>(_ ids: S) where S.Element == String {
        for id in ids { _ = intern(id) }
    }

    public var count: Int { hashes.count }

    /// The id at `index`.
    public subscript(index: Int) -> String {
        String(decoding: arena[keyOffsets[index]..<keyOffsets[index + 1]], as: UTF8.self)
    }

    /// Every id in index order.
    public var ids: [String] { (0..<count).map { self[$0] } }

    /// Bytes held by the table (arena, offsets, hashes, slots), for memory reports.
    public var memoryFootprint: Int {
        arena.capacity + keyOffsets.capacity * 8 + hashes.capacity * 8 + slots.capacity * 4
    }

    /// The index of `bytes`, adding it if new.
    package mutating func intern(_ bytes: UnsafeRawBufferPointer) -> Int {
        if lastIndex >= 0, keyEquals(lastIndex, bytes) { return lastIndex }
        let hash = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while true {
            let stored = slots[slot]
            if stored == 0 { break }
            let index = Int(stored) - 1
            if hashes[index] == hash, keyEquals(index, bytes) {
                lastIndex = index
                return index
            }
            slot = (slot + 1) & (slots.count - 1)
        }
        let index = hashes.count
        precondition(index < Int(UInt32.max - 1), "more than 4 billion distinct ids")
        arena.append(contentsOf: bytes)
        keyOffsets.append(arena.count)
        hashes.append(hash)
        slots[slot] = UInt32(index + 1)
        if hashes.count * 2 > slots.count { rehash(capacity: slots.count * 2) }
        lastIndex = index
        return index
    }

    public mutating func intern(_ id: String) -> Int {
        var id = id
        return id.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
    }

    /// The index of `bytes`, or nil if it was never interned.
    package func index(of bytes: UnsafeRawBufferPointer) -> Int? {
        let hash = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while true {
            let stored = slots[slot]
            if stored == 0 { return nil }
            let index = Int(stored) - 1
            if hashes[index] == hash, keyEquals(index, bytes) { return index }
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
    private func keyEquals(_ index: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let start = keyOffsets[index]
        let length = keyOffsets[index + 1] - start
        guard length == bytes.count else { return false }
        if length == 0 { return true }
        return arena.withUnsafeBytes { stored in
            let key = stored.baseAddress! + start
            // Ids are mostly a few bytes: a loop beats the call to memcmp (6% of an import, perf).
            guard length <= 16 else { return memcmp(key, bytes.baseAddress!, length) == 0 }
            for offset in 0..<length where key.load(fromByteOffset: offset, as: UInt8.self) != bytes[offset] { return false }
            return true
        }
    }

    private mutating func rehash(capacity: Int) {
        var newSlots = [UInt32](repeating: 0, count: capacity)
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while newSlots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            newSlots[slot] = UInt32(index + 1)
        }
        slots = newSlots
    }

    /// Eight bytes at a time, multiplied in, then a final avalanche so that the low bits used for
    /// slots are well mixed. Ids are short: most take one step, where FNV-1a took a dependent
    /// multiply per byte.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 32
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            for index in offset..<bytes.count { tail |= UInt64(bytes[index]) << (8 * UInt64(index - offset)) }
            hash = (hash ^ tail) &* 0x9E37_79B9_7F4A_7C15
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
