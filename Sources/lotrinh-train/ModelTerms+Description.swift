import MasteryModel

extension ModelTerms {
    /// "on", "on (+ related wins, related fails)" or "off": the practice term and the further
    /// features it carries, as `fit` announces them and `inspect` shows them.
    var practiceDescription: String {
        guard practice else { return "off" }
        let features = activePracticeFeatures
        return features.isEmpty ? "on" : "on (+ \(features.map(\.displayName).joined(separator: ", ")))"
    }
}
