import MasteryData
import MasteryModel
@testable import Training
import XCTest

final class EvaluatorTests: XCTestCase {
    nonisolated(unsafe) private static var cached: SyntheticTruth?
    /// Small data with two-skill questions, so that sibling rows exist.
    private var truth: SyntheticTruth {
        get throws {
            if let cached = Self.cached { return cached }
            let made = try SyntheticTruth(students: 160, answersPerStudent: 40, rank: 2, seed: 21, multiSkillFraction: 0.3)
            Self.cached = made
            return made
        }
    }

    private let config = FitConfiguration(rank: 2, maxSweeps: 8, threads: 2)

    /// Flipping the outcome of one held-out answer (all its rows) must leave that answer's own
    /// prediction unchanged, under both protocols: neither the answer nor its sibling rows reach
    /// any fit or fold-in that predicts it.
    func testNoHeldOutAnswerInfluencesItsOwnPrediction() throws {
        let data = try truth.dataset.responses
        XCTAssertGreaterThan(data.rowCount, data.answerCount, "the data must have multi-skill answers")
        var generator = SeededRandom(seed: 4)
        let splits: [(EvaluationProtocol, RowSplit)] = [
            (.online, data.studentFolds(4, using: &generator)),
            (.random, data.randomAnswerFolds(4, using: &generator)),
        ]
        for (evaluationProtocol, folds) in splits {
            let options = EvaluationOptions(evaluationProtocol: evaluationProtocol, folds: folds, configuration: config)
            let testRows = folds.rows(in: 0)
            let baseline = try Evaluator.predictFold(data, trainRows: folds.rows(notIn: 0), testRows: testRows, options: options)
            // Held-out answers in prediction order, with their rows.
            let answers = heldOutAnswers(data, testRows: testRows, online: evaluationProtocol == .online)
            XCTAssertEqual(answers.count, baseline.count)
            var random = SeededRandom(seed: 9)
            for _ in 0..<4 {
                let position = random.nextInt(below: answers.count)
                var flipped = data
                for row in answers[position] { flipped.rowOutcome[row] = 1 - flipped.rowOutcome[row] }
                let changed = try Evaluator.predictFold(flipped, trainRows: folds.rows(notIn: 0), testRows: testRows, options: options)
                XCTAssertEqual(changed[position].outcome, 1 - baseline[position].outcome, "the flip reached the outcome")
                XCTAssertEqual(changed[position].predictions, baseline[position].predictions,
                               "\(evaluationProtocol): answer \(position)'s prediction moved with its own outcome")
            }
        }
    }

    /// Rows of each held-out answer, in the order predictions are returned.
    private func heldOutAnswers(_ data: ResponseData, testRows: [Int], online: Bool) -> [[Int]] {
        var rowsOfAnswer: [UInt32: [Int]] = [:]
        var order: [UInt32] = []
        if online {
            var students: [UInt32] = []
            for row in testRows where !students.contains(data.rowStudent[row]) { students.append(data.rowStudent[row]) }
            for student in students {
                for row in data.rows(ofStudent: Int(student)) {
                    if rowsOfAnswer[data.rowAnswer[row]] == nil { order.append(data.rowAnswer[row]) }
                    rowsOfAnswer[data.rowAnswer[row], default: []].append(row)
                }
            }
        } else {
            for row in testRows {
                if rowsOfAnswer[data.rowAnswer[row]] == nil { order.append(data.rowAnswer[row]) }
                rowsOfAnswer[data.rowAnswer[row], default: []].append(row)
            }
        }
        return order.map { rowsOfAnswer[$0]! }
    }

    func testReportHasEveryPredictorAndTheModelBeatsTheBaselines() throws {
        let data = try truth.dataset.responses
        var generator = SeededRandom(seed: 5)
        let options = EvaluationOptions(evaluationProtocol: .online, folds: data.studentFolds(3, using: &generator),
                                        configuration: config)
        let report = try Evaluator.evaluate(data, options: options)
        XCTAssertEqual(report.folds.count, 3)
        XCTAssertEqual(report.predictors, ["global rate", "per-skill rate", "bkt", "bkt with forgetting", "rasch", "model"])
        XCTAssertEqual(report.folds.reduce(0) { $0 + $1.testAnswers }, data.answerCount, "every answer held out once")
        let auc = { (name: String) in report.summary[name]!.auc!.mean }
        XCTAssertEqual(auc("global rate"), 0.5, accuracy: 1e-12, "a constant prediction ranks nothing")
        XCTAssertGreaterThan(auc("model"), auc("per-skill rate"))
        XCTAssertGreaterThan(auc("rasch"), auc("per-skill rate"))
        // The data have practice effects, which BKT's learning picks up and a per-skill rate cannot.
        XCTAssertGreaterThan(auc("bkt"), auc("per-skill rate"))
        XCTAssertGreaterThan(auc("bkt with forgetting"), auc("per-skill rate"))
    }

    /// Per-skill AUC in the report is each predictor's AUC over the held-out answers tagged with the
    /// skill, every fold pooled: recomputed here from the answers the evaluator hands out, by the
    /// naive pair count Σ_{i right, j wrong} ([pᵢ > pⱼ] + ½[pᵢ = pⱼ]) / (n₊ n₋).
    func testPerSkillAUCIsThePooledAUCOfTheSkillsAnswers() throws {
        let data = try truth.dataset.responses
        var generator = SeededRandom(seed: 8)
        let options = EvaluationOptions(evaluationProtocol: .random, folds: data.randomAnswerFolds(3, using: &generator),
                                        configuration: config)
        var answers: [HeldOutAnswer] = []
        var foldsSeen: [Int] = []
        let report = try Evaluator.evaluate(data, options: options) { fold, heldOut in
            foldsSeen.append(fold)
            answers += heldOut
        }
        XCTAssertEqual(foldsSeen, [1, 2, 3])
        XCTAssertEqual(answers.count, data.answerCount, "every answer held out once")
        XCTAssertEqual(report.skills.reduce(0) { $0 + $1.answers }, data.rowCount, "a multi-skill answer counts in each skill")
        for evaluation in report.skills.prefix(4) {
            let skill = (0..<data.skillCount).first { data.skillIds[$0] == evaluation.skill }!
            let mine = answers.filter { answer in answer.rows.contains { Int(data.rowSkill[$0]) == skill } }
            XCTAssertEqual(mine.count, evaluation.answers)
            for (index, name) in options.predictorNames.enumerated() {
                var concordant = 0.0
                var pairs = 0.0
                for right in mine where right.outcome == 1 {
                    for wrong in mine where wrong.outcome == 0 {
                        let (high, low) = (right.predictions[index], wrong.predictions[index])
                        concordant += high > low ? 1 : (high == low ? 0.5 : 0)
                        pairs += 1
                    }
                }
                XCTAssertEqual(evaluation.auc[name]!, concordant / pairs, accuracy: 1e-12, "\(evaluation.skill), \(name)")
            }
        }
    }

    func testAblationRemovesOneTermAtATime() throws {
        var full = FitConfiguration(rank: 4, recency: Recency(halfLife: 30, unit: .answers))
        full.terms = ModelTerms(itemBias: true, practice: true)
        let variants = EvaluationOptions.ablation(of: full)
        XCTAssertEqual(variants.map(\.name), ["without item bias", "without practice terms", "without recency",
                                               "without online recency", "without factors (rank 0)"])
        XCTAssertEqual(variants[0].configuration.terms, ModelTerms(itemBias: false, practice: true))
        XCTAssertEqual(variants[1].configuration.terms, ModelTerms(itemBias: true, practice: false))
        XCTAssertNil(variants[2].configuration.recency.halfLife)
        XCTAssertEqual(variants[2].configuration.onlineRecency, full.onlineRecency)
        XCTAssertNil(variants[3].configuration.onlineRecency.halfLife)
        XCTAssertEqual(variants[3].configuration.recency, full.recency)
        XCTAssertEqual(variants[4].configuration.rank, 0)
        XCTAssertEqual(variants[4].configuration.recency, full.recency)
        XCTAssertEqual(EvaluationOptions.ablation(of: .rasch).count, 0, "Rasch has nothing to remove")

        let data = try truth.dataset.responses
        var generator = SeededRandom(seed: 6)
        var small = config
        small.terms = ModelTerms(itemBias: true, practice: true)
        let options = EvaluationOptions(evaluationProtocol: .online, folds: data.studentFolds(2, using: &generator),
                                        foldsToRun: [0], configuration: small, variants: EvaluationOptions.ablation(of: small))
        let report = try Evaluator.evaluate(data, options: options)
        // Six predictors (global, per-skill, Rasch, the two BKTs, the model) and four variants.
        XCTAssertEqual(report.predictors.count, 6 + 4)
        // The data's items carry real biases: removing them must cost AUC.
        XCTAssertGreaterThan(report.summary["model"]!.auc!.mean, report.summary["without item bias"]!.auc!.mean)
    }

    func testStudentStateUpdatesMatchAFullFoldInOnFirstAnswer() throws {
        // After one answer, the online state's single Newton step from the prior equals the first
        // Newton step of batch fold-in (both start at θ = 0 with the same penalty).
        let data = try truth.dataset.responses
        let model = try Trainer.fit(data, configuration: config).model
        var state = model.initialState()
        let answer = StudentAnswer(skills: [3], outcome: 1)
        try model.update(&state, with: answer)
        let batch = try model.foldIn([answer], tolerance: 1e300, maxIterations: 1, covariance: false)
        XCTAssertEqual(state.bias, batch.bias, accuracy: 1e-12)
        for j in 0..<model.rank { XCTAssertEqual(state.factors[state.factors.startIndex + j], batch.factors[j], accuracy: 1e-12) }
    }
}
