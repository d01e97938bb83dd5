import Dispatch
import MasteryData
import MasteryModel

/// What to tune, on which rows, and how candidates are scored.
public struct TuningOptions: Sendable {
    /// `online` makes student folds, `random` answer folds (see ``EvaluationProtocol``).
    public var evaluationProtocol: EvaluationProtocol
    public var space: TuningSpace
    public var search: TuningSearch
    /// Cross-validation folds made inside ``allowedRows``, 2 to 255.
    public var folds: Int
    /// Everything not tuned: terms, practice λ, sweeps, tolerance, threads, the recency unit, and
    /// the seed (which also deals the folds).
    public var base: FitConfiguration
    /// The rows tuning may use, e.g. every row except a final test split; nil for all. Excluded
    /// rows are never trained on, held out or scored, and — as in every fit — their outcomes do not
    /// reach the practice counts of the rows after them.
    public var allowedRows: [Int]?
    /// The dataset's prerequisite graph, for the related practice features (``PracticeFeature/relatedWins``).
    public var graph: PrerequisiteGraph?
    /// Called after each candidate with the trial and how many candidates are done and in all.
    public var progress: (@Sendable (_ trial: TuningTrial, _ done: Int, _ total: Int) -> Void)?

    public init(evaluationProtocol: EvaluationProtocol, space: TuningSpace, search: TuningSearch = .grid, folds: Int = 3,
                base: FitConfiguration = FitConfiguration(), allowedRows: [Int]? = nil, graph: PrerequisiteGraph? = nil,
                progress: (@Sendable (_ trial: TuningTrial, _ done: Int, _ total: Int) -> Void)? = nil) {
        self.evaluationProtocol = evaluationProtocol
        self.space = space
        self.search = search
        self.folds = folds
        self.base = base
        self.allowedRows = allowedRows
        self.graph = graph
        self.progress = progress
    }
}

public enum TuningError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptySpace(String)
    case invalidValue(list: String, value: String, expected: String)
    case invalidTrials(Int)
    case invalidFoldCount(Int)
    case allowedRowOutOfRange(Int, rowCount: Int)
    case answerSplitByAllowedRows(row: Int)
    case tooFewHeldOutUnits(available: Int, folds: Int, unit: String)
    /// A failure that no candidate can avoid (e.g. an invalid base configuration).
    case training(TrainingError)

    public var description: String {
        switch self {
        case let .emptySpace(list): "the list of \(list) to try is empty"
        case let .invalidValue(list, value, expected): "\(value) in the \(list) to try is not \(expected)"
        case let .invalidTrials(trials): "random search needs at least one trial (got \(trials))"
        case let .invalidFoldCount(count): "tuning needs 2 to 255 folds (got \(count))"
        case let .allowedRowOutOfRange(row, rowCount): "allowed row \(row) is outside the data's \(rowCount) rows"
        case let .answerSplitByAllowedRows(row):
            "the rows of one answer are partly allowed (sorted row \(row)): the answer would leak across the split"
        case let .tooFewHeldOutUnits(available, folds, unit): "\(folds) folds need at least \(folds) \(unit); there are \(available)"
        case let .training(error): error.description
        }
    }
}

/// Chooses rank, the factor and bias penalties and the recency half-life by cross-validation on
/// the allowed rows only, scoring every candidate on the same folds (paired comparisons) with
/// the evaluator's own prediction code, and ranks them by mean AUC, then log-loss, then rank.
public enum Tuner {
    public static func tune(_ data: ResponseData, options: TuningOptions) throws(TuningError) -> TuningResult {
        try options.space.validate()
        if case let .random(trials, _) = options.search, trials < 1 { throw .invalidTrials(trials) }
        let folds = try TuningFolds(data: data, allowedRows: options.allowedRows, count: options.folds,
                                    evaluationProtocol: options.evaluationProtocol, seed: options.base.seed)
        let candidates = options.search.candidates(in: options.space)
        var trials: [TuningTrial] = []
        for candidate in candidates {
            let trial = try crossValidate(data, candidate: candidate, options: options, folds: folds)
            trials.append(trial)
            options.progress?(trial, trials.count, candidates.count)
        }
        // Ties under the rule keep grid order, so the ranking never depends on the sort algorithm.
        let ranked = trials.enumerated().sorted { left, right in
            TuningTrial.ranksBefore(left.element, right.element) ?? (left.offset < right.offset)
        }.map(\.element)
        return TuningResult(evaluationProtocol: options.evaluationProtocol, folds: folds.count,
                            allowedRows: options.allowedRows.map { Set($0).count } ?? data.rowCount, trials: ranked,
                            bestConfiguration: ranked[0].candidate.configuration(from: options.base))
    }

    /// Fits the candidate on each fold's training rows and predicts its held-out answers. A fit
    /// that diverges or cannot be solved is that candidate's result, not the run's end.
    private static func crossValidate(_ data: ResponseData, candidate: TuningCandidate, options: TuningOptions,
                                      folds: TuningFolds) throws(TuningError) -> TuningTrial {
        let start = DispatchTime.now().uptimeNanoseconds
        let config = candidate.configuration(from: options.base)
        var results: [TuningFold] = []
        var failure: String?
        do throws(TrainingError) {
            for fold in 0..<folds.count {
                let model = try Trainer.fit(data, graph: options.graph, configuration: config, trainRows: folds.trainRows[fold]).model
                let heldOut = predictHeldOut(data, testRows: folds.testRows[fold], trainRows: folds.trainRows[fold],
                                             model: model, options: options, config: config)
                // Every fold holds at least one answer, so the metrics are defined.
                guard let metrics = MetricSet(predictions: heldOut.map { $0.predictions[modelPrediction] },
                                              outcomes: heldOut.map(\.outcome)) else { continue }
                results.append(TuningFold(fold: fold + 1, trainingRows: folds.trainRows[fold].count,
                                          testAnswers: heldOut.count, metrics: metrics))
            }
        } catch {
            switch error {
            case .diverged, .objectiveRose, .notConverging, .linearAlgebra: failure = error.description
            case .noTrainingRows, .invalidConfiguration: throw .training(error)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return TuningTrial(candidate: candidate, folds: failure == nil ? results : [],
                           summary: failure == nil && !results.isEmpty ? MetricSummary(folds: results.map(\.metrics)) : nil,
                           failure: failure, seconds: seconds)
    }

    /// Where the model's probability sits in a ``HeldOutAnswer``: after the global and per-skill rates.
    private static let modelPrediction = 2

    /// The evaluator's prediction of held-out answers for the protocol, with the model alone: the
    /// Rasch fit that ``Evaluator/predictFold(_:trainRows:testRows:options:)`` adds for its report
    /// would double the cost of every candidate without changing the choice.
    private static func predictHeldOut(_ data: ResponseData, testRows: [Int], trainRows: [Int], model: MasteryModel,
                                       options: TuningOptions, config: FitConfiguration) -> [HeldOutAnswer] {
        let rates = RateBaselines(data: data, rows: trainRows)
        switch options.evaluationProtocol {
        case .online:
            return Evaluator.predictOnline(data, testRows: testRows, models: [model], rates: rates, threads: config.threads)
        case .random:
            return Evaluator.predictKnownStudents(data, trainRows: trainRows, testRows: testRows, models: [model], rates: rates)
        }
    }
}
