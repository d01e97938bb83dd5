/// Every metric of one evaluation (a model or a baseline on one test set), computed together
/// so reports always carry the same figures with the same definitions (see ``Metrics``).
public struct MetricSet: Codable, Sendable, Equatable {
    /// Rows evaluated (weights do not change it).
    public var count: Int
    /// ``Metrics/auc(predictions:outcomes:weights:)``; nil when only one class is present or
    /// the outcomes are graded scores rather than 0/1.
    public var auc: Double?
    /// ``Metrics/logLoss(predictions:outcomes:weights:)`` (the cross-entropy for graded scores).
    public var logLoss: Double
    /// ``Metrics/rmse(predictions:outcomes:weights:)``.
    public var rmse: Double
    /// ``Metrics/accuracy(predictions:outcomes:weights:)``; nil when the outcomes are graded
    /// scores rather than 0/1.
    public var accuracy: Double?
    /// ``Metrics/expectedCalibrationError(predictions:outcomes:weights:binCount:)`` with the
    /// default ten bins.
    public var calibrationError: Double
    /// ``Metrics/meanPrediction(predictions:outcomes:weights:)``.
    public var meanPrediction: Double
    /// ``Metrics/meanOutcome(predictions:outcomes:weights:)``.
    public var meanOutcome: Double

    /// Computes every metric; inputs as in ``Metrics``. nil when there are no rows or every
    /// weight is zero, where no metric is defined.
    public init?(predictions: [Double], outcomes: [Double], weights: [Double]? = nil) {
        guard let logLoss = Metrics.logLoss(predictions: predictions, outcomes: outcomes, weights: weights),
              let rmse = Metrics.rmse(predictions: predictions, outcomes: outcomes, weights: weights),
              let calibrationError = Metrics.expectedCalibrationError(predictions: predictions, outcomes: outcomes,
                                                                      weights: weights),
              let meanPrediction = Metrics.meanPrediction(predictions: predictions, outcomes: outcomes, weights: weights),
              let meanOutcome = Metrics.meanOutcome(predictions: predictions, outcomes: outcomes, weights: weights)
        else { return nil }
        let isBinary = Metrics.isBinary(outcomes)
        self.init(count: predictions.count,
                  auc: isBinary ? Metrics.auc(predictions: predictions, outcomes: outcomes, weights: weights) : nil,
                  logLoss: logLoss,
                  rmse: rmse,
                  accuracy: isBinary ? Metrics.accuracy(predictions: predictions, outcomes: outcomes, weights: weights) : nil,
                  calibrationError: calibrationError,
                  meanPrediction: meanPrediction,
                  meanOutcome: meanOutcome)
    }

    /// From figures computed elsewhere, for example read back from a model file's metadata.
    public init(count: Int, auc: Double?, logLoss: Double, rmse: Double, accuracy: Double?,
                calibrationError: Double, meanPrediction: Double, meanOutcome: Double) {
        self.count = count
        self.auc = auc
        self.logLoss = logLoss
        self.rmse = rmse
        self.accuracy = accuracy
        self.calibrationError = calibrationError
        self.meanPrediction = meanPrediction
        self.meanOutcome = meanOutcome
    }
}
