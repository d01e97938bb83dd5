import ArgumentParser

/// The bounds of lotrinh-path's numeric options, refused before any file is read with the same
/// wording as lotrinh-train's ("--NAME must be between A and B, got V"): a NaN, an infinity or a
/// count in the millions is a typo, and would otherwise run for minutes or print nonsense.
enum OptionBounds {
    /// Far above any curriculum (a path has at most one step per skill), small enough to print.
    static let maximumSteps = 1_000_000
    /// More answers than any report shows.
    static let maximumEvidence = 10_000
    /// Steps compared when grouping students; a path's head, not its whole.
    static let maximumGroupSteps = 1_000

    static func check(_ name: String, _ value: Int, in range: ClosedRange<Int>) throws {
        guard range.contains(value) else {
            throw ValidationError("\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
    }

    /// A probability-like option: finite and within the bounds (each end included or not as said).
    static func check(_ name: String, _ value: Double, above lower: Double, orEqual lowerIncluded: Bool,
                      below upper: Double, orEqual upperIncluded: Bool) throws {
        let aboveLower = lowerIncluded ? value >= lower : value > lower
        let belowUpper = upperIncluded ? value <= upper : value < upper
        guard value.isFinite, aboveLower, belowUpper else {
            let range = (lowerIncluded ? "[" : "(") + "\(lower.formatted), \(upper.formatted)" + (upperIncluded ? "]" : ")")
            throw ValidationError("\(name) must be a number in \(range), got \(value)")
        }
    }
}

private extension Double {
    /// "0" and "1" rather than "0.0" and "1.0" in messages.
    var formatted: String { self == rounded() ? String(Int(self)) : String(self) }
}
