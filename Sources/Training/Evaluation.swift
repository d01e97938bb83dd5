import Dispatch
import MasteryData
import MasteryModel

/// How held-out answers are chosen and predicted.
public enum EvaluationProtocol: String, Sendable, Codable, CaseIterable {
    /// Split by student; each held-out student's answers are predicted one by one from a fold-in
    /// of that student's earlier answers only (the first from the population prior) — the
    /// protocol of the knowledge-tracing literature.
    case online
    /// Hold out answers (random, or a split column); students are known from their other answers.
    case random
}

/// The predictors every report compares, fitted on the same training rows.
public enum Predictor: String, Sendable, Codable, CaseIterable {
    case globalRate = "global rate"
    case skillRate = "per-skill rate"
    /// Bayesian Knowledge Tracing per skill, fitted by EM (see ``BKTModel``).
    case bkt = "bkt"
    /// BKT with a per-skill probability of forgetting.
    case bktForgetting = "bkt with forgetting"
    /// `μ + b_u + b_s`: rank 0, no items, no practice terms (1PL IRT).
    case rasch = "rasch"
    case model = "model"
}

/// One held-out answer: whose it is, its rows, its outcome and each predictor's probability for
/// it (in the order of ``EvaluationOptions/predictorNames``).
public struct HeldOutAnswer: Sendable {
    public var student: Int
    /// The answer's rows in the data (several for a question tagged with several skills).
    public var rows: Range<Int>
    public var outcome: Double
    public var predictions: [Double]
}

/// Answers of one student as fold-in takes them, in sequence.
struct StudentSequence {
    var answers: [StudentAnswer] = []
    /// The rows of each answer.
    var rows: [Range<Int>]

    init(data: ResponseData, student: Int, itemsInModel: Bool) {
        rows = data.answerRows(ofStudent: student)
        for rows in rows {
            let first = rows.lowerBound
            answers.append(StudentAnswer(skills: rows.map { Int(data.rowSkill[$0]) },
                                         item: itemsInModel ? Int(data.rowItem[first]) : nil,
                                         outcome: Double(data.rowOutcome[first]),
                                         time: data.hasTimestamps ? data.rowTime[first] : nil))
        }
    }
}

/// Rates from the training rows: the global baseline and the per-skill baseline (shrunk toward
/// the global rate by one pseudo-answer so that a skill seen once is not predicted 0 or 1).
struct RateBaselines {
    let global: Double
    let perSkill: [Double]

    init(data: ResponseData, rows: [Int]) {
        var skillSum = [Double](repeating: 0, count: data.skillCount)
        var skillCount = [Double](repeating: 0, count: data.skillCount)
        var sum = 0.0
        var answers = 0.0
        var previousAnswer: UInt32?
        for row in rows {
            let outcome = Double(data.rowOutcome[row])
            skillSum[Int(data.rowSkill[row])] += outcome
            skillCount[Int(data.rowSkill[row])] += 1
            if data.rowAnswer[row] != previousAnswer {
                sum += outcome
                answers += 1
                previousAnswer = data.rowAnswer[row]
            }
        }
        let global = answers > 0 ? sum / answers : 0.5
        self.global = global
        perSkill = zip(skillSum, skillCount).map { ($0 + global) / ($1 + 1) }
    }

    func skillRate(_ answer: StudentAnswer) -> Double {
        answer.skills.reduce(0) { $0 + perSkill[$1] } / Double(answer.skills.count)
    }
}
