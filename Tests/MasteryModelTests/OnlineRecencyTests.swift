import Foundation
import LotrinhTestSupport
import MasteryData
@testable import MasteryModel
import XCTest

/// The online half-life (`ModelMetadata.onlineRecency`) decays a student's evidence in fold-in
/// and the per-answer update, apart from the training rows' recency.
final class OnlineRecencyTests: XCTestCase {
    private func bundledModel(onlineHalfLife: Double?) throws -> MasteryModel {
        var model = try MasteryModel.load(from: RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path)
        XCTAssertNil(model.metadata.recency.halfLife, "the bundled model trains without recency")
        model.metadata.onlineRecency = Recency(halfLife: onlineHalfLife, unit: .answers)
        return model
    }

    /// `∇` of `Σ_k w_k ℓ_k + ½ Σ λ θ²` with `w_k = 0.5^((n − 1 − k) / h)` (the latest answer counts
    /// 1, one `h` answers before it ½), written out with plain loops: one skill per answer,
    /// practice counts tallied in answer order and never discounted.
    private func weightedGradient(_ model: MasteryModel, _ answers: [StudentAnswer], _ estimate: StudentEstimate,
                                  halfLife: Double) -> [Double] {
        let rank = model.rank
        let theta = [estimate.bias] + estimate.factors
        var gradient = theta.enumerated().map { j, value in
            -(j == 0 ? model.metadata.regularization.studentBias : model.metadata.regularization.studentFactors) * value
        }
        var wins: [Int: Double] = [:], fails: [Int: Double] = [:]
        for (k, answer) in answers.enumerated() {
            let skill = answer.skills[0]
            let weight = pow(0.5, Double(answers.count - 1 - k) / halfLife)
            let x = [1] + (0..<rank).map { model.skillFactors[skill * rank + $0] }
            var z = model.studentFreeLogit(skill: skill, item: answer.item, logWins: log1p(wins[skill] ?? 0),
                                           logFails: log1p(fails[skill] ?? 0))
            for j in 0...rank { z += x[j] * theta[j] }
            let residual = answer.outcome - 1 / (1 + exp(-z))
            for j in 0...rank { gradient[j] += weight * residual * x[j] }
            wins[skill, default: 0] += answer.outcome
            fails[skill, default: 0] += 1 - answer.outcome
        }
        return gradient
    }

    private func mixedAnswers(_ count: Int, skills: Int) -> [StudentAnswer] {
        var random = SeededRandom(seed: 12)
        return (0..<count).map { _ in
            StudentAnswer(skill: Int(random.next() % UInt64(skills)), outcome: random.nextUniform() < 0.55 ? 1 : 0)
        }
    }

    func testFoldInIsTheOptimumOfTheDecayedEvidence() throws {
        let model = try bundledModel(onlineHalfLife: 10)
        let answers = mixedAnswers(120, skills: model.skillCount)
        let estimate = try model.foldIn(answers)
        // Row weights are stored in single precision (as in training): ~1e-7 of each term.
        XCTAssertLessThan(weightedGradient(model, answers, estimate, halfLife: 10).map(abs).max()!, 1e-4)
        // And not the optimum of the undiscounted evidence: the decay changed the answer.
        XCTAssertGreaterThan(weightedGradient(model, answers, estimate, halfLife: .infinity).map(abs).max()!, 1e-2)
    }

    func testARecentTurnaroundWeighsMoreWithAShortHalfLife() throws {
        // Thirty wrong answers, then ten right ones, on one skill: a learner who has just learned it.
        let answers = (0..<40).map { StudentAnswer(skill: 5, outcome: $0 < 30 ? 0 : 1) }
        let whole = try bundledModel(onlineHalfLife: nil)
        let recent = try bundledModel(onlineHalfLife: 5)
        let before = whole.mastery(of: try whole.foldIn(answers), skill: 5)
        let after = recent.mastery(of: try recent.foldIn(answers), skill: 5)
        XCTAssertGreaterThan(after.probability, before.probability + 0.1, "\(after) against \(before)")
        // Less evidence left, so a wider interval on the logit.
        XCTAssertGreaterThan(after.logitStandardDeviation, before.logitStandardDeviation)
    }

    func testTheUpdateDecaysAsFoldInDoes() throws {
        // The per-answer update decays the precision by 0.5^(1/h) per answer: after many answers the
        // evidence saturates near 1/(1 − 0.5^(1/h)) answers' worth instead of growing without bound.
        let decaying = try bundledModel(onlineHalfLife: 4)
        let keeping = try bundledModel(onlineHalfLife: nil)
        var decayed = decaying.initialState(), kept = keeping.initialState()
        for answer in mixedAnswers(200, skills: decaying.skillCount) {
            try decaying.update(&decayed, with: answer)
            try keeping.update(&kept, with: answer)
        }
        XCTAssertLessThan(decayed.precision[0], kept.precision[0] / 5, "\(decayed.precision[0]) against \(kept.precision[0])")
    }

    func testAModelWrittenBeforeTheFieldFollowsItsTrainingRecency() throws {
        var metadata = try bundledModel(onlineHalfLife: 7).metadata
        metadata.recency = Recency(halfLife: 30, unit: .days)
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(metadata)) as! [String: Any]
        XCTAssertNotNil(json.removeValue(forKey: "onlineRecency"))
        let old = try JSONDecoder().decode(ModelMetadata.self, from: JSONSerialization.data(withJSONObject: json))
        XCTAssertNil(old.onlineRecency)
        XCTAssertEqual(old.foldInRecency, Recency(halfLife: 30, unit: .days))
        XCTAssertEqual(metadata.foldInRecency, Recency(halfLife: 7, unit: .answers))
    }
}
