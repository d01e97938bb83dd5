import Foundation

/// Each metric over the folds of a cross-validation as `mean ± std`, the form the
/// student-modeling literature reports.
public struct MetricSummary: Codable, Sendable, Equatable {
    /// One metric over the folds that have it.
    public struct Statistic: Codable, Sendable, Equatable, CustomStringConvertible {
        /// Folds the figures come from (fewer than all when a fold had no AUC).
        public var folds: Int
        /// The mean over those folds.
        public var mean: Double
        /// The sample standard deviation, √(Σ(x − mean)² / (k − 1)); nil for a single fold,
        /// where it is undefined.
        public var standardDeviation: Double?

        /// Mean and sample standard deviation of `values`, which must not be empty.
        public init(_ values: [Double]) {
            precondition(!values.isEmpty, "a statistic needs at least one value")
            folds = values.count
            // The second pass corrects the rounding of the first (the corrected two-pass
            // algorithm), so identical folds have exactly their value as mean and zero spread.
            let roughMean = values.reduce(0, +) / Double(values.count)
            mean = roughMean + values.reduce(0) { $0 + ($1 - roughMean) } / Double(values.count)
            if values.count > 1 {
                let squaredDeviations = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
                standardDeviation = (squaredDeviations / Double(values.count - 1)).squareRoot()
            }
        }

        /// `mean ± std` with four decimals, with the fold count when some folds lacked the metric.
        public func formatted(totalFolds: Int) -> String {
            var text = String(format: "%.4f", mean)
            if let standardDeviation { text += String(format: " ± %.4f", standardDeviation) }
            if folds < totalFolds { text += " (\(folds) of \(totalFolds) folds)" }
            return text
        }

        /// `mean ± std` with four decimals.
        public var description: String { formatted(totalFolds: folds) }
    }

    /// The number of folds summarised.
    public var folds: Int
    /// Rows per fold.
    public var count: Statistic
    /// Over the folds that have an AUC; nil when none has.
    public var auc: Statistic?
    /// ``MetricSet/logLoss`` over all folds.
    public var logLoss: Statistic
    /// ``MetricSet/rmse`` over all folds.
    public var rmse: Statistic
    /// Over the folds that have an accuracy; nil when none has.
    public var accuracy: Statistic?
    /// ``MetricSet/calibrationError`` over all folds.
    public var calibrationError: Statistic
    /// ``MetricSet/meanPrediction`` over all folds.
    public var meanPrediction: Statistic
    /// ``MetricSet/meanOutcome`` over all folds.
    public var meanOutcome: Statistic

    /// Summarises the metric sets of the folds, which must not be empty.
    public init(folds sets: [MetricSet]) {
        precondition(!sets.isEmpty, "a summary needs at least one fold")
        func statistic(_ figure: (MetricSet) -> Double?) -> Statistic? {
            let values = sets.compactMap(figure)
            return values.isEmpty ? nil : Statistic(values)
        }
        folds = sets.count
        count = Statistic(sets.map { Double($0.count) })
        auc = statistic(\.auc)
        logLoss = Statistic(sets.map(\.logLoss))
        rmse = Statistic(sets.map(\.rmse))
        accuracy = statistic(\.accuracy)
        calibrationError = Statistic(sets.map(\.calibrationError))
        meanPrediction = Statistic(sets.map(\.meanPrediction))
        meanOutcome = Statistic(sets.map(\.meanOutcome))
    }
}
