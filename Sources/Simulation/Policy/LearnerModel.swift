/// How simulated learners learn in a policy simulation: the true dynamics the policies never see.
///
/// Each skill `s` has a latent mastery `m_s`, the probability that the learner answers a question
/// of `s` correctly. It starts at `σ(ability − difficulty_s + initialLogit)` and, after every answer
/// on `s`, moves toward 1 by
///
///     m_s ← m_s + g · (1 − m_s),   g = min(1, gain_s · learningRate_u · gate)
///
/// where `gate` is 1 when every prerequisite of `s` is truly mastered (`m ≥ masteryThreshold`) and
/// ``gatedFraction`` otherwise: practice without the foundations teaches little. The answer is
/// drawn with the mastery *before* the update (the learner answers, then learns from the feedback).
public struct LearnerModel: Sendable, Equatable, Codable {
    /// True mastery at or above this counts as mastered, both for the prerequisite gate and for
    /// the comparison's outcome. The planner gets the same threshold for its own judgement.
    public var masteryThreshold: Double
    /// The fraction of the gain left when some prerequisite is not mastered.
    public var gatedFraction: Double
    /// Per-skill gain per answer, drawn uniformly from this range.
    public var gain: ClosedRange<Double>
    /// Standard deviation of the per-skill difficulty (logit scale, mean 0).
    public var difficultySpread: Double
    /// Standard deviation of the per-student ability (logit scale, mean 0).
    public var abilitySpread: Double
    /// Standard deviation of the logarithm of the per-student learning rate (median 1).
    public var learningRateSpread: Double
    /// Logit of the initial mastery of an average learner on an average skill: mostly unlearned.
    public var initialLogit: Double

    /// The defaults make an average skill take about four to five answers from its start (≈ 0.2)
    /// to mastery (0.8) when its prerequisites are mastered, and ten times longer when not.
    public init(masteryThreshold: Double = 0.8, gatedFraction: Double = 0.1, gain: ClosedRange<Double> = 0.15...0.35,
                difficultySpread: Double = 1, abilitySpread: Double = 1, learningRateSpread: Double = 0.3,
                initialLogit: Double = -1.5) {
        self.masteryThreshold = masteryThreshold
        self.gatedFraction = gatedFraction
        self.gain = gain
        self.difficultySpread = difficultySpread
        self.abilitySpread = abilitySpread
        self.learningRateSpread = learningRateSpread
        self.initialLogit = initialLogit
    }

    /// One answer's learning step: the update rule above, as a pure function so tests can check it.
    public static func masteryAfterPractice(_ mastery: Double, gain: Double, prerequisitesMastered: Bool,
                                            gatedFraction: Double) -> Double {
        let step = min(1, gain * (prerequisitesMastered ? 1 : gatedFraction))
        return mastery + step * (1 - mastery)
    }

    func validate() throws(SimulationError) {
        guard masteryThreshold > 0, masteryThreshold < 1 else {
            throw .invalidConfiguration("mastery threshold \(masteryThreshold) must lie strictly between 0 and 1")
        }
        guard gatedFraction >= 0, gatedFraction <= 1 else {
            throw .invalidConfiguration("gated fraction \(gatedFraction) must lie in [0, 1]")
        }
        guard gain.lowerBound >= 0, gain.upperBound <= 1 else {
            throw .invalidConfiguration("gain range \(gain) must lie in [0, 1]")
        }
        for (name, value) in [("difficulty", difficultySpread), ("ability", abilitySpread),
                              ("learning rate", learningRateSpread)] {
            guard value >= 0, value.isFinite else {
                throw .invalidConfiguration("\(name) spread \(value) must be finite and not negative")
            }
        }
        guard initialLogit.isFinite else { throw .invalidConfiguration("initial logit must be finite") }
    }
}
