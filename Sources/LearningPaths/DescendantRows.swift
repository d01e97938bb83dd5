import MasteryData

/// Every skill's descendants (the skills that depend on it directly or transitively) as one
/// bit row over all skills, built once per planner from the topological order.
///
/// A step's goals are its descendants among the request's plannable goals: every skill on a
/// path from a step to a goal is an ancestor of that goal, hence in the goals' closure, so the
/// per-request closure need not be walked again. A request then needs one goal mask and one
/// masked popcount per plannable skill instead of unions along every edge. The rows take
/// skills² / 8 bytes, so they are only built up to ``maximumSkillCount`` skills; larger or
/// cyclic graphs fall back to per-request rows over the goals (see ``GoalReach``).
final class DescendantRows: @unchecked Sendable {
    // @unchecked: written only in `init`, read-only afterwards.
    /// 8 MiB of rows at most; ten thousand skills would take 12.5 MiB per planner.
    static let maximumSkillCount = 8_192

    let wordsPerRow: Int
    private let words: UnsafeMutableBufferPointer<UInt64>
    /// Per skill, the words of its row that can hold bits: `firstWord[s] ..< endWord[s]`.
    /// Curricula list skills roughly in teaching order, so descendants cluster after their
    /// ancestors and most rows are much shorter than the whole curriculum.
    let firstWord: [Int32]
    let endWord: [Int32]

    init?(adjacency: Adjacency, skillCount: Int) {
        guard let order = adjacency.topologicalOrder, skillCount <= Self.maximumSkillCount else { return nil }
        let wordsPerRow = max(1, (skillCount + 63) / 64)
        let words = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(1, skillCount) * wordsPerRow)
        words.initialize(repeating: 0)
        let base = words.baseAddress!
        // Dependents first, so each row is final before its prerequisites read it.
        for skill in order.reversed().lazy.map(Int.init) {
            let row = base + skill * wordsPerRow
            for dependent in adjacency.dependents(of: skill).lazy.map(Int.init) {
                formUnion(row, with: base + dependent * wordsPerRow, words: wordsPerRow)
                row[dependent >> 6] |= 1 << UInt64(dependent & 63)
            }
        }
        var firstWord = [Int32](repeating: 0, count: skillCount), endWord = firstWord
        for skill in 0..<skillCount {
            let row = base + skill * wordsPerRow
            guard let last = (0..<wordsPerRow).last(where: { row[$0] != 0 }) else { continue }
            firstWord[skill] = Int32((0..<wordsPerRow).first { row[$0] != 0 }!)
            endWord[skill] = Int32(last + 1)
        }
        self.wordsPerRow = wordsPerRow
        self.words = words
        self.firstWord = firstWord
        self.endWord = endWord
    }

    deinit { words.deallocate() }

    /// The descendants of `skill`: bit `k` of word `k / 64` stands for skill `k`.
    @inline(__always)
    func row(of skill: Int) -> UnsafePointer<UInt64> { UnsafePointer(words.baseAddress! + skill * wordsPerRow) }
}

/// `row[w] |= other[w]` two words at a time (the rows share one buffer, so the compiler
/// would not vectorize the plain loop).
@inline(__always)
func formUnion(_ row: UnsafeMutablePointer<UInt64>, with other: UnsafePointer<UInt64>, words: Int) {
    var word = 0
    while word &+ 2 <= words {
        let union = UnsafeRawPointer(row + word).loadUnaligned(as: SIMD2<UInt64>.self)
            | UnsafeRawPointer(other + word).loadUnaligned(as: SIMD2<UInt64>.self)
        UnsafeMutableRawPointer(row + word).storeBytes(of: union, as: SIMD2<UInt64>.self)
        word &+= 2
    }
    if word < words { row[word] |= other[word] }
}
