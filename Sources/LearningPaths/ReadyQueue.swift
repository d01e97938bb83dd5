/// A step whose prerequisites are all satisfied, waiting to be placed, with its rank packed
/// so that one integer comparison (two on a tie) orders two candidates.
struct Candidate {
    /// Smaller goes first: the complement of (scheduled-tier bit, priority bits). Priorities
    /// are never negative, and the bit patterns of non-negative doubles sort like their values.
    let key: UInt64
    let skill: Int32

    /// Scheduled tier (skills scheduled or needed by a scheduled skill) first, then the higher
    /// priority, then the smaller index.
    @inline(__always)
    init(isScheduledTier: Bool, priority: Double, skill: Int32) {
        precondition(priority >= 0, "priorities are sums of non-negative terms")
        // Adding +0 turns -0 (from a weight of -0) into +0, which compares equal to it anyway.
        let rank = (isScheduledTier ? 1 << 63 : 0) | (priority + 0).bitPattern
        key = ~rank
        self.skill = skill
    }

    @inline(__always)
    func precedes(_ other: Candidate) -> Bool {
        key != other.key ? key < other.key : skill < other.skill
    }
}

/// A binary heap of candidates, best first. One per plan, plus one per topic when the
/// topic term is on; a skill placed through another queue stays here until it surfaces and
/// is discarded by the caller (lazy deletion keeps both operations O(log n)).
struct ReadyQueue {
    private var storage: [Candidate] = []

    var first: Candidate? { storage.first }

    mutating func insert(_ candidate: Candidate) {
        storage.append(candidate)
        storage.withUnsafeMutableBufferPointer { storage in
            var child = storage.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard candidate.precedes(storage[parent]) else { break }
                storage[child] = storage[parent]
                child = parent
            }
            storage[child] = candidate
        }
    }

    @discardableResult
    mutating func removeFirst() -> Candidate? {
        guard let last = storage.popLast() else { return nil }
        guard !storage.isEmpty else { return last }
        return storage.withUnsafeMutableBufferPointer { storage in
            // Sift the hole left by the best down to where `last` belongs.
            let best = storage[0]
            let count = storage.count
            var hole = 0
            while true {
                let left = 2 &* hole &+ 1
                guard left < count else { break }
                let right = left &+ 1
                let child = right < count && storage[right].precedes(storage[left]) ? right : left
                guard storage[child].precedes(last) else { break }
                storage[hole] = storage[child]
                hole = child
            }
            storage[hole] = last
            return best
        }
    }
}
