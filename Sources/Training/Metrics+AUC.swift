extension Metrics {
    /// The area under the ROC curve: the probability that a randomly chosen correct answer was
    /// predicted higher than a randomly chosen incorrect one, ties counting ½ — the
    /// Mann–Whitney U statistic with average ranks for tied predictions, divided by the number
    /// of (correct, incorrect) pairs.
    ///
    /// With weights, each pair counts wᵢ·wⱼ:
    /// AUC = Σ_{i correct, j incorrect} wᵢwⱼ·([pᵢ > pⱼ] + ½[pᵢ = pⱼ]) / (W₊·W₋).
    /// Integer weights therefore give the AUC of the data with each row repeated that many times.
    ///
    /// Exact and O(n) after one sort of the rows by prediction (see ``ascendingOrder(of:outcomes:)``).
    /// Outcomes must be 0 or 1.
    ///
    /// - Returns: nil when only one class is present (W₊ or W₋ is zero), where AUC is undefined.
    public static func auc(predictions: [Double], outcomes: [Double], weights: [Double]? = nil) -> Double? {
        checkInputs(predictions: predictions, outcomes: outcomes, weights: weights)
        checkBinary(outcomes)
        let (sortedKeys, tags) = ascendingOrder(of: predictions, outcomes: outcomes)
        // Walk groups of equal predictions from lowest to highest. A correct answer in a group
        // beats every incorrect one below the group and ties with the incorrect ones inside it.
        var concordantWeight = 0.0
        var correctWeight = 0.0
        var incorrectWeightBelow = 0.0
        var groupStart = 0
        while groupStart < sortedKeys.count {
            let key = sortedKeys[groupStart]
            var groupCorrect = 0.0
            var groupIncorrect = 0.0
            var row = groupStart
            while row < sortedKeys.count && sortedKeys[row] == key {
                let tag = tags[row]
                let weight = weights?[Int(tag >> 1)] ?? 1
                if tag & 1 == 1 { groupCorrect += weight } else { groupIncorrect += weight }
                row += 1
            }
            concordantWeight += groupCorrect * (incorrectWeightBelow + 0.5 * groupIncorrect)
            correctWeight += groupCorrect
            incorrectWeightBelow += groupIncorrect
            groupStart = row
        }
        guard correctWeight > 0 && incorrectWeightBelow > 0 else { return nil }
        return concordantWeight / (correctWeight * incorrectWeightBelow)
    }
}
