import MasteryModel

/// The model's figures on one fold of a tuning run.
public struct TuningFold: Sendable, Codable, Equatable {
    /// 1-based, as reports number folds.
    public var fold: Int
    public var trainingRows: Int
    /// Held-out answers predicted (a multi-skill question counts once).
    public var testAnswers: Int
    public var metrics: MetricSet
}

/// One candidate's cross-validation: its folds and their mean ± std, or why it could not be fitted.
public struct TuningTrial: Sendable, Codable, Equatable {
    public var candidate: TuningCandidate
    public var folds: [TuningFold]
    /// Over ``folds``; nil when the candidate failed.
    public var summary: MetricSummary?
    /// Why the fit failed (for example it diverged with too weak a penalty); such a trial ranks last.
    public var failure: String?
    /// Wall time of all its folds.
    public var seconds: Double

    /// Mean AUC over the folds; nil when failed or when the outcomes are graded scores.
    public var meanAUC: Double? { summary?.auc?.mean }
    public var meanLogLoss: Double? { summary?.logLoss.mean }

    /// The ranking rule: higher mean AUC, then lower mean log-loss, then the simpler model (lower
    /// rank); failed trials last. Candidates still tied keep grid order (decided by the caller).
    static func ranksBefore(_ left: TuningTrial, _ right: TuningTrial) -> Bool? {
        switch (left.summary, right.summary) {
        case (nil, nil): return nil
        case (nil, _): return false
        case (_, nil): return true
        default: break
        }
        let leftAUC = left.meanAUC ?? -.infinity
        let rightAUC = right.meanAUC ?? -.infinity
        if leftAUC != rightAUC { return leftAUC > rightAUC }
        let leftLoss = left.meanLogLoss ?? .infinity
        let rightLoss = right.meanLogLoss ?? .infinity
        if leftLoss != rightLoss { return leftLoss < rightLoss }
        if left.candidate.rank != right.candidate.rank { return left.candidate.rank < right.candidate.rank }
        return nil
    }
}

/// What a tuning run found: every candidate ranked best first, and the configuration to fit.
public struct TuningResult: Sendable, Codable, Equatable {
    public var evaluationProtocol: EvaluationProtocol
    /// Folds every candidate was scored on (the same folds for all).
    public var folds: Int
    /// Rows the tuner was allowed to use.
    public var allowedRows: Int
    /// Best first, by ``TuningTrial`` 's ranking rule.
    public var trials: [TuningTrial]
    /// The base configuration with the best candidate's values.
    public var bestConfiguration: FitConfiguration

    /// The winning trial.
    public var best: TuningTrial { trials[0] }

    /// Records the choice and its cross-validation scores in a model's metadata, so the model file
    /// says how its hyperparameters were chosen: `tune.*` metrics (cvAUC, cvAUCStd, cvLogLoss,
    /// cvLogLossStd, folds, candidates, allowedRows) and the chosen values under `tune.*` in
    /// ``ModelMetadata/training``.
    public func record(in metadata: inout ModelMetadata) {
        let best = best
        if let auc = best.summary?.auc {
            metadata.metrics["tune.cvAUC"] = auc.mean
            if let std = auc.standardDeviation { metadata.metrics["tune.cvAUCStd"] = std }
        }
        if let logLoss = best.summary?.logLoss {
            metadata.metrics["tune.cvLogLoss"] = logLoss.mean
            if let std = logLoss.standardDeviation { metadata.metrics["tune.cvLogLossStd"] = std }
        }
        metadata.metrics["tune.folds"] = Double(folds)
        metadata.metrics["tune.candidates"] = Double(trials.count)
        metadata.metrics["tune.allowedRows"] = Double(allowedRows)
        let candidate = best.candidate
        metadata.training["tune.protocol"] = evaluationProtocol.rawValue
        metadata.training["tune.rank"] = String(candidate.rank)
        metadata.training["tune.lambdaFactors"] = TuningCandidate.formatted(candidate.factorLambda)
        metadata.training["tune.lambdaBias"] = candidate.biasLambda.map(TuningCandidate.formatted) ?? "default"
        metadata.training["tune.halfLife"] = candidate.halfLife.map(TuningCandidate.formatted) ?? "off"
        metadata.training["tune.onlineHalfLife"] = candidate.onlineHalfLife.map(TuningCandidate.formatted) ?? "off"
    }
}
