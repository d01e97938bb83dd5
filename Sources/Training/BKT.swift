import Foundation

/// Bayesian Knowledge Tracing (Corbett & Anderson 1995), the analyst's first yardstick: each skill
/// is a two-state hidden Markov model — the student knows it or not — with per-skill probabilities
/// of knowing it before the first answer (`prior`), of learning it at each answer (`learn`), of
/// forgetting it (`forget`, 0 in standard BKT), of a wrong answer when known (`slip`) and of a
/// right one when not (`guess`).
///
/// It is a training-side yardstick (see DESIGN.md): reports put it beside Rasch and the model,
/// fitted on the same training rows and predicting the same held-out answers.
public struct BKTParameters: Sendable, Equatable, Codable {
    public var prior: Double
    public var learn: Double
    public var forget: Double
    public var slip: Double
    public var guess: Double

    public init(prior: Double, learn: Double, forget: Double = 0, slip: Double, guess: Double) {
        self.prior = prior
        self.learn = learn
        self.forget = forget
        self.slip = slip
        self.guess = guess
    }

    /// P(correct) given the probability `known` that the skill is known.
    @inline(__always)
    public func probabilityCorrect(known: Double) -> Double {
        known * (1 - slip) + (1 - known) * guess
    }

    /// The probability the skill is known at the next answer, after seeing `outcome` (0/1, or a
    /// graded score read as soft evidence) when it was `known` before: Bayes' rule on the
    /// emission, then one step of the learn/forget transition.
    @inline(__always)
    public func update(known: Double, outcome: Double) -> Double {
        let (right, wrong) = emissions(outcome)
        let evidenceKnown = known * right
        let evidence = evidenceKnown + (1 - known) * wrong
        let posterior = evidenceKnown / evidence
        return posterior * (1 - forget) + (1 - posterior) * learn
    }

    /// The likelihood of `outcome` when the skill is known and when it is not: `(1 − slip, guess)`
    /// for a right answer, `(slip, 1 − guess)` for a wrong one, and `p^y (1 − p)^(1 − y)` for a
    /// graded score y (the same M-step then fits fractional counts).
    @inline(__always)
    func emissions(_ outcome: Double) -> (known: Double, unknown: Double) {
        if outcome == 1 { return (1 - slip, guess) }
        if outcome == 0 { return (slip, 1 - guess) }
        return (pow(1 - slip, outcome) * pow(slip, 1 - outcome), pow(guess, outcome) * pow(1 - guess, 1 - outcome))
    }
}

/// How BKT is fitted: the variant, the bounds on its parameters, and when EM stops.
public struct BKTOptions: Sendable, Equatable {
    /// Fit a forgetting probability (BKT+F); standard BKT holds it at 0.
    public var forgetting: Bool
    /// EM iterations at most per skill.
    public var maxIterations: Int
    /// EM stops when an iteration raises the log-likelihood by less than this, relative to it.
    public var tolerance: Double
    public var threads: Int

    /// Slip and guess stay at or below this: above ½ a "known" state would answer worse than an
    /// unknown one (the two states would swap meaning), the customary identifiability bound.
    public static let maximumSlipOrGuess = 0.5
    /// Every probability stays this far from 0 and 1, so that no answer has likelihood 0 and the
    /// forward-backward ratios stay finite.
    public static let margin = 1e-4

    public init(forgetting: Bool = false, maxIterations: Int = 200, tolerance: Double = 1e-7,
                threads: Int = FitConfiguration.availableCores) {
        self.forgetting = forgetting
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.threads = threads
    }

    /// Where EM starts for every skill: fixed values (not random restarts), so a fit is repeatable
    /// bit for bit — a middling prior, slow learning, little forgetting, and slip below guess.
    public var initialParameters: BKTParameters {
        BKTParameters(prior: 0.5, learn: 0.1, forget: forgetting ? 0.05 : 0, slip: 0.1, guess: 0.2)
    }

    /// `parameters` moved into the bounds: each within [margin, 1 − margin], slip and guess at most
    /// ``maximumSlipOrGuess``, forget 0 unless ``forgetting``. Each of BKT's M-step updates
    /// maximizes a function `a·log x + b·log(1 − x)`, concave in x, so clamping the unconstrained
    /// maximizer gives the constrained one and EM still never lowers the likelihood.
    func bounded(_ parameters: BKTParameters) -> BKTParameters {
        func unit(_ value: Double) -> Double { min(max(value, Self.margin), 1 - Self.margin) }
        return BKTParameters(prior: unit(parameters.prior), learn: unit(parameters.learn),
                             forget: forgetting ? unit(parameters.forget) : 0,
                             slip: min(unit(parameters.slip), Self.maximumSlipOrGuess),
                             guess: min(unit(parameters.guess), Self.maximumSlipOrGuess))
    }
}

/// Fitted BKT: parameters per skill, with the skills that had no training answer given the
/// parameters fitted on every skill's sequences pooled.
public struct BKTModel: Sendable {
    public var options: BKTOptions
    public var skills: [BKTParameters]
    /// EM's log-likelihood of the training sequences per skill, after each iteration (empty for a
    /// skill with no training answer).
    public var logLikelihoods: [[Double]]

    /// Probability of a correct answer on an answer tagged with `skills`, each skill known with the
    /// probability in `known`: a multi-skill question is predicted once, by the mean of its skills'
    /// logits, as every model of the evaluator predicts it.
    static func probability(skills: some Collection<Int>, known: (Int) -> Double, parameters: [BKTParameters]) -> Double {
        if skills.count == 1, let skill = skills.first { return parameters[skill].probabilityCorrect(known: known(skill)) }
        var logit = 0.0
        for skill in skills {
            let p = parameters[skill].probabilityCorrect(known: known(skill))
            logit += log(p / (1 - p))
        }
        return 1 / (1 + exp(-logit / Double(skills.count)))
    }
}
