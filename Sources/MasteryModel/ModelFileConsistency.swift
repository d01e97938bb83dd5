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
        if Set(metadata.terms.practiceFeatures).count != metadata.terms.practiceFeatures.count {
            return "practice features \(metadata.terms.practiceFeatures.map(\.rawValue)) name one twice"
        }
        let nextAnswer = metadata.terms.nextAnswerFeatures
        if !nextAnswer.isEmpty, metadata.kind != .logistic {
            return "next-answer features \(nextAnswer.map(\.rawValue)) belong to models of 0/1 answers, and this one predicts graded scores"
        }
        if let problem = metadata.terms.nextAnswerFeaturesProblem { return problem }
        if let feature = metadata.terms.activePracticeFeatures.first(where: \.needsPrerequisiteGraph),
           (metadata.prerequisites ?? []).isEmpty {
            return "practice feature \(feature.rawValue) counts practice on neighbouring skills, and the model has no prerequisite edges"
        }
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
            .practiceWeights: skills * metadata.terms.activePracticeFeatures.count,
            .nextAnswerTerms: metadata.terms.nextAnswerFeatures.count,
            .itemBias: itemCount,
            .studentBias: studentCount, .studentFactors: studentCount * metadata.rank,
        ]
    }

    /// What is wrong with the sections' element counts taken together (one global bias, one bias
    /// and two gains per skill, the same rank for skills and students, one bias per item and per
    /// student), or nil. Checked from the directory alone, before the file is read, so that a
    /// directory cannot declare arrays that no model of its own ids and skills would have.
    static func countsProblem(_ counts: [SectionName: Int]) -> (section: String, reason: String)? {
        guard counts[.globalBias] == 1 else { return ("globalBias", "\(counts[.globalBias]!) values, expected 1") }
        // The per-skill array that disagrees with the other two is the one named.
        let skills = counts[.gainCorrect] == counts[.gainWrong] ? counts[.gainCorrect]! : counts[.skillBias]!
        for name in [SectionName.skillBias, .gainCorrect, .gainWrong] where counts[name] != skills {
            return (name.rawValue, "\(counts[name]!) values where the other per-skill arrays have \(skills)")
        }
        if let weights = counts[.practiceWeights], skills == 0 ? weights != 0 : weights % skills != 0 {
            return ("practiceWeights", "\(weights) values are not a whole number of practice features for \(skills) skills")
        }
        if let weights = counts[.nextAnswerTerms], weights > PracticeFeature.allCases.count {
            return ("nextAnswerTerms", "\(weights) values, more than there are features (\(PracticeFeature.allCases.count))")
        }
        let factors = counts[.skillFactors]!
        let rank = skills == 0 ? 0 : factors / skills
        guard rank * skills == factors, rank <= maximumRank else {
            return ("skillFactors", "\(factors) values are not a rank of at most \(maximumRank) for \(skills) skills")
        }
        for (ids, values) in [(SectionName.itemIds, SectionName.itemBias), (.studentIds, .studentBias)]
        where counts[ids] != counts[values] {
            return (values.rawValue, "\(counts[values]!) values for \(counts[ids]!) ids")
        }
        let students = counts[.studentIds]!
        guard counts[.studentFactors] == students * rank else {
            return ("studentFactors", "\(counts[.studentFactors]!) values for \(students) students at rank \(rank)")
        }
        return nil
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
