import LotrinhTestSupport
import MasteryData
@testable import MasteryModel
import XCTest

/// Fold-in on long, hostile answer histories converges, and lands where the gradient of the
/// student's penalized log-likelihood (written out with plain loops here) vanishes.
final class FoldInConvergenceTests: XCTestCase {
    private func bundledModel() throws -> MasteryModel {
        try MasteryModel.load(from: RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path)
    }

    /// `∇` of `Σ w ℓ + ½ Σ λ θ²` at the estimate, row by row: every answer on its own skill,
    /// practice counts tallied in answer order, no recency discount (the bundled model has none).
    private func gradient(_ model: MasteryModel, _ answers: [StudentAnswer], _ estimate: StudentEstimate) -> [Double] {
        let rank = model.rank
        let theta = [estimate.bias] + estimate.factors
        var gradient = theta.enumerated().map { j, value in
            -(j == 0 ? model.metadata.regularization.studentBias : model.metadata.regularization.studentFactors) * value
        }
        var wins: [Int: Double] = [:], fails: [Int: Double] = [:]
        for answer in answers {
            let skill = answer.skills[0]
            let x = [1] + (0..<rank).map { model.skillFactors[skill * rank + $0] }
            var z = model.studentFreeLogit(skill: skill, item: answer.item, logWins: log1p(wins[skill] ?? 0),
                                           logFails: log1p(fails[skill] ?? 0))
            for j in 0...rank { z += x[j] * theta[j] }
            let residual = answer.outcome - 1 / (1 + exp(-z))
            for j in 0...rank { gradient[j] += residual * x[j] }
            wins[skill, default: 0] += answer.outcome
            fails[skill, default: 0] += 1 - answer.outcome
        }
        return gradient
    }

    private func assertConverges(_ answers: [StudentAnswer], file: StaticString = #filePath, line: UInt = #line) throws {
        let model = try bundledModel()
        XCTAssertNil(model.metadata.recency.halfLife, "the independent gradient assumes no recency", file: file, line: line)
        let estimate = try model.foldIn(answers)
        let largest = gradient(model, answers, estimate).map(abs).max()!
        // Sums of up to 10⁵ terms of order one: rounding leaves ~1e-10 of the gradient.
        XCTAssertLessThan(largest, 1e-6 * Double(answers.count).squareRoot(), file: file, line: line)
        for skill in 0..<model.skillCount {
            let mastery = model.mastery(of: estimate, skill: skill)
            XCTAssertTrue(mastery.probability > 0 && mastery.probability < 1, "\(mastery)", file: file, line: line)
        }
    }

    func testOneHundredEightyAlternatingAnswersOnOneSkill() throws {
        for skill in 0..<(try bundledModel().skillCount) {
            try assertConverges((0..<180).map { StudentAnswer(skill: skill, outcome: Double($0 % 2)) })
        }
    }

    func testHundredThousandAlternatingAnswersOnOneSkill() throws {
        try assertConverges((0..<100_000).map { StudentAnswer(skill: 3, outcome: Double($0 % 2)) })
    }

    func testFiftyThousandMixedAnswers() throws {
        var random = SeededRandom(seed: 4)
        let model = try bundledModel()
        try assertConverges((0..<50_000).map { _ in
            StudentAnswer(skill: Int(random.next() % UInt64(model.skillCount)), outcome: random.nextUniform() < 0.6 ? 1 : 0)
        })
    }

    func testNotConvergedNamesTheSolverNotTheAnswers() {
        let message = FoldInError.notConverged(iterations: 50).description
        XCTAssertTrue(message.contains("solver"), message)
        XCTAssertFalse(message.contains("invalid"), message)
    }
}
