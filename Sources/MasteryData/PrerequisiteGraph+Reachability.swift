extension PrerequisiteGraph {
    /// Every skill that must be learned, directly or transitively, before any of
    /// `skills`, ascending. A skill of the set itself appears only if it is reachable
    /// from the set (one goal requires another, or a cycle). Works on cyclic graphs.
    public func ancestors(of skills: [Int]) -> [Int] {
        reachable(from: skills, offsets: prerequisiteOffsets, neighbours: prerequisiteSources)
    }

    /// Every skill that requires, directly or transitively, any of `skills`, ascending;
    /// the same rules as `ancestors(of:)`.
    public func descendants(of skills: [Int]) -> [Int] {
        reachable(from: skills, offsets: dependentOffsets, neighbours: dependentTargets)
    }

    /// Iterative depth-first search over one CSR direction. Seeds are expanded but not
    /// marked, so a seed is reported only when an edge reaches it.
    private func reachable(from seeds: [Int], offsets: [Int32], neighbours: [Int32]) -> [Int] {
        var reached = Bitset(count: skillCount)
        var pending = seeds.map { Int32($0) }
        while let skill = pending.popLast() {
            for edge in Int(offsets[Int(skill)])..<Int(offsets[Int(skill) + 1]) {
                let next = neighbours[edge]
                if reached.insert(Int(next)) { pending.append(next) }
            }
        }
        return reached.members()
    }
}

extension PrerequisiteGraph {
    /// A fixed-size set of skill indices, one bit each.
    struct Bitset {
        private(set) var words: [UInt64]

        init(count: Int) { words = [UInt64](repeating: 0, count: (count + 63) / 64) }

        func contains(_ member: Int) -> Bool { words[member >> 6] & (1 << UInt64(member & 63)) != 0 }

        /// Adds `member`; returns whether it was new.
        mutating func insert(_ member: Int) -> Bool {
            let bit: UInt64 = 1 << UInt64(member & 63)
            let old = words[member >> 6]
            words[member >> 6] = old | bit
            return old & bit == 0
        }

        /// Members in ascending order, found word by word.
        func members() -> [Int] {
            var result: [Int] = []
            for (wordIndex, word) in words.enumerated() {
                var remaining = word
                while remaining != 0 {
                    result.append(wordIndex << 6 + remaining.trailingZeroBitCount)
                    remaining &= remaining - 1
                }
            }
            return result
        }
    }
}
