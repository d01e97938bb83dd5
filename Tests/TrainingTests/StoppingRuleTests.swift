@testable import Training
import XCTest

/// A fit stops only when both halves of its rule hold: the objective changed by less than the
/// tolerance, and no bias moved by more than the bias tolerance in the sweep.
final class StoppingRuleTests: XCTestCase {
    private let truth = Result { try SyntheticTruth(students: 300, answersPerStudent: 40, rank: 2, seed: 5) }

    func testAFitKeepsGoingWhileABiasStillMoves() throws {
        let data = try truth.get().dataset.responses
        // A tolerance every sweep after the first meets (the first has no change to measure).
        var configuration = FitConfiguration(rank: 2, tolerance: 0.5, threads: 2)
        configuration.biasTolerance = 100
        let early = try Trainer.fit(data, configuration: configuration)
        XCTAssertEqual(early.stopReason, .converged)
        XCTAssertEqual(early.history.count, 2, "with a bias tolerance nothing exceeds, the objective's rule stops the second sweep")

        configuration.biasTolerance = 0.02
        let result = try Trainer.fit(data, configuration: configuration)
        XCTAssertEqual(result.stopReason, .converged)
        let moves = result.history.map(\.largestBiasMove)
        XCTAssertGreaterThan(moves.count, 2, "the biases still moved after two sweeps: \(moves)")
        XCTAssertLessThanOrEqual(moves.last!, 0.02)
        // Every sweep before the last, from the second on, met the objective's rule and went on
        // only because a bias had moved further than the bias tolerance.
        for (sweep, move) in moves.enumerated().dropFirst().dropLast() {
            XCTAssertGreaterThan(move, 0.02, "sweep \(sweep + 1)")
        }
        XCTAssertTrue(moves.allSatisfy { $0.isFinite && $0 >= 0 }, "\(moves)")
    }

    func testAToleranceOutOfRangeIsAnError() throws {
        let data = try truth.get().dataset.responses
        for (tolerance, biasTolerance) in [(-1e-4, 0.02), (1.0, 0.02), (2e-4, -0.02), (2e-4, .nan), (2e-4, .infinity)] {
            var configuration = FitConfiguration(rank: 2, tolerance: tolerance, threads: 1)
            configuration.biasTolerance = biasTolerance
            XCTAssertThrowsError(try Trainer.fit(data, configuration: configuration), "\(tolerance), \(biasTolerance)") { error in
                guard case .invalidConfiguration = error as? TrainingError else { return XCTFail("\(error)") }
            }
        }
    }
}
