/// Rows left out under `--skip-invalid`: how many, why, and the first few of each kind, so that
/// nothing is dropped without a trace.
public struct SkipReport: Sendable, Equatable {
    public private(set) var counts: [InputError.Reason: Int] = [:]
    /// Up to ``examplesPerReason`` errors of each reason, in file order.
    public private(set) var examples: [InputError] = []
    public static let examplesPerReason = 3

    public init() {}

    public var total: Int { counts.values.reduce(0, +) }
    public var isEmpty: Bool { counts.isEmpty }

    public mutating func record(_ error: InputError) {
        let seen = counts[error.reason, default: 0]
        counts[error.reason] = seen + 1
        if seen < Self.examplesPerReason { examples.append(error) }
    }

    public mutating func merge(_ other: SkipReport) {
        for (reason, count) in other.counts { counts[reason, default: 0] += count }
        for example in other.examples where examples.filter({ $0.reason == example.reason }).count < Self.examplesPerReason {
            examples.append(example)
        }
    }

    /// Reasons with their counts, most frequent first.
    public var summary: [(reason: InputError.Reason, count: Int)] {
        counts.map { ($0.key, $0.value) }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.reason.rawValue < $1.reason.rawValue }
    }
}

/// Applies the `--skip-invalid` policy in one place: throw the first error, or record it and go on.
struct RowErrorPolicy {
    let skipInvalid: Bool
    var skipped = SkipReport()

    mutating func handle(_ error: InputError) throws(InputError) {
        guard skipInvalid else { throw error }
        skipped.record(error)
    }
}
