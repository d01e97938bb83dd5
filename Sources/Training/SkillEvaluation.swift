import MasteryData

/// One skill's held-out answers, every fold pooled, and each predictor's AUC on them: where the
/// model or BKT does well and where it does not. A question tagged with several skills counts in
/// each of them, with the one probability it was given.
public struct SkillEvaluation: Sendable, Codable, Equatable {
    /// The skill's id.
    public var skill: String
    public var answers: Int
    public var meanOutcome: Double
    /// AUC by predictor name; a predictor is absent where AUC is undefined (the skill's answers
    /// are all right or all wrong, or the outcomes are graded scores).
    public var auc: [String: Double]

    /// Gathers held-out answers fold by fold.
    struct Accumulator {
        private let data: ResponseData
        /// Per skill, per predictor, the probabilities given its answers; and their outcomes.
        private var predictions: [[[Double]]]
        private var outcomes: [[Double]]

        init(data: ResponseData, predictorCount: Int) {
            self.data = data
            predictions = Array(repeating: Array(repeating: [], count: predictorCount), count: data.skillCount)
            outcomes = Array(repeating: [], count: data.skillCount)
        }

        mutating func add(_ answers: [HeldOutAnswer]) {
            for answer in answers {
                for row in answer.rows {
                    let skill = Int(data.rowSkill[row])
                    outcomes[skill].append(answer.outcome)
                    for (predictor, probability) in answer.predictions.enumerated() {
                        predictions[skill][predictor].append(probability)
                    }
                }
            }
        }

        /// The skills with at least one held-out answer, in the data's skill order.
        func evaluations(predictorNames: [String]) -> [SkillEvaluation] {
            outcomes.indices.compactMap { skill in
                let outcomes = outcomes[skill]
                guard !outcomes.isEmpty else { return nil }
                var auc: [String: Double] = [:]
                if Metrics.isBinary(outcomes) {
                    for (predictor, name) in predictorNames.enumerated() {
                        auc[name] = Metrics.auc(predictions: predictions[skill][predictor], outcomes: outcomes)
                    }
                }
                return SkillEvaluation(skill: data.skillIds[skill], answers: outcomes.count,
                                       meanOutcome: outcomes.reduce(0, +) / Double(outcomes.count), auc: auc)
            }
        }
    }
}
