#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MasteryData

/// What the planner knows about one student: per skill, the predicted mastery probability and
/// an interval around it. Plain numbers, so the planner needs no model type.
///
/// The interval is what makes "a skill predicted 0.9 from one answer is not mastered" work:
/// by default a skill counts as mastered only when the interval's lower bound reaches the
/// threshold (see ``PlanOptions/requiresConfidentMastery``).
public struct MasteryEstimates: Sendable, Equatable {
    /// Predicted probability of a correct answer on a typical item of each skill.
    public let mastery: [Double]
    /// Lower end of each skill's interval.
    public let lower: [Double]
    /// Upper end of each skill's interval.
    public let upper: [Double]

    /// The number of skills (the length of each array).
    public var skillCount: Int { mastery.count }

    /// Estimates with explicit intervals; every value must lie in [0, 1] with
    /// `lower ≤ mastery ≤ upper`.
    public init(mastery: [Double], lower: [Double], upper: [Double]) throws(PlanningError) {
        guard lower.count == mastery.count else {
            throw .countMismatch(what: "lower bounds", expected: mastery.count, actual: lower.count)
        }
        guard upper.count == mastery.count else {
            throw .countMismatch(what: "upper bounds", expected: mastery.count, actual: upper.count)
        }
        try Self.validate(mastery.indices, mastery: mastery, lower: lower, upper: upper)
        self.init(validated: mastery, lower: lower, upper: upper)
    }

    /// Estimates whose every value the caller has already validated.
    init(validated mastery: [Double], lower: [Double], upper: [Double]) {
        self.mastery = mastery
        self.lower = lower
        self.upper = upper
    }

    /// Throws for the first of `skills` whose values are not `0 ≤ lower ≤ mastery ≤ upper ≤ 1`.
    static func validate(_ skills: some Sequence<Int>, mastery: [Double], lower: [Double], upper: [Double]) throws(PlanningError) {
        try mastery.withUnsafeBufferPointer { (mastery) throws(PlanningError) in
            try lower.withUnsafeBufferPointer { (lower) throws(PlanningError) in
                try upper.withUnsafeBufferPointer { (upper) throws(PlanningError) in
                    for skill in skills {
                        // Written so that NaN fails every comparison and is rejected.
                        guard lower[skill] >= 0, lower[skill] <= mastery[skill], mastery[skill] <= upper[skill], upper[skill] <= 1 else {
                            throw .invalidEstimate(skill: skill, mastery: mastery[skill], lower: lower[skill], upper: upper[skill])
                        }
                    }
                }
            }
        }
    }

    /// Estimates whose uncertainty is a standard deviation on the logit scale (what the model's
    /// fold-in gives): the interval is `σ(logit(p) ± z·sd)` with `z` the two-sided normal
    /// quantile of `confidenceLevel` (1.96 for 0.95).
    public init(mastery: [Double], logitStandardDeviations: [Double], confidenceLevel: Double = 0.95) throws(PlanningError) {
        guard logitStandardDeviations.count == mastery.count else {
            throw .countMismatch(what: "logit standard deviations", expected: mastery.count,
                                 actual: logitStandardDeviations.count)
        }
        do throws(ProbabilityOutOfRange) {
            _ = try ConfidenceLevel(confidenceLevel, name: "confidence level")
        } catch {
            throw .invalidOption(error.description)
        }
        let z = NormalDistribution.twoSidedQuantile(confidenceLevel)
        var lower = [Double](repeating: 0, count: mastery.count)
        var upper = lower
        for skill in mastery.indices {
            let p = mastery[skill], spread = z * logitStandardDeviations[skill]
            guard p >= 0, p <= 1, spread >= 0, spread.isFinite else {
                throw .invalidEstimate(skill: skill, mastery: p, lower: .nan, upper: .nan)
            }
            // logit(0) = -∞ and logit(1) = +∞ map back to 0 and 1, so the ends need no special case.
            let logit = log(p / (1 - p))
            lower[skill] = min(p, Self.logistic(logit - spread))
            upper[skill] = max(p, Self.logistic(logit + spread))
        }
        try self.init(mastery: mastery, lower: lower, upper: upper)
    }

    /// Point estimates taken as certain (interval of width zero): for callers without
    /// uncertainty, and for tests.
    public init(certain mastery: [Double]) throws(PlanningError) {
        try self.init(mastery: mastery, lower: mastery, upper: mastery)
    }

    static func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
}
