import MasteryData

/// The rules a model must satisfy to be written and that a loaded file must satisfy to be used;
/// the writer and the reader both apply them, so nothing is written that cannot be read back.
extension ModelFileLayout {
    /// Far above any useful factor rank, and small enough that `skills × rank` cannot overflow.
    static let maximumRank = 1 << 16

    /// What is wrong with `metadata` on its own, or nil.
    static func metadataProblem(_ metadata: ModelMetadata) -> String? {
        let skills = metadata.skillIds.count
        guard (0...maximumRank).contains(metadata.rank) else {
            return "rank \(metadata.rank) is outside 0…\(maximumRank)"
        }
        guard metadata.skillNames.count == skills else {
            return "\(metadata.skillNames.count) skill names for \(skills) skill ids"
        }
        if let duplicate = firstDuplicate(metadata.skillIds) { return "skill id \"\(duplicate)\" appears twice" }
        let lambda = metadata.regularization
        for value in [lambda.studentBias, lambda.studentFactors, lambda.skillBias, lambda.skillFactors, lambda.practice, lambda.itemBias]
        where !(value > 0 && value.isFinite) {
            return "regularization λ = \(value) is not positive and finite (fold-in's prior needs it)"
        }
        if let halfLife = metadata.recency.halfLife, !(halfLife > 0 && halfLife.isFinite) {
            return "recency half-life \(halfLife) is not positive and finite"
        }
        for edge in metadata.prerequisites ?? [] {
            guard edge.count == 2, edge.allSatisfy({ (0..<skills).contains($0) }) else {
                return "prerequisite edge \(edge) is not a pair of skill indices below \(skills)"
            }
        }
        return nil
    }

    /// The element count every `float64` section must have.
    static func expectedCounts(metadata: ModelMetadata, itemCount: Int, studentCount: Int) -> [SectionName: Int] {
        let skills = metadata.skillIds.count
        return [
            .globalBias: 1,
            .skillBias: skills, .skillFactors: skills * metadata.rank,
            .gainCorrect: skills, .gainWrong: skills,
            .itemBias: itemCount,
            .studentBias: studentCount, .studentFactors: studentCount * metadata.rank,
        ]
    }

    /// Larger than any parameter a fitted model has (the ridge penalties keep them to a few units),
    /// and small enough that sums of products over any rank stay far from overflow: a finite
    /// 10³⁰² in a forged file made fold-in's arithmetic give ∞ − ∞ = NaN masteries.
    static let maximumParameterMagnitude = 1e6

    /// The index of the first NaN, infinity or value beyond ±``maximumParameterMagnitude`` in
    /// `values`, or nil. Such a parameter would turn every prediction that touches it into NaN,
    /// so it is refused on both sides.
    static func firstImplausible(_ values: UnsafeBufferPointer<Double>) -> Int? {
        values.firstIndex { !(abs($0) <= maximumParameterMagnitude) }
    }

    /// The first id that repeats an earlier one byte for byte (as `IdTable` compares; `String`'s
    /// `==` would also merge NFC and NFD spellings of one Vietnamese name, which `IdTable` keeps apart).
    static func firstDuplicate(_ ids: [String]) -> String? {
        var table = IdTable()
        for (index, id) in ids.enumerated() where table.intern(id) != index {
            return id
        }
        return nil
    }
}
