import LinearAlgebra

/// One graded answer of a student, as fold-in takes it.
public struct StudentAnswer: Sendable, Equatable {
    /// Skill indices of the question (usually one; a multi-skill question shares its weight).
    public var skills: [Int]
    /// Item index in the model, if the question is known to it.
    public var item: Int?
    /// 0/1 correctness, or a score in [0, 1].
    public var outcome: Double
    /// Unix seconds, used only by a recency half-life in days.
    public var time: Double?

    /// An answer to a question tagged with `skills` (indices into the model's skills).
    public init(skills: [Int], item: Int? = nil, outcome: Double, time: Double? = nil) {
        self.skills = skills
        self.item = item
        self.outcome = outcome
        self.time = time
    }

    /// An answer to a question of the single skill `skill`.
    public init(skill: Int, item: Int? = nil, outcome: Double, time: Double? = nil) {
        self.init(skills: [skill], item: item, outcome: outcome, time: time)
    }
}

/// A student's estimated parameters with their uncertainty.
public struct StudentEstimate: Sendable, Equatable {
    /// `b_u`.
    public var bias: Double
    /// `p_u`, `rank` values.
    public var factors: [Double]
    /// Covariance of `(b_u, p_u)` (the inverse of the student's normal matrix, the Laplace
    /// approximation), `(rank+1)²` values, column-major and symmetric; zeros when unknown.
    public var covariance: [Double]
    /// The normal matrix at the estimate (prior penalty plus the answers' curvature): the
    /// precision a ``StudentState`` continues from.
    public var precision: [Double]
    /// Practice so far per skill: answers right, a score as that fraction of one (no recency discount).
    public var wins: PracticeTally
    /// Practice so far per skill: answers wrong, `1 − outcome` each (no recency discount).
    public var fails: PracticeTally
    /// The number of answers folded in (a question with several skills counts once).
    public var answerCount: Int
    /// Per skill, the right answers at the end of the log in a row (see
    /// ``StudentState/rightAnswersInARow``).
    public var rightAnswersInARow: [Int: Int] = [:]
    /// What the further practice features of the next answer need (empty unless the model has one
    /// that reads the order of the answers, ``MasteryModel/keepsAnswerHistory``).
    public var history = PracticeHistory()
    /// Newton iterations the fold-in took.
    public var iterations: Int
}

/// Mastery of one skill: the probability of a correct answer on a typical question of the skill,
/// with an interval from the estimate's uncertainty.
public struct Mastery: Sendable, Equatable {
    /// The link of the logit on a typical item: the probability of a correct answer, or the
    /// predicted score (gaussian).
    public var probability: Double
    /// The interval's lower end: the link of the logit minus `z` standard deviations.
    public var lower: Double
    /// The interval's upper end: the link of the logit plus `z` standard deviations.
    public var upper: Double
    /// Standard deviation of the logit.
    public var logitStandardDeviation: Double
}

/// Why a student's answers could not be folded in; `Recommend` maps each to a `RecommendError`.
public enum FoldInError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An answer names a skill index outside the model.
    case unknownSkill(Int)
    /// An answer names an item index outside the model.
    case unknownItem(Int)
    /// An outcome outside [0, 1] (NaN included).
    case outcomeOutOfRange(Double)
    /// Nothing to estimate from: the caller should use the population prior instead.
    case noAnswers
    /// The solver's Newton steps did not settle within the iteration limit: a limit of the
    /// solver, never a fault of the answers (each step is step-controlled, so the objective falls).
    case notConverged(iterations: Int)

    /// A one-line message with the offending index, outcome or iteration count.
    public var description: String {
        switch self {
        case let .unknownSkill(skill): "skill index \(skill) is not in the model"
        case let .unknownItem(item): "item index \(item) is not in the model"
        case let .outcomeOutOfRange(value): "outcome \(value) is not in [0, 1]"
        case .noAnswers: "no answers to fold in"
        case let .notConverged(iterations):
            "the fold-in solver did not settle within \(iterations) Newton steps (a limit of the solver, not a fault of the answers)"
        }
    }
}

extension MasteryModel {
    /// The probability of a correct answer (logistic), or the predicted score clipped to [0, 1]
    /// (gaussian), for a logit.
    @inline(__always)
    public func probability(ofLogit z: Double) -> Double {
        kind == .logistic ? RidgeNewtonSolver.sigmoid(z) : Swift.min(Swift.max(z, 0), 1)
    }

    /// Mastery from a logit and its standard deviation: the link of the logit and of ±`z` deviations.
    func mastery(logit: Double, deviation: Double, z: Double) -> Mastery {
        Mastery(probability: probability(ofLogit: logit), lower: probability(ofLogit: logit - z * deviation),
                upper: probability(ofLogit: logit + z * deviation), logitStandardDeviation: deviation)
    }

    /// The part of a row's logit that does not depend on the student: `μ + b_s + b_i + γ⁺ℓw + γ⁻ℓf`.
    @inline(__always)
    public func studentFreeLogit(skill: Int, item: Int?, logWins: Double, logFails: Double) -> Double {
        var value = globalBias + skillBias[skill] + gainCorrect[skill] * logWins + gainWrong[skill] * logFails
        if let item { value += itemBias[item] }
        return value
    }

    /// ``studentFreeLogit(skill:item:logWins:logFails:)`` plus the further practice terms:
    /// `practice` holds ``practiceStride`` values, as ``AnswerFeatures`` writes them.
    @inline(__always)
    package func studentFreeLogit(skill: Int, item: Int?, practice: UnsafePointer<Float>) -> Double {
        var value = studentFreeLogit(skill: skill, item: item, logWins: Double(practice[0]), logFails: Double(practice[1]))
        let features = skillCount == 0 ? 0 : practiceWeights.count / skillCount
        if features > 0 {
            let weights = practiceWeights.buffer.baseAddress! + skill * features
            for feature in 0..<features { value += weights[feature] * Double(practice[2 + feature]) }
        }
        return value
    }

    /// Mastery of `skill` for a student: σ of the logit on a typical item (`b_i = 0`) with the
    /// practice counts so far, and an interval of ±`z` standard deviations of the logit.
    ///
    /// An estimate carries lifetime counts only, so the terms of ``practiceFeatures`` (windows,
    /// streaks, time since) are left out: for a model fitted with them, ask a `StudentState`,
    /// which keeps the answer history they are computed from.
    public func mastery(of student: StudentEstimate, skill: Int, z: Double = 1.96) -> Mastery {
        let logWins = log1p(student.wins[skill] ?? 0)
        let logFails = log1p(student.fails[skill] ?? 0)
        var logit = studentFreeLogit(skill: skill, item: nil, logWins: logWins, logFails: logFails) + student.bias
        for j in 0..<rank { logit += student.factors[j] * skillFactors[skill * rank + j] }
        // Var(x·θ) = xᵀ Σ x with x = (1, q_s).
        let dimension = rank + 1
        var variance = 0.0
        for a in 0..<dimension {
            let xa = a == 0 ? 1 : skillFactors[skill * rank + a - 1]
            for b in 0..<dimension {
                let xb = b == 0 ? 1 : skillFactors[skill * rank + b - 1]
                variance += xa * student.covariance[a * dimension + b] * xb
            }
        }
        let deviation = max(variance, 0).squareRoot()
        return mastery(logit: logit, deviation: deviation, z: z)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
