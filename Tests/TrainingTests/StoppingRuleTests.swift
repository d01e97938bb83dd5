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

    /// Histories whose two measures shrink geometrically, with the sweeps left worked out by hand.
    func testSweepsLeftFollowTheSlowerMeasure() {
        // Objectives 1.0, 0.9, 0.891, … : relative changes about 0.111, 0.0101 (ratio ≈ 0.091).
        func history(_ objectives: [Double], moves: [Double]) -> [SweepReport] {
            zip(objectives, moves).enumerated().map { index, pair in
                SweepReport(sweep: index + 1, objective: pair.0, trainingLoss: 0, validationLoss: nil, seconds: 0, largestBiasMove: pair.1)
            }
        }
        var configuration = FitConfiguration()
        configuration.tolerance = 1e-4
        configuration.biasTolerance = 0.02
        let objectives = [1.0, 0.9, 0.891]
        // Moves 0.3 → 0.15 (ratio ½): 0.15·½ⁿ ≤ 0.02 needs n = 3 (2.9 rounded up). The objective's change,
        // 0.0101 at a ratio of about 0.091, is below 1e-4 after ⌈log(1e-4/0.0101)/log(0.091)⌉ = 2.
        XCTAssertEqual(Trainer.estimatedSweepsLeft(history(objectives, moves: [1, 0.3, 0.15]), configuration: configuration), 3)
        // Moves already within the tolerance: the objective decides.
        XCTAssertEqual(Trainer.estimatedSweepsLeft(history(objectives, moves: [1, 0.03, 0.01]), configuration: configuration), 2)
        // A measure that stopped shrinking cannot be extrapolated.
        XCTAssertNil(Trainer.estimatedSweepsLeft(history(objectives, moves: [1, 0.1, 0.1]), configuration: configuration))
        XCTAssertNil(Trainer.estimatedSweepsLeft(history([1.0, 0.9], moves: [1, 0.5]), configuration: configuration), "two sweeps")
        // Never past the sweep limit.
        configuration.maxSweeps = 4
        XCTAssertEqual(Trainer.estimatedSweepsLeft(history(objectives, moves: [1, 0.3, 0.15]), configuration: configuration), 1)
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
