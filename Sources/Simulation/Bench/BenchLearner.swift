import Foundation

/// How a bench learner learns: the true dynamics, which no policy but the oracle ever sees.
public enum LearnerKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Today's gated learner (``LearnerModel``): a skill's gain drops to a fixed fraction while
    /// any prerequisite is below the mastery threshold.
    case gated
    /// Gain shrinks continuously with the shortfall of every prerequisite, and part of each gain
    /// spills over to the skills that build on the one practised (see ``BenchLearnerParameters``).
    case damped
    /// Bayesian knowledge tracing: a hidden known/unknown state per skill, learned, forgotten,
    /// and seen only through answers with slip and guess.
    case bkt
}

/// One learner model of the bench: a kind and whether steps that jump across the graph are wasted.
public struct BenchLearnerModel: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How the learner learns.
    public var kind: LearnerKind
    /// When true, an answer on a skill that is neither the previous answer's skill nor a direct
    /// prerequisite or dependent of it teaches nothing (the answer is still given and seen).
    public var wastesJumps: Bool

    /// A learner model; `wastesJumps` selects the continuity variant.
    public init(kind: LearnerKind, wastesJumps: Bool = false) {
        self.kind = kind
        self.wastesJumps = wastesJumps
    }

    /// Every kind, plain then with wasted jumps.
    public static let all: [BenchLearnerModel] = LearnerKind.allCases.flatMap {
        [BenchLearnerModel(kind: $0), BenchLearnerModel(kind: $0, wastesJumps: true)]
    }

    /// "gated", "damped", "bkt", with "+continuity" for the variant that wastes jumps.
    public var description: String { kind.rawValue + (wastesJumps ? "+continuity" : "") }

    /// Parses ``description``.
    public init?(name: String) {
        let parts = name.split(separator: "+", maxSplits: 1).map(String.init)
        guard let kind = LearnerKind(rawValue: parts[0]), parts.count == 1 || parts[1] == "continuity" else { return nil }
        self.init(kind: kind, wastesJumps: parts.count == 2)
    }
}

/// The constants of the learner models; per-skill and per-learner values are drawn around them
/// (see `SkillTruthTable`).
public struct BenchLearnerParameters: Sendable, Equatable, Codable {
    /// Gated and damped learners: mastery at or above this counts as mastered (the gate, and the
    /// "goals truly mastered" figure). BKT learners count a skill mastered when it is known.
    public var masteryThreshold = 0.8
    /// Gated learners: the share of the gain left while a prerequisite is below the threshold.
    public var gatedFraction = 0.1
    /// Damped learners: each prerequisite `p` multiplies the gain by `1 − damping · (1 − m_p)`.
    public var damping = 0.9
    /// Damped learners: each dependent of the practised skill gains this share of its gain.
    public var spillOver = 0.3
    /// BKT learners: the learn probability is multiplied by this while a prerequisite is unknown.
    public var unreadyLearnFactor = 0.2
    /// Gated and damped: per-skill gain per answer, uniform in this range.
    public var gain: ClosedRange<Double> = 0.15...0.35
    /// BKT: per-skill probability that an unknown skill becomes known with an answer (times the
    /// learner's learning rate), uniform in this range.
    public var learn: ClosedRange<Double> = 0.1...0.3
    /// BKT: per-skill probability of a wrong answer on a known skill.
    public var slip: ClosedRange<Double> = 0.05...0.15
    /// BKT: per-skill probability of a right answer on an unknown skill.
    public var guess: ClosedRange<Double> = 0.1...0.3
    /// BKT: per-skill probability that a known skill is forgotten with an answer.
    public var forget: ClosedRange<Double> = 0...0.02
    /// Logit of the starting mastery (or probability of knowing) for an average learner on an
    /// average root skill.
    public var initialLogit = 0.5
    /// How much each level of depth in the graph lowers the starting logit.
    public var depthPenalty = 0.7
    /// Standard deviation of the per-skill difficulty (logit), around the depth's.
    public var difficultySpread = 0.7
    /// Standard deviation of the per-learner ability (logit).
    public var abilitySpread = 1.0
    /// Standard deviation of the log of the per-learner learning rate (median 1).
    public var learningRateSpread = 0.3

    /// The defaults described on each property.
    public init() {}
}

/// The update rules, as pure functions so that tests check each one by hand.
enum LearningRule {
    /// Gated: `m + g(1 − m)` with `g = min(1, gain · (ready ? 1 : gatedFraction))`.
    static func gated(_ mastery: Double, gain: Double, prerequisitesMastered: Bool, gatedFraction: Double) -> Double {
        LearnerModel.masteryAfterPractice(mastery, gain: gain, prerequisitesMastered: prerequisitesMastered,
                                          gatedFraction: gatedFraction)
    }

    /// Damped: the share of the gain left by the prerequisites, `Π_p (1 − damping · (1 − m_p))`:
    /// 1 when every prerequisite is fully known, smaller with every shortfall, with no step anywhere.
    static func dampingFactor(prerequisiteMasteries: some Sequence<Double>, damping: Double) -> Double {
        prerequisiteMasteries.reduce(1) { $0 * (1 - damping * (1 - $1)) }
    }

    /// Damped: practising `skill` raises it by `Δ = min(1, gain · factor) · (1 − m_s)`, and each
    /// dependent `d` by `spillOver · Δ · (1 − m_d)`.
    static func damped(_ mastery: inout [Double], skill: Int, gain: Double, prerequisites: [Int], dependents: [Int],
                       damping: Double, spillOver: Double) {
        let factor = dampingFactor(prerequisiteMasteries: prerequisites.map { mastery[$0] }, damping: damping)
        let increase = min(1, gain * factor) * (1 - mastery[skill])
        mastery[skill] += increase
        for dependent in dependents {
            mastery[dependent] += spillOver * increase * (1 - mastery[dependent])
        }
    }

    /// BKT emission: `P(correct) = known · (1 − slip) + (1 − known) · guess`; `known` is 0 or 1 for
    /// a learner, a probability for the oracle's expectation.
    static func bktCorrect(known: Double, slip: Double, guess: Double) -> Double {
        known * (1 - slip) + (1 - known) * guess
    }

    /// BKT: the probability that an unknown skill becomes known with this answer, given the
    /// probability that every prerequisite is known.
    static func bktLearn(_ learn: Double, prerequisitesKnown: Double, unreadyFactor: Double) -> Double {
        min(1, learn) * (prerequisitesKnown + (1 - prerequisitesKnown) * unreadyFactor)
    }

    /// BKT in expectation: `P(known)` after one answer, `P(1 − forget) + (1 − P) · learnNow`.
    static func bktExpected(known: Double, learnNow: Double, forget: Double) -> Double {
        known * (1 - forget) + (1 - known) * learnNow
    }
}
