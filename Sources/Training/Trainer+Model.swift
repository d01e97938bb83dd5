import Foundation
import MasteryData
import MasteryModel

extension Trainer {
    /// Wraps fitted parameters and what they were fitted on, provenance included, into a ``MasteryModel``.
    static func makeModel(_ parameters: Parameters, data: ResponseData, skills: SkillCatalog?, graph: PrerequisiteGraph?,
                          config: FitConfiguration, link: ModelKind, set: TrainingSet, history: [SweepReport],
                          bestSweep: Int, stopReason: StopReason, pseudonymKeyFingerprint: String?) -> MasteryModel {
        let skillIds = data.skillIds.ids
        let names = skills.map { catalog in skillIds.map { id in catalog.ids.index(of: id).map { catalog.names[$0] } ?? id } } ?? skillIds
        var metrics: [String: Double] = ["train.sweeps": Double(history.count), "train.bestSweep": Double(bestSweep)]
        if let last = history.first(where: { $0.sweep == bestSweep }) ?? history.last {
            metrics["train.loss"] = last.trainingLoss
            metrics["train.objective"] = last.objective
            if let validation = last.validationLoss { metrics["validation.loss"] = validation }
        }
        metrics["train.rows"] = Double(set.rowCount)
        let metadata = ModelMetadata(
            kind: link, rank: config.rank, terms: config.terms, regularization: config.regularization,
            recency: config.recency, onlineRecency: config.onlineRecency, skillIds: skillIds, skillNames: names,
            prerequisites: graph?.edges.map { [$0.prerequisite, $0.skill] },
            training: TrainingRecord(configuration: config, stopReason: stopReason).entries, dataFingerprint: data.fingerprint(),
            metrics: metrics, createdAt: ISO8601DateFormatter().string(from: Date()), pseudonymKeyFingerprint: pseudonymKeyFingerprint)
        let practice = config.terms.practice
        return MasteryModel(
            metadata: metadata, globalBias: parameters.globalBias,
            skillBias: ParameterArray(parameters.skillBias), skillFactors: ParameterArray(parameters.skillFactors),
            gainCorrect: ParameterArray(practice ? parameters.gainCorrect : Array(repeating: 0, count: data.skillCount)),
            gainWrong: ParameterArray(practice ? parameters.gainWrong : Array(repeating: 0, count: data.skillCount)),
            practiceWeights: ParameterArray(parameters.practiceWeights),
            // Fitted afterwards, on the finished model (``NextAnswerFit``).
            nextAnswerWeights: ParameterArray([Double](repeating: 0, count: config.terms.nextAnswerFeatures.count)),
            itemIds: set.itemCount > 0 ? data.itemIds : IdTable(), itemBias: ParameterArray(parameters.itemBias),
            studentIds: data.studentIds, studentBias: ParameterArray(parameters.studentBias),
            studentFactors: ParameterArray(parameters.studentFactors))
    }
}
