import ArgumentParser
import LearningPaths

extension ScoreWeights {
    /// The weights of a `--score-weights` option: the first `terms` of the score's terms
    /// (gain, closeness, unlocks, topic, continuity), comma-separated; the terms not given keep
    /// the planner's defaults.
    static func parse(_ text: String, terms: Int) throws -> ScoreWeights {
        let defaults = ScoreWeights()
        let names = defaults.named.prefix(terms).map(\.name).joined(separator: ",")
        let values = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { Double($0.trimmingCharacters(in: .whitespaces)) }
        let weights = values.compactMap { $0 }
        guard values.count == terms, weights.count == terms else {
            throw ValidationError("--score-weights must be \(terms) numbers (\(names)), got '\(text)'")
        }
        var parsed = defaults
        let paths: [WritableKeyPath<ScoreWeights, Double>] = [\.gain, \.closeness, \.unlocks, \.topic, \.continuity]
        for (path, weight) in zip(paths, weights) { parsed[keyPath: path] = weight }
        do {
            try parsed.validate()
        } catch {
            throw ValidationError("--score-weights: \(error)")
        }
        return parsed
    }
}
