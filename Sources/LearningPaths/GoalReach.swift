import MasteryData

/// Which plannable goals each needed skill leads to, and how many: the unlocks term of the
/// score and every step's ``PathStep/unlockedGoals``.
///
/// Counts are taken when asked: a short path scores only the skills that become ready, a few
/// dozen of a thousand, and the largest count is found among the skills ready at the start
/// (see ``maximumReach()``).
struct GoalReach {
    let rows: GoalRows
    let scope: PlanningScope

    init(scope: PlanningScope, adjacency: Adjacency?, descendants: DescendantRows?) {
        rows = descendants.map { GoalRows(maskingDescendants: $0, scope: scope) }
            ?? GoalRows(reachingGoalsOf: scope, adjacency: adjacency)
        self.scope = scope
    }

    /// Goals `skill` leads to, plus one when it is a plannable goal itself.
    func count(of skill: Int) -> Int {
        rows.count(ofRow: skill) + (scope.flags[skill].contains(.goal) ? 1 : 0)
    }

    /// The largest count among plannable skills (0 when none), read off the plannable skills
    /// with no missing prerequisite: a plannable skill that still waits for one has a plannable
    /// prerequisite `p` (an excluded or excluded-blocked one would block it too) whose
    /// descendants include it and all of its own, so `count(p) ≥ count(skill)`; following such
    /// prerequisites ends at a skill with none missing.
    func maximumReach() -> Int {
        var maximum = 0
        for skill in scope.order.lazy.map(Int.init)
        where scope.flags[skill].isPlannable && scope.missingPrerequisites[skill] == 0 {
            maximum = max(maximum, count(of: skill))
        }
        return maximum
    }
}

/// For every needed skill, the plannable goals that depend on it, as one bit row per skill.
/// Shared by every ``GoalSet`` of one plan (each step holds a reference, not a copy).
///
/// Two layouts: rows of the planner's ``DescendantRows`` over all skills, ANDed with this
/// request's goal mask when read; or, for graphs too large or cyclic for those, rows over
/// the goals' ordinals filled for this request.
final class GoalRows: @unchecked Sendable {
    // @unchecked: written only while the plan is built, read-only once steps refer to it.
    let wordsPerRow: Int
    private let rows: UnsafePointer<UInt64>
    /// Shared layout: the plannable goals, bit `k` for skill `k`.
    private let goalMask: UnsafeMutableBufferPointer<UInt64>?
    /// Shared layout: the words of the goal mask that have bits.
    private let goalWords: Range<Int>
    /// Per-request layout: the skill that each bit stands for.
    private let goalSkills: [Int32]
    /// Keeps the shared rows alive; nil in the per-request layout, whose rows this owns.
    private let descendants: DescendantRows?

    init(maskingDescendants descendants: DescendantRows, scope: PlanningScope) {
        wordsPerRow = descendants.wordsPerRow
        rows = descendants.row(of: 0)
        let goalMask = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: wordsPerRow)
        goalMask.initialize(repeating: 0)
        for skill in scope.goals {
            // A shifted 0 or 1 rather than a branch on each goal's mastery.
            goalMask[skill >> 6] |= UInt64(scope.flags[skill].isPlannable ? 1 : 0) << UInt64(skill & 63)
        }
        self.goalMask = goalMask
        goalWords = ((0..<wordsPerRow).first { goalMask[$0] != 0 } ?? 0)..<((0..<wordsPerRow).last { goalMask[$0] != 0 } ?? -1) + 1
        goalSkills = []
        self.descendants = descendants
    }

    /// Rows are filled dependents first, each the union of its dependents' rows and bits:
    /// O(edges × goals / 64) word operations.
    init(reachingGoalsOf scope: PlanningScope, adjacency: Adjacency?) {
        let skillCount = scope.skillCount
        var goalSkills: [Int32] = []
        var ordinal = [Int32](repeating: -1, count: skillCount)
        for skill in scope.goals where scope.flags[skill].isPlannable {
            ordinal[skill] = Int32(goalSkills.count)
            goalSkills.append(Int32(skill))
        }
        let wordsPerRow = max(1, (goalSkills.count + 63) / 64)
        let rows = UnsafeMutablePointer<UInt64>.allocate(capacity: skillCount * wordsPerRow)
        rows.initialize(repeating: 0, count: skillCount * wordsPerRow)
        if let adjacency {
            for skill in scope.order.reversed().lazy.map(Int.init) {
                let row = rows + skill * wordsPerRow
                for dependent in adjacency.dependents(of: skill).lazy.map(Int.init)
                where scope.flags[dependent].contains(.inClosure) {
                    formUnion(row, with: rows + dependent * wordsPerRow, words: wordsPerRow)
                    let bit = Int(ordinal[dependent])
                    if bit >= 0 { row[bit >> 6] |= 1 << UInt64(bit & 63) }
                }
            }
        }
        self.wordsPerRow = wordsPerRow
        self.rows = UnsafePointer(rows)
        goalMask = nil
        goalWords = 0..<wordsPerRow
        self.goalSkills = goalSkills
        descendants = nil
    }

    deinit {
        goalMask?.deallocate()
        if descendants == nil { rows.deallocate() }
    }

    /// Word `word` of `skill`'s goal row.
    @inline(__always)
    func word(_ word: Int, ofRow skill: Int) -> UInt64 {
        let bits = rows[skill &* wordsPerRow &+ word]
        guard let goalMask else { return bits }
        return bits & goalMask[word]
    }

    /// The skill that bit `bit` of a row stands for.
    @inline(__always)
    func skill(atBit bit: Int) -> Int { goalMask == nil ? Int(goalSkills[bit]) : bit }

    func count(ofRow skill: Int) -> Int {
        // Raw pointers and wrapping sums let the compiler vectorize the count (there is no
        // popcount instruction in the baseline x86-64 target); it runs once per skill that
        // becomes ready and per prerequisite step, over the words where both the row and the
        // goal mask can have bits.
        let row = rows + skill &* wordsPerRow
        var count = 0
        if let descendants, let goalMask = goalMask?.baseAddress {
            let first = max(Int(descendants.firstWord[skill]), goalWords.lowerBound)
            let end = min(Int(descendants.endWord[skill]), goalWords.upperBound)
            for word in first..<max(first, end) { count &+= (row[word] & goalMask[word]).nonzeroBitCount }
        } else {
            for word in 0..<wordsPerRow { count &+= row[word].nonzeroBitCount }
        }
        return count
    }
}
