/// A step whose prerequisites are all satisfied, waiting to be placed.
struct Candidate {
    /// Skills scheduled (or needed by a scheduled skill) go before all others.
    var isScheduledTier: Bool
    /// The strategy's static priority: higher first.
    var priority: Double
    var skill: Int32

    /// Whether `self` goes before `other`: scheduled tier, then priority, then smaller index.
    @inline(__always)
    func precedes(_ other: Candidate, bonus: Double = 0, otherBonus: Double = 0) -> Bool {
        if isScheduledTier != other.isScheduledTier { return isScheduledTier }
        let mine = priority + bonus, theirs = other.priority + otherBonus
        if mine != theirs { return mine > theirs }
        return skill < other.skill
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
                guard storage[child].precedes(storage[parent]) else { break }
                storage.swapAt(child, parent)
                child = parent
            }
        }
    }

    @discardableResult
    mutating func removeFirst() -> Candidate? {
        guard let last = storage.popLast() else { return nil }
        guard !storage.isEmpty else { return last }
        return storage.withUnsafeMutableBufferPointer { storage in
            let best = storage[0]
            storage[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var chosen = parent
                if left < storage.count && storage[left].precedes(storage[chosen]) { chosen = left }
                if right < storage.count && storage[right].precedes(storage[chosen]) { chosen = right }
                guard chosen != parent else { return best }
                storage.swapAt(parent, chosen)
                parent = chosen
            }
        }
    }
}
