/// One student's practice per skill: earlier correct (or wrong) answers, fractional for scores.
///
/// A student has practised a few dozen skills at most, so the tally is two skill-sorted arrays
/// rather than a hashed dictionary: building one from a fold-in is a sort of a few dozen
/// numbers instead of a hash per answer (which was about a twentieth of a fold-in's time), and
/// lookups are a binary search. Reads like a dictionary: `tally[skill]` is nil for a skill never
/// practised, and iterating yields `(key: skill, value: count)` in ascending skill order.
public struct PracticeTally: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// Practised skills, ascending, each once.
    public private(set) var skills: [Int] = []
    /// The count of each of ``skills``.
    public private(set) var counts: [Double] = []

    /// An empty tally: nothing practised yet.
    public init() {}

    /// A tally written like a dictionary, `[skill: count]`; repeated skills add up.
    public init(dictionaryLiteral elements: (Int, Double)...) {
        for (skill, count) in elements { add(count, to: skill) }
    }

    /// Two tallies (wins and fails) of the same skills, given in any order (each once, every
    /// skill non-negative and below 2³²), by one sort of packed skill–position integers.
    static func pair(skills: UnsafeBufferPointer<Int32>, wins: [Double], fails: [Double]) -> (PracticeTally, PracticeTally) {
        let both = tallies(skills: skills, columns: [wins, fails])
        return (both[0], both[1])
    }

    /// One tally per column of counts (`columns[c][i]` the count of `skills[i]`) of the same
    /// skills, given in any order (each once, every skill non-negative and below 2³²), by one
    /// sort of packed skill–position integers: fold-in builds a student's five tallies from one
    /// sort (a sort per tally, and streaks tallied answer by answer, were a tenth of a fold-in
    /// with practice features).
    static func tallies(skills: UnsafeBufferPointer<Int32>, columns: [[Double]]) -> [PracticeTally] {
        var keys = skills.enumerated().map { UInt64(UInt32(bitPattern: $0.element)) << 32 | UInt64($0.offset) }
        keys.sort()
        let sortedSkills = keys.map { Int($0 >> 32) }
        return columns.map { column in
            var tally = PracticeTally()
            tally.skills = sortedSkills
            tally.counts = keys.map { column[Int($0 & 0xFFFF_FFFF)] }
            return tally
        }
    }

    /// The number of practised skills.
    public var count: Int { skills.count }
    /// Whether no skill has been practised.
    public var isEmpty: Bool { skills.isEmpty }

    /// The count of `skill`, or nil when it was never practised.
    public subscript(skill: Int) -> Double? {
        let index = position(of: skill)
        return index < skills.count && skills[index] == skill ? counts[index] : nil
    }

    /// Adds `amount` to `skill`'s count, starting it at zero if it is new.
    mutating func add(_ amount: Double, to skill: Int) {
        let index = position(of: skill)
        if index < skills.count && skills[index] == skill {
            counts[index] += amount
        } else {
            skills.insert(skill, at: index)
            counts.insert(amount, at: index)
        }
    }

    /// Sets `skill`'s count to `value`, adding the skill if it is new.
    mutating func set(_ value: Double, for skill: Int) {
        let index = position(of: skill)
        if index < skills.count && skills[index] == skill {
            counts[index] = value
        } else {
            skills.insert(skill, at: index)
            counts.insert(value, at: index)
        }
    }

    /// The first position whose skill is not below `skill`.
    private func position(of skill: Int) -> Int {
        var low = 0, high = skills.count
        while low < high {
            let middle = (low + high) / 2
            if skills[middle] < skill { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Iterates `(key: skill, value: count)` in ascending skill order.
    public func makeIterator() -> Iterator { Iterator(tally: self) }

    /// Yields `(key: skill, value: count)` in ascending skill order.
    public struct Iterator: IteratorProtocol {
        let tally: PracticeTally
        var position = 0

        /// The next practised skill and its count, or nil after the last.
        public mutating func next() -> (key: Int, value: Double)? {
            guard position < tally.skills.count else { return nil }
            defer { position += 1 }
            return (key: tally.skills[position], value: tally.counts[position])
        }
    }
}
