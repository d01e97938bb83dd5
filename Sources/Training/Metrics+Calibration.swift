import Foundation

extension Metrics {
    /// Expected calibration error over equal-width bins of the predictions:
    /// Σ_b (W_b / W)·|mean p_b − mean y_b|, where W_b is the weight in bin b and the means are
    /// weighted. Empty bins contribute nothing. Outcomes may be graded scores in [0, 1].
    ///
    /// - Returns: nil when the total weight is zero.
    public static func expectedCalibrationError(predictions: [Double], outcomes: [Double], weights: [Double]? = nil,
                                                binCount: Int = ReliabilityTable.defaultBinCount) -> Double? {
        ReliabilityTable(predictions: predictions, outcomes: outcomes, weights: weights, binCount: binCount)
            .expectedCalibrationError
    }
}

/// Predictions grouped into equal-width bins over [0, 1], with the mean prediction and the
/// observed rate in each: the numbers behind a reliability diagram and behind
/// ``Metrics/expectedCalibrationError(predictions:outcomes:weights:binCount:)``.
///
/// Bin b of B covers [b/B, (b+1)/B); the last bin also holds 1. A prediction on a boundary
/// belongs to the bin above it, and membership is decided against the same bounds the table
/// reports, so the printed ranges never disagree with the counts.
public struct ReliabilityTable: Codable, Sendable, Equatable, CustomStringConvertible {
    /// Ten bins, the common choice in the calibration literature.
    public static let defaultBinCount = 10

    /// One range of predictions.
    public struct Bin: Codable, Sendable, Equatable {
        /// Inclusive.
        public var lowerBound: Double
        /// Exclusive, except 1 in the last bin.
        public var upperBound: Double
        /// Rows whose prediction falls in the bin.
        public var count: Int
        /// Their total weight (equal to `count` without weights).
        public var weight: Double
        /// Weighted mean prediction; nil when the bin has no weight.
        public var meanPrediction: Double?
        /// Weighted mean outcome (the observed correct rate); nil when the bin has no weight.
        public var observedRate: Double?

        /// |mean prediction − observed rate|, the bin's calibration gap; nil for an empty bin.
        public var gap: Double? {
            guard let meanPrediction, let observedRate else { return nil }
            return abs(meanPrediction - observedRate)
        }
    }

    /// All bins in ascending order, including empty ones.
    public var bins: [Bin]

    /// Σ_b (W_b / W)·|mean p_b − mean y_b|; nil when the total weight is zero.
    public var expectedCalibrationError: Double? {
        let totalWeight = bins.reduce(0) { $0 + $1.weight }
        guard totalWeight > 0 else { return nil }
        return bins.reduce(0) { sum, bin in sum + bin.weight / totalWeight * (bin.gap ?? 0) }
    }

    /// Bins the rows; inputs as in ``Metrics``.
    public init(predictions: [Double], outcomes: [Double], weights: [Double]? = nil,
                binCount: Int = Self.defaultBinCount) {
        precondition(binCount >= 1, "at least one bin")
        Metrics.checkInputs(predictions: predictions, outcomes: outcomes, weights: weights)
        let lowerBounds = (0..<binCount).map { Double($0) / Double(binCount) }
        var counts = [Int](repeating: 0, count: binCount)
        var weightSums = [Double](repeating: 0, count: binCount)
        var predictionSums = [Double](repeating: 0, count: binCount)
        var outcomeSums = [Double](repeating: 0, count: binCount)
        for row in predictions.indices {
            let prediction = predictions[row]
            let bin = Self.bin(of: prediction, lowerBounds: lowerBounds)
            let weight = weights?[row] ?? 1
            counts[bin] += 1
            weightSums[bin] += weight
            predictionSums[bin] += weight * prediction
            outcomeSums[bin] += weight * outcomes[row]
        }
        bins = (0..<binCount).map { bin in
            let weight = weightSums[bin]
            return Bin(lowerBound: lowerBounds[bin],
                       upperBound: bin + 1 < binCount ? lowerBounds[bin + 1] : 1,
                       count: counts[bin],
                       weight: weight,
                       meanPrediction: weight > 0 ? predictionSums[bin] / weight : nil,
                       observedRate: weight > 0 ? outcomeSums[bin] / weight : nil)
        }
    }

    /// `p·B` rounds, so it can land one bin off the stored bounds near a boundary; the
    /// correction makes the stored bounds the only authority.
    private static func bin(of prediction: Double, lowerBounds: [Double]) -> Int {
        let binCount = lowerBounds.count
        var bin = min(Int(prediction * Double(binCount)), binCount - 1)
        if prediction < lowerBounds[bin] { bin -= 1 }
        if bin + 1 < binCount && prediction >= lowerBounds[bin + 1] { bin += 1 }
        return bin
    }

    /// A fixed-width text table for terminals and logs, one line per bin.
    public var description: String {
        func figure(_ value: Double?) -> String { value.map { String(format: "%8.4f", $0) } ?? "       –" }
        var lines = ["range              count      weight    mean p  observed       gap"]
        for bin in bins {
            let closing = bin.upperBound == 1 ? "]" : ")"
            let range = String(format: "[%.3f, %.3f", bin.lowerBound, bin.upperBound) + closing
            lines.append(range + String(format: " %9ld %11.2f", bin.count, bin.weight)
                         + "  \(figure(bin.meanPrediction))  \(figure(bin.observedRate))  \(figure(bin.gap))")
        }
        return lines.joined(separator: "\n")
    }
}
