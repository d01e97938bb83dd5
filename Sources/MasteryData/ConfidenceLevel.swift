/// How sure an interval or a decision about mastery must be, checked once where it enters: every
/// command-line option, request field and library call that takes a confidence builds one, so
/// the rule and its message have one owner.
public struct ConfidenceLevel: Sendable, Hashable {
    public let value: Double

    /// A two-sided interval's level, in (0, 1), e.g. 0.95 for 95 % intervals.
    public init(_ value: Double, name: String = "confidence") throws(ProbabilityOutOfRange) {
        self.value = try ProbabilityOutOfRange.check(value, name: name, above: 0, below: 1, upperIncluded: false,
                                                     meaning: "the share of intervals that hold the true mastery, e.g. 0.95")
    }

    /// A decision's level, in (0.5, 1): how sure a diagnostic must be that mastery lies on one
    /// side of the threshold; at one half or below, either side would do.
    public init(decision value: Double, name: String = "confidence") throws(ProbabilityOutOfRange) {
        self.value = try ProbabilityOutOfRange.check(value, name: name, above: 0.5, below: 1, upperIncluded: false,
                                                     meaning: "how sure a decision that mastery lies above or below the threshold must be")
    }
}
