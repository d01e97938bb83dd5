import Foundation

/// Evaluation metrics over predicted probabilities and observed outcomes, with the standard
/// definitions of the student-modeling literature so reports can be compared with published
/// figures.
///
/// Every function takes `predictions` (probabilities in [0, 1]), `outcomes` (0/1 correctness,
/// or graded scores in [0, 1] where a metric allows them) and optional non-negative `weights`
/// (nil means weight 1 for every row). Means are weighted means: Σ wᵢ·xᵢ / Σ wᵢ.
///
/// No function returns NaN: where a metric is undefined (no rows, every weight zero, or for
/// AUC only one class) it returns nil. Inputs of different lengths, predictions outside
/// [0, 1] or NaN, outcomes outside [0, 1], and negative or non-finite weights are programming
/// errors and stop with a precondition failure.
public enum Metrics {
    /// Log-loss clips predictions to [ε, 1 − ε] with this ε, the value scikit-learn used for
    /// years, so that a confident wrong prediction costs −log ε ≈ 34.5 instead of infinity.
    public static let logLossClipping = 1e-15

    /// Predictions at or above this value count as predicting a correct answer.
    public static let accuracyThreshold = 0.5

    /// The weighted mean of −[y·log p + (1 − y)·log(1 − p)], with p clipped to
    /// [``logLossClipping``, 1 − ``logLossClipping``]. Graded outcomes in [0, 1] give the
    /// cross-entropy. nil when the total weight is zero.
    public static func logLoss(predictions: [Double], outcomes: [Double], weights: [Double]? = nil) -> Double? {
        checkInputs(predictions: predictions, outcomes: outcomes, weights: weights)
        return weightedMean(count: predictions.count, weights: weights) { row in
            let p = min(max(predictions[row], logLossClipping), 1 - logLossClipping)
            let y = outcomes[row]
            return -(y * log(p) + (1 - y) * log(1 - p))
        }
    }

    /// Root mean squared error: √(Σ wᵢ(pᵢ − yᵢ)² / Σ wᵢ). Outcomes may be graded scores in
    /// [0, 1]. nil when the total weight is zero.
    public static func rmse(predictions: [Double], outcomes: [Double], weights: [Double]? = nil) -> Double? {
        checkInputs(predictions: predictions, outcomes: outcomes, weights: weights)
        let meanSquare = weightedMean(count: predictions.count, weights: weights) { row in
            let error = predictions[row] - outcomes[row]
            return error * error
        }
        return meanSquare.map { $0.squareRoot() }
    }

    /// The weighted share of rows whose predicted class matches the outcome, where p ≥ 0.5
    /// predicts 1: a prediction of exactly 0.5 counts as predicting a correct answer (the
    /// convention of `p >= threshold` classifiers). Outcomes must be 0 or 1. nil when the
    /// total weight is zero.
    public static func accuracy(predictions: [Double], outcomes: [Double], weights: [Double]? = nil) -> Double? {
        checkInputs(predictions: predictions, outcomes: outcomes, weights: weights)
        checkBinary(outcomes)
        return weightedMean(count: predictions.count, weights: weights) { row in
            let predictsCorrect = predictions[row] >= accuracyThreshold
            return predictsCorrect == (outcomes[row] == 1) ? 1 : 0
        }
    }

    /// The weighted mean prediction. Compared with ``meanOutcome(predictions:outcomes:weights:)``
    /// it shows overall bias (calibration-in-the-large). nil when the total weight is zero.
    public static func meanPrediction(predictions: [Double], outcomes: [Double], weights: [Double]? = nil) -> Double? {
        checkInputs(predictions: predictions, outcomes: outcomes, weights: weights)
        return weightedMean(count: predictions.count, weights: weights) { predictions[$0] }
    }

    /// The weighted mean outcome (the observed correct rate, or the mean score). nil when the
    /// total weight is zero.
    public static func meanOutcome(predictions: [Double], outcomes: [Double], weights: [Double]? = nil) -> Double? {
        checkInputs(predictions: predictions, outcomes: outcomes, weights: weights)
        return weightedMean(count: outcomes.count, weights: weights) { outcomes[$0] }
    }

    // MARK: - Shared by every metric

    /// Stops on inputs no metric can give a meaningful number for (see ``Metrics``).
    static func checkInputs(predictions: [Double], outcomes: [Double], weights: [Double]?) {
        precondition(predictions.count == outcomes.count,
                     "\(predictions.count) predictions but \(outcomes.count) outcomes")
        // `contains` on a closed range is false for NaN, so these also reject NaN.
        precondition(predictions.allSatisfy { (0...1).contains($0) }, "predictions must be probabilities in [0, 1]")
        precondition(outcomes.allSatisfy { (0...1).contains($0) }, "outcomes must lie in [0, 1]")
        if let weights {
            precondition(weights.count == predictions.count,
                         "\(weights.count) weights but \(predictions.count) predictions")
            precondition(weights.allSatisfy { $0 >= 0 && $0.isFinite }, "weights must be finite and non-negative")
        }
    }

    /// AUC and accuracy are defined for correct/incorrect outcomes only.
    static func checkBinary(_ outcomes: [Double]) {
        precondition(isBinary(outcomes), "outcomes must be 0 or 1")
    }

    static func isBinary(_ outcomes: [Double]) -> Bool {
        outcomes.allSatisfy { $0 == 0 || $0 == 1 }
    }

    /// Σ wᵢ·value(i) / Σ wᵢ over rows 0..<count, nil when Σ wᵢ is zero.
    static func weightedMean(count: Int, weights: [Double]?, _ value: (Int) -> Double) -> Double? {
        var weightedSum = 0.0
        var totalWeight = 0.0
        for row in 0..<count {
            let weight = weights?[row] ?? 1
            weightedSum += weight * value(row)
            totalWeight += weight
        }
        return totalWeight > 0 ? weightedSum / totalWeight : nil
    }
}
