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
///
/// Fixed capacity in raw storage (a skill enters a queue at most once, so the caller knows
/// the bound): no growth or copy-on-write checks per operation. The owner calls
/// ``deallocate()``.
struct ReadyQueue {
    private let storage: UnsafeMutablePointer<Candidate>
    private let capacity: Int
    private var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        storage = .allocate(capacity: max(1, capacity))
    }

    func deallocate() { storage.deallocate() }

    var first: Candidate? { count > 0 ? storage[0] : nil }

    mutating func insert(_ candidate: Candidate) {
        precondition(count < capacity, "a skill enters a ready queue at most once")
        count &+= 1
        siftUp(candidate, from: count &- 1)
    }

    @discardableResult
    mutating func removeFirst() -> Candidate? {
        guard count > 0 else { return nil }
        count &-= 1
        let best = storage[0], last = storage[count]
        // Floyd's variant: move the hole down to a leaf along the better children (one
        // comparison per level), then sift `last` up from there; it usually belongs near the
        // bottom, so this saves most comparisons against it.
        var hole = 0
        while true {
            let left = 2 &* hole &+ 1
            guard left < count else { break }
            let right = left &+ 1
            let child = right < count && storage[right].precedes(storage[left]) ? right : left
            storage[hole] = storage[child]
            hole = child
        }
        siftUp(last, from: hole)
        return best
    }

    /// Places `candidate` at `hole` or above it, moving the parents it precedes down.
    @inline(__always)
    private func siftUp(_ candidate: Candidate, from hole: Int) {
        var hole = hole
        while hole > 0 {
            let parent = (hole &- 1) >> 1
            guard candidate.precedes(storage[parent]) else { break }
            storage[hole] = storage[parent]
            hole = parent
        }
        storage[hole] = candidate
    }
}
