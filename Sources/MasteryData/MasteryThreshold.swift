/// The mastery probability at which a skill counts as mastered, checked once where it enters:
/// every command-line option, request field and library call that takes a threshold builds one,
/// so the rule and its message have one owner.
public struct MasteryThreshold: Sendable, Hashable {
    public let value: Double

    /// A path's threshold, in (0, 1]: at 1 a skill counts as mastered only when certain.
    public init(_ value: Double, name: String = "threshold") throws(ProbabilityOutOfRange) {
        self.value = try ProbabilityOutOfRange.check(value, name: name, above: 0, below: 1, upperIncluded: true,
                                                     meaning: "the mastery probability at which a skill counts as mastered")
    }

    /// A diagnostic's threshold, in (0, 1): a diagnostic decides whether each skill's mastery lies
    /// above it, which no answers could ever show for 1.
    public init(decidable value: Double, name: String = "threshold") throws(ProbabilityOutOfRange) {
        self.value = try ProbabilityOutOfRange.check(value, name: name, above: 0, below: 1, upperIncluded: false,
                                                     meaning: "the mastery probability a diagnostic decides each skill to lie above or below")
    }
}
