import LearningPaths
import MasteryData

/// A policy to compare: one of the planner's ordering strategies, always under the planner's
/// prerequisite constraint, so the policies differ only in the order of ready skills.
///
/// Not an `OrderingStrategy` itself: a policy names a strategy before each
/// learner's parameters are filled in (`strategy(student:seed:weights:)`: the configured
/// weights, a random seed of the learner's own), and its raw values are the names reports print.
public enum PathPolicy: String, Sendable, Equatable, Codable, CaseIterable {
    /// The planner's score, with the configuration's weights (by default the planner's own).
    case scored
    /// A random order that respects prerequisites; one order per learner, kept for the whole
    /// run (its seed is the learner's), so it does not jump between skills every step.
    case random
    /// Kahn order, smallest skill index first.
    case topological
    /// The highest estimated mastery first.
    case easiestFirst = "easiest-first"

    /// The strategy the planner gets for learner `student` of a simulation seeded `seed`;
    /// `weights` parameterize `scored`.
    func strategy(student: Int, seed: UInt64, weights: ScoreWeights) -> OrderingStrategy {
        switch self {
        case .scored:
            .scored(weights)
        case .random:
            .random(seed: SeededRandom(seed: seed, stream: PolicyStream.randomOrder(student)).firstValue)
        case .topological: .topological
        case .easiestFirst: .easiestFirst
        }
    }
}

extension SeededRandom {
    /// The first number of a fresh stream: a seed derived from a seed and a stream index.
    fileprivate var firstValue: UInt64 {
        var copy = self
        return copy.next()
    }
}
