/// A probability-like setting (a mastery threshold, a confidence level) outside the range its
/// rule allows: names the setting as its user wrote it, the range, the value and what it means.
public struct ProbabilityOutOfRange: Error, Sendable, Equatable, CustomStringConvertible {
    /// The setting as the caller's user knows it: `--threshold` on a command line, `threshold` in JSON.
    public let name: String
    public let value: Double
    /// The allowed range, ends open or closed as in "(0, 1]".
    public let range: String
    /// What the setting means, so the message says why the range is what it is.
    public let meaning: String

    public var description: String { "\(name) must be a number in \(range), got \(value): \(meaning)" }

    /// `value` when it lies above `lower` and below `upper` (or at it, with `upperIncluded`);
    /// written so that NaN fails too (every comparison with NaN is false).
    static func check(_ value: Double, name: String, above lower: Double, below upper: Double, upperIncluded: Bool,
                      meaning: String) throws(ProbabilityOutOfRange) -> Double {
        guard value > lower, upperIncluded ? value <= upper : value < upper else {
            let range = "(\(Self.shown(lower)), \(Self.shown(upper))" + (upperIncluded ? "]" : ")")
            throw ProbabilityOutOfRange(name: name, value: value, range: range, meaning: meaning)
        }
        return value
    }

    /// "0" and "1" rather than "0.0" and "1.0", "0.5" as it is.
    private static func shown(_ bound: Double) -> String {
        bound == bound.rounded() ? String(Int(bound)) : String(bound)
    }
}
