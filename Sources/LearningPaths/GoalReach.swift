import MasteryData

/// For every needed skill, the plannable goals that depend on it, as one bit row per skill
/// over the goals' ordinals. Rows are filled dependents first, each the union of its
/// dependents' rows and bits: O(edges × goals / 64) word operations, no per-skill allocation.
struct GoalReach {
    /// Plannable goals in ascending order; bit `k` of a row stands for `goalSkills[k]`.
    let goalSkills: [Int32]
    let wordsPerRow: Int
    /// Row of skill `s`: `rows[s * wordsPerRow ..< (s + 1) * wordsPerRow]`.
    let rows: [UInt64]
    /// Per skill: goals in its row, plus one when it is a plannable goal itself.
    let reachCounts: [Int32]
    /// The largest reach count among plannable skills (0 when none).
    let maximumReach: Int32

    init(scope: PlanningScope, adjacency: Adjacency?) {
        let skillCount = scope.flags.count
        var goalSkills: [Int32] = []
        var ordinal = [Int32](repeating: -1, count: skillCount)
        for skill in scope.goals where scope.flags[skill].isPlannable {
            ordinal[skill] = Int32(goalSkills.count)
            goalSkills.append(Int32(skill))
        }
        let wordsPerRow = max(1, (goalSkills.count + 63) / 64)
        var rows = [UInt64](repeating: 0, count: skillCount * wordsPerRow)
        if let adjacency {
            rows.withUnsafeMutableBufferPointer { rows in
                for skill in scope.order.reversed().lazy.map(Int.init) {
                    let row = skill * wordsPerRow
                    for dependent in adjacency.dependents(of: skill).lazy.map(Int.init) where scope.flags[dependent].contains(.inClosure) {
                        Self.formUnion(rows.baseAddress! + row, with: rows.baseAddress! + dependent * wordsPerRow, words: wordsPerRow)
                        let bit = Int(ordinal[dependent])
                        if bit >= 0 { rows[row + bit >> 6] |= 1 << UInt64(bit & 63) }
                    }
                }
            }
        }
        var reachCounts = [Int32](repeating: 0, count: skillCount)
        var maximumReach: Int32 = 0
        for skill in scope.order.lazy.map(Int.init) where scope.flags[skill].isPlannable {
            // Wrapping sums (no overflow check per word) let the compiler vectorize the count.
            var count = ordinal[skill] >= 0 ? 1 : 0
            rows.withUnsafeBufferPointer { rows in
                for word in (skill * wordsPerRow)..<((skill + 1) * wordsPerRow) { count &+= rows[word].nonzeroBitCount }
            }
            reachCounts[skill] = Int32(count)
            maximumReach = max(maximumReach, Int32(count))
        }
        self.goalSkills = goalSkills
        self.wordsPerRow = wordsPerRow
        self.rows = rows
        self.reachCounts = reachCounts
        self.maximumReach = maximumReach
    }

    /// `row[w] |= other[w]` two words at a time (the rows share one buffer, so the compiler
    /// would not vectorize the plain loop).
    @inline(__always)
    private static func formUnion(_ row: UnsafeMutablePointer<UInt64>, with other: UnsafeMutablePointer<UInt64>, words: Int) {
        var word = 0
        while word &+ 2 <= words {
            let union = UnsafeRawPointer(row + word).loadUnaligned(as: SIMD2<UInt64>.self)
                | UnsafeRawPointer(other + word).loadUnaligned(as: SIMD2<UInt64>.self)
            UnsafeMutableRawPointer(row + word).storeBytes(of: union, as: SIMD2<UInt64>.self)
            word &+= 2
        }
        if word < words { row[word] |= other[word] }
    }

    /// The goals `skill` leads to, as a view into the shared rows.
    func unlockedGoals(of skill: Int) -> GoalSet {
        GoalSet(words: rows[skill * wordsPerRow ..< (skill + 1) * wordsPerRow], goalSkills: goalSkills)
    }
}
