import MasteryData
import MasteryModel
@testable import Training
import XCTest

/// The factor shifts between sweeps (``Parameters/recentreFactors(lambda:)``) may change nothing a
/// user sees: every logit stays, and only the penalty falls.
final class FactorRecentringTests: XCTestCase {
    func testFactorShiftsKeepEveryLogitAndLowerThePenalty() throws {
        let truth = try SyntheticTruth(students: 80, answersPerStudent: 30, rank: 3, seed: 41)
        let set = TrainingSet(data: truth.dataset.responses, recency: .none, useItems: true)
        var parameters = Parameters(set: set, rank: 3, seed: 5, initialScale: 0.1)
        // Off-centre factors and biases, as a fit's early sweeps leave them: every factor shares a
        // common offset, which the shifts should take out.
        var random = SeededRandom(seed: 77)
        for index in parameters.studentFactors.indices { parameters.studentFactors[index] += 0.8 + Double.random(in: -0.3...0.3, using: &random) }
        for index in parameters.skillFactors.indices { parameters.skillFactors[index] -= 0.5 + Double.random(in: -0.3...0.3, using: &random) }
        for index in parameters.studentBias.indices { parameters.studentBias[index] = Double.random(in: -1...1, using: &random) }
        for index in parameters.skillBias.indices { parameters.skillBias[index] = Double.random(in: -1...1, using: &random) }
        let lambda = Regularization(studentBias: 0.5, studentFactors: 2, skillBias: 0.3, skillFactors: 1.5, practice: 1, itemBias: 2)
        let before = (0..<set.rowCount).map { parameters.logit(row: $0, in: set) }
        let skillFactorsBefore = parameters.skillFactors
        let penaltyBefore = parameters.penalty(lambda)

        parameters.recentreFactors(lambda: lambda)

        for row in 0..<set.rowCount {
            XCTAssertEqual(parameters.logit(row: row, in: set), before[row], accuracy: 1e-12, "row \(row)'s logit")
        }
        let penaltyAfter = parameters.penalty(lambda)
        // The common offsets alone carry ½λ_p·|U|·3·0.8² + ½λ_q·|S|·3·0.5² of the penalty before.
        XCTAssertLessThan(penaltyAfter, 0.5 * penaltyBefore, "the offsets were most of the penalty")
        // At the lowest penalty along the skill factors' shift (the last one taken), its slope
        // λ_q Σ q_s − λ_u Σ b_u p_u is zero in every component.
        for component in 0..<3 {
            var slope = 0.0
            for skill in parameters.skillBias.indices { slope += lambda.skillFactors * parameters.skillFactors[skill * 3 + component] }
            for student in parameters.studentBias.indices {
                slope -= lambda.studentBias * parameters.studentBias[student] * parameters.studentFactors[student * 3 + component]
            }
            XCTAssertEqual(slope, 0, accuracy: 1e-9, "component \(component)")
        }
        // The student factors' shift came first, with the skill factors as they were before: at its
        // lowest point λ_p Σ p_u − λ_b Σ b_s q_s is zero, with the skill biases it left (the second
        // shift moves only skill factors and student biases). The penalties differ (λ_p 2, λ_q 1.5;
        // λ_b 0.3, λ_u 0.5), so a shift solved with the other side's λ fails here.
        for component in 0..<3 {
            var slope = 0.0
            for student in parameters.studentBias.indices { slope += lambda.studentFactors * parameters.studentFactors[student * 3 + component] }
            for skill in parameters.skillBias.indices {
                slope -= lambda.skillBias * parameters.skillBias[skill] * skillFactorsBefore[skill * 3 + component]
            }
            XCTAssertEqual(slope, 0, accuracy: 1e-9, "component \(component) of the first shift")
        }
    }

    func testWithoutAFactorPenaltyNothingMoves() throws {
        let truth = try SyntheticTruth(students: 20, answersPerStudent: 10, rank: 2, seed: 3)
        let set = TrainingSet(data: truth.dataset.responses, recency: .none, useItems: false)
        var parameters = Parameters(set: set, rank: 2, seed: 1, initialScale: 0.5)
        let before = parameters
        // Without a factor penalty the system may be singular (one skill, or skills whose factors
        // are collinear), and a shift solved from it would be arbitrary: nothing may move. The
        // trainer rejects a zero penalty; this guards the function on its own.
        parameters.recentreFactors(lambda: Regularization(studentBias: 1, studentFactors: 0, skillBias: 1, skillFactors: 0, practice: 1, itemBias: 1))
        XCTAssertEqual(parameters.studentFactors, before.studentFactors)
        XCTAssertEqual(parameters.skillFactors, before.skillFactors)
        XCTAssertEqual(parameters.studentBias, before.studentBias)
        XCTAssertEqual(parameters.skillBias, before.skillBias)
    }
}
