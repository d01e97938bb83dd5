import Dispatch
import Foundation
import MasteryData
import MasteryModel

/// What to evaluate and how.
public struct EvaluationOptions: Sendable {
    public var evaluationProtocol: EvaluationProtocol
    /// The parts to hold out in turn, one per fold (rows in part `f` are the test rows of fold `f`).
    public var folds: RowSplit
    /// Which folds to run (all by default).
    public var foldsToRun: [Int]?
    public var configuration: FitConfiguration
    /// Further configurations fitted and scored on the same folds, by name (an ablation).
    public var variants: [(name: String, configuration: FitConfiguration)]
    /// The split-column label of each part's rows, when the parts come from a split column (a
    /// part holding several labels, such as the training part of a single test label, has nil).
    public var partLabels: [String?]?
    /// The dataset's prerequisite graph, for the related practice features (``PracticeFeature/relatedWins``).
    public var graph: PrerequisiteGraph?
    public var progress: (@Sendable (String) -> Void)?

    public init(evaluationProtocol: EvaluationProtocol, folds: RowSplit, foldsToRun: [Int]? = nil,
                configuration: FitConfiguration, variants: [(name: String, configuration: FitConfiguration)] = [],
                partLabels: [String?]? = nil, graph: PrerequisiteGraph? = nil, progress: (@Sendable (String) -> Void)? = nil) {
        self.evaluationProtocol = evaluationProtocol
        self.graph = graph
        self.folds = folds
        self.foldsToRun = foldsToRun
        self.configuration = configuration
        self.variants = variants
        self.partLabels = partLabels
        self.progress = progress
    }

    /// The names of the predictors, in report order: the baselines (BKT among them), the model, then
    /// the variants.
    public var predictorNames: [String] {
        Predictor.allCases.map(\.rawValue) + variants.map(\.name)
    }

    /// The ablation of ``configuration``: the same model without each term it has, one at a time.
    public static func ablation(of configuration: FitConfiguration) -> [(name: String, configuration: FitConfiguration)] {
        var variants: [(String, FitConfiguration)] = []
        if configuration.terms.itemBias {
            var without = configuration
            without.terms.itemBias = false
            variants.append(("without item bias", without))
        }
        if configuration.terms.practice {
            var without = configuration
            without.terms.practice = false
            variants.append(("without practice terms", without))
            for feature in configuration.terms.practiceFeatures {
                var without = configuration
                without.terms.practiceFeatures.removeAll { $0 == feature }
                variants.append(("without \(feature.displayName)", without))
            }
        }
        if !configuration.terms.nextAnswerFeatures.isEmpty {
            var without = configuration
            without.terms.nextAnswerFeatures = []
            variants.append(("without next-answer terms", without))
        }
        if configuration.recency.halfLife != nil {
            var without = configuration
            without.recency = .none
            variants.append(("without recency", without))
        }
        if configuration.onlineRecency.halfLife != nil {
            var without = configuration
            without.onlineRecency = .none
            variants.append(("without online recency", without))
        }
        if configuration.rank > 0 {
            var without = configuration
            without.rank = 0
            variants.append(("without factors (rank 0)", without))
        }
        return variants
    }
}

/// The figures of one fold: every predictor on the same held-out answers.
public struct FoldEvaluation: Sendable, Codable, Equatable {
    public var fold: Int
    /// The split-column label of the held-out rows, when the folds come from a split column.
    public var label: String?
    public var trainingRows: Int
    public var testAnswers: Int
    public var metrics: [String: MetricSet]
    public var seconds: Double
}

public struct EvaluationReport: Sendable, Codable, Equatable {
    public var evaluationProtocol: EvaluationProtocol
    /// Predictor names in report order.
    public var predictors: [String]
    public var folds: [FoldEvaluation]
    /// Mean ± standard deviation over folds, per predictor.
    public var summary: [String: MetricSummary]
    /// Per skill, every fold's held-out answers pooled (see ``SkillEvaluation``), in skill order.
    public var skills: [SkillEvaluation]
}

/// Runs an evaluation protocol: per fold, fits the model and the baselines on the training rows
/// and predicts every held-out answer once (a multi-skill question by the mean of its skills'
/// logits), with no held-out answer or its sibling rows in any fit or fold-in that predicts it.
public enum Evaluator {
    /// - Parameter predictions: given each fold's held-out answers with every predictor's
    ///   probability, as soon as the fold is scored (folds numbered from 1), for a caller that
    ///   keeps or writes them.
    public static func evaluate(_ data: ResponseData, options: EvaluationOptions,
                                predictions: ((_ fold: Int, _ answers: [HeldOutAnswer]) -> Void)? = nil)
        throws(TrainingError) -> EvaluationReport {
        var folds: [FoldEvaluation] = []
        var skills = SkillEvaluation.Accumulator(data: data, predictorCount: options.predictorNames.count)
        for fold in options.foldsToRun ?? Array(0..<options.folds.count) {
            let start = DispatchTime.now().uptimeNanoseconds
            let testRows = options.folds.rows(in: fold)
            let trainRows = options.folds.rows(notIn: fold)
            guard !testRows.isEmpty else { continue }
            options.progress?("fold \(fold + 1)/\(options.folds.count): fitting on \(trainRows.count) rows")
            let heldOut = try predictFold(data, trainRows: trainRows, testRows: testRows, options: options)
            var metrics: [String: MetricSet] = [:]
            let outcomes = heldOut.map(\.outcome)
            for (index, name) in options.predictorNames.enumerated() {
                metrics[name] = MetricSet(predictions: heldOut.map { $0.predictions[index] }, outcomes: outcomes)
            }
            skills.add(heldOut)
            predictions?(fold + 1, heldOut)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            folds.append(FoldEvaluation(fold: fold + 1, label: options.partLabels?[fold], trainingRows: trainRows.count,
                                        testAnswers: heldOut.count, metrics: metrics, seconds: seconds))
            options.progress?(String(format: "fold %d/%d: AUC %.4f (%d answers, %.1f s)", fold + 1, options.folds.count,
                                     metrics[Predictor.model.rawValue]?.auc ?? .nan, heldOut.count, seconds))
        }
        var summary: [String: MetricSummary] = [:]
        for name in options.predictorNames {
            summary[name] = MetricSummary(folds: folds.compactMap { $0.metrics[name] })
        }
        return EvaluationReport(evaluationProtocol: options.evaluationProtocol, predictors: options.predictorNames,
                                folds: folds, summary: summary, skills: skills.evaluations(predictorNames: options.predictorNames))
    }

    /// Fits BKT (standard and with forgetting), Rasch, the model and the variants on `trainRows`
    /// and predicts each held-out answer with every predictor, in the order of
    /// ``EvaluationOptions/predictorNames``.
    static func predictFold(_ data: ResponseData, trainRows: [Int], testRows: [Int],
                            options: EvaluationOptions) throws(TrainingError) -> [HeldOutAnswer] {
        let config = options.configuration
        var raschConfig = FitConfiguration.rasch
        raschConfig.threads = config.threads
        raschConfig.regularization = config.regularization
        var models: [MasteryModel] = []
        for configuration in [raschConfig, config] + options.variants.map(\.configuration) {
            models.append(try Trainer.fit(data, graph: options.graph, configuration: configuration, trainRows: trainRows).model)
        }
        let bkt = [false, true].map { forgetting in
            BKTModel.fit(data, rows: trainRows, options: BKTOptions(forgetting: forgetting, threads: config.threads))
        }
        let rates = RateBaselines(data: data, rows: trainRows)
        switch options.evaluationProtocol {
        case .online:
            return predictOnline(data, testRows: testRows, models: models, bkt: bkt, rates: rates, threads: config.threads)
        case .random:
            return predictKnownStudents(data, trainRows: trainRows, testRows: testRows, models: models, bkt: bkt, rates: rates)
        }
    }

    /// Each held-out student's answers in sequence, each predicted from the state after the
    /// earlier ones, then folded in. Students run in parallel; results land by answer position.
    /// Predictions are the rates, then `bkt`'s, then `models`'.
    static func predictOnline(_ data: ResponseData, testRows: [Int], models: [MasteryModel], bkt: [BKTModel] = [],
                              rates: RateBaselines, threads: Int) -> [HeldOutAnswer] {
        var students: [Int] = []
        var seen = Set<UInt32>()
        for row in testRows where seen.insert(data.rowStudent[row]).inserted { students.append(Int(data.rowStudent[row])) }
        let sequences = students.map { StudentSequence(data: data, student: $0, itemsInModel: data.hasItems) }
        let starts = sequences.reduce(into: [0]) { $0.append($0.last! + $1.answers.count) }
        let heldOutStudents = students
        // Workers initialize the array's elements in place, each position exactly once. (Copied
        // out of a buffer freed without deinitializing it, every answer's predictions array leaked:
        // tune grew by some 60 MB per candidate on a million answers.)
        return Array(unsafeUninitializedCapacity: starts.last!) { results, initializedCount in
            predictOnline(sequences, students: heldOutStudents, starts: starts, into: results, models: models, bkt: bkt,
                          rates: rates, threads: threads)
            initializedCount = starts.last!
        }
    }

    /// The parallel part of ``predictOnline(_:testRows:models:bkt:rates:threads:)``: initializes
    /// `results[starts[i] + position]` for every answer of every sequence.
    private static func predictOnline(_ sequences: [StudentSequence], students: [Int], starts: [Int],
                                      into results: UnsafeMutableBufferPointer<HeldOutAnswer>, models: [MasteryModel],
                                      bkt: [BKTModel], rates: RateBaselines, threads: Int) {
        let shared = UnsafeSendable(results)
        DispatchQueue.concurrentPerform(iterations: max(threads, 1)) { worker in
            let results = shared.value
            var trackers = bkt.map(BKTTracker.init)
            for index in stride(from: worker, to: sequences.count, by: max(threads, 1)) {
                var states = models.map { $0.initialState() }
                for trackerIndex in trackers.indices { trackers[trackerIndex].reset() }
                for (position, answer) in sequences[index].answers.enumerated() {
                    var predictions = [rates.global, rates.skillRate(answer)]
                    predictions += trackers.map { $0.predict(answer.skills) }
                    predictions += zip(models, states).map { model, state in
                        model.predict(modelAnswer(answer, for: model), for: state)
                    }
                    (results.baseAddress! + starts[index] + position).initialize(
                        to: HeldOutAnswer(student: students[index], rows: sequences[index].rows[position], outcome: answer.outcome,
                                          predictions: predictions))
                    for trackerIndex in trackers.indices { trackers[trackerIndex].observe(answer.skills, outcome: answer.outcome) }
                    for modelIndex in models.indices {
                        // Outcomes and ids were validated on import and the prior keeps the
                        // precision positive definite, so an update cannot fail here.
                        try? models[modelIndex].update(&states[modelIndex], with: modelAnswer(answer, for: models[modelIndex]))
                    }
                }
            }
        }
    }

    /// Held-out answers of students the models were trained on: each predicted from the student's
    /// trained parameters and the practice counts of the training answers before it.
    static func predictKnownStudents(_ data: ResponseData, trainRows: [Int], testRows: [Int], models: [MasteryModel],
                                     bkt: [BKTModel] = [], rates: RateBaselines) -> [HeldOutAnswer] {
        // Practice counts as in training: from training answers only, so no held-out outcome
        // reaches a prediction (recency changes only the weights, unused here).
        let counted = TrainingSet.mask(trainRows, count: data.rowCount)
        let practiceValues = models.map { TrainingSet.features(of: data, recency: .none, features: $0.practiceFeatures,
                                                                   related: $0.relatedSkills, counted: counted).practice }
        let bktPredictions = bkt.map { $0.predictKnownStudents(data, trainRows: trainRows, testRows: testRows) }
        var answers: [HeldOutAnswer] = []
        var index = 0
        while index < testRows.count {
            let first = testRows[index]
            var rows = [first]
            while index + rows.count < testRows.count, data.rowAnswer[testRows[index + rows.count]] == data.rowAnswer[first] {
                rows.append(testRows[index + rows.count])
            }
            index += rows.count
            let student = Int(data.rowStudent[first])
            let answer = StudentAnswer(skills: rows.map { Int(data.rowSkill[$0]) },
                                       item: data.hasItems ? Int(data.rowItem[first]) : nil, outcome: Double(data.rowOutcome[first]))
            var predictions = [rates.global, rates.skillRate(answer)] + bktPredictions.map { $0[answers.count] }
            // Without the next-answer terms: a held-out answer here is not the next one after the
            // answers before it (the trained parameters already hold every training answer, and
            // held-out ones sit in between), which is the setting the terms were fitted in.
            for (model, practice) in zip(models, practiceValues) {
                var logit = 0.0
                for row in rows {
                    let skill = Int(data.rowSkill[row])
                    logit += practice.withUnsafeBufferPointer { practice in
                        model.studentFreeLogit(skill: skill, item: model.itemBias.isEmpty ? nil : Int(data.rowItem[row]),
                                               practice: practice.baseAddress! + row * model.practiceStride)
                    } + model.studentBias[student]
                    for j in 0..<model.rank { logit += model.studentFactors[student * model.rank + j] * model.skillFactors[skill * model.rank + j] }
                }
                logit /= Double(rows.count)
                predictions.append(model.probability(ofLogit: logit))
            }
            answers.append(HeldOutAnswer(student: student, rows: first..<(first + rows.count), outcome: answer.outcome,
                                         predictions: predictions))
        }
        return answers
    }

    /// The answer as `model` knows it: without the item when the model has no item biases.
    private static func modelAnswer(_ answer: StudentAnswer, for model: MasteryModel) -> StudentAnswer {
        guard answer.item != nil, model.itemBias.isEmpty else { return answer }
        var copy = answer
        copy.item = nil
        return copy
    }
}
