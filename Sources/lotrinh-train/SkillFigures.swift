import MasteryData
import Training

/// A skill's row of the report's per-skill table: the evaluator's pooled figures (answers, correct
/// rate, AUC per predictor, as `--json` prints them) with the log-loss of chosen predictors on the
/// same pooled answers.
struct SkillFigures {
    var skill: String
    var answers: Int
    var meanOutcome: Double
    var auc: [String: Double]
    /// One per predictor asked for, in that order; nil where log-loss is undefined.
    var logLoss: [Double?]

    /// Worst first: by the model's AUC ascending, skills without one last, then by id.
    static func compute(report: EvaluationReport, answers: [HeldOutAnswer], data: ResponseData, predictors: [Int]) -> [SkillFigures] {
        var predictions = Array(repeating: Array(repeating: [Double](), count: predictors.count), count: data.skillCount)
        var outcomes = Array(repeating: [Double](), count: data.skillCount)
        // As the evaluator pools them: a question on several skills counts in each.
        for answer in answers {
            for row in answer.rows {
                let skill = Int(data.rowSkill[row])
                outcomes[skill].append(answer.outcome)
                for (slot, predictor) in predictors.enumerated() { predictions[skill][slot].append(answer.predictions[predictor]) }
            }
        }
        let skillIndex = Dictionary(data.skillIds.ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let rows = report.skills.map { evaluation -> SkillFigures in
            let skill = skillIndex[evaluation.skill]!
            return SkillFigures(skill: evaluation.skill, answers: evaluation.answers, meanOutcome: evaluation.meanOutcome, auc: evaluation.auc,
                                logLoss: predictions[skill].map { Metrics.logLoss(predictions: $0, outcomes: outcomes[skill]) })
        }
        let model = Predictor.model.rawValue
        return rows.sorted { left, right in
            switch (left.auc[model], right.auc[model]) {
            case let (l?, r?) where l != r: return l < r
            case (nil, _?): return false
            case (_?, nil): return true
            default: return left.skill < right.skill
            }
        }
    }
}
