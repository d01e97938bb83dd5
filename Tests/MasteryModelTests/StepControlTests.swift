import LotrinhTestSupport
import MasteryData
@testable import MasteryModel
import XCTest

/// The solver's step control against the penalized objective written out with plain loops.
final class StepControlTests: XCTestCase {
    /// `Σ_r w_r ℓ(y_r, o_r + θ) + ½ λ θ²` for a one-parameter problem (every feature 1).
    private func objective(_ theta: Double, offsets: [Double], targets: [Double], penalty: Double) -> Double {
        var total = 0.5 * penalty * theta * theta
        for (offset, target) in zip(offsets, targets) {
            let z = offset + theta
            // −[y log σ(z) + (1 − y) log(1 − σ(z))] = log(1 + e^z) − y·z, kept finite for large |z|.
            total += max(z, 0) + log(1 + exp(-abs(z))) - target * z
        }
        return total
    }

    /// One Newton step from `start` over rows sharing the feature row `(1)`, then the step
    /// control when `controlled`; returns θ after it and the length kept.
    private func step(from start: Double, offsets: [Double], targets: [Double], penalty: Double,
                      controlled: Bool) throws -> (theta: Double, length: Double) {
        let rows = offsets.count
        let solver = RidgeNewtonSolver(dimension: 1, chunkCapacity: rows, link: .logistic)
        for row in 0..<rows {
            solver.offsets[row] = offsets[row]
            solver.targets[row] = targets[row]
            solver.weights[row] = 1
        }
        var theta = [start]
        let shared = [1.0]
        let featureRows = [Int32](repeating: 0, count: rows)
        let penalties = [penalty]
        var length = 1.0
        try theta.withUnsafeMutableBufferPointer { theta in
            try shared.withUnsafeBufferPointer { shared in
                try featureRows.withUnsafeBufferPointer { featureRows in
                    try penalties.withUnsafeBufferPointer { penalties in
                        solver.begin()
                        solver.accumulate(rows: rows, theta: theta.baseAddress!, sharedFeatures: shared.baseAddress!,
                                          sharedCount: 1, featureRows: featureRows.baseAddress!)
                        try solver.solve(theta: theta.baseAddress!, penalty: penalties.baseAddress!)
                        if controlled {
                            length = solver.controlStep(rows: rows, theta: theta.baseAddress!, sharedFeatures: shared.baseAddress!,
                                                        sharedCount: 1, featureRows: featureRows.baseAddress!,
                                                        penalty: penalties.baseAddress!)
                        }
                    }
                }
            }
        }
        return (theta[0], length)
    }

    /// A thousand wrong answers on rows whose offset is 2.6 (the logit of a 93 % mean), weak
    /// penalty 0.1, from θ = −14.3 where every row is saturated: the curvature is nearly only
    /// the penalty's, so the full Newton step jumps back to about −1.2 and the objective rises
    /// a hundredfold. The controlled step must lower it.
    func testShortensAStepThatWouldRaiseTheObjective() throws {
        let offsets = [Double](repeating: 2.6, count: 1000), targets = [Double](repeating: 0, count: 1000)
        let start = -14.3
        let before = objective(start, offsets: offsets, targets: targets, penalty: 0.1)
        let full = try step(from: start, offsets: offsets, targets: targets, penalty: 0.1, controlled: false)
        XCTAssertGreaterThan(objective(full.theta, offsets: offsets, targets: targets, penalty: 0.1), 10 * before,
                             "the case must be one where the full step overshoots")
        let controlled = try step(from: start, offsets: offsets, targets: targets, penalty: 0.1, controlled: true)
        XCTAssertLessThan(controlled.length, 1)
        XCTAssertLessThan(objective(controlled.theta, offsets: offsets, targets: targets, penalty: 0.1), before)
        // The kept point lies on the Newton step: start + length·(full − start).
        XCTAssertEqual(controlled.theta, start + controlled.length * (full.theta - start), accuracy: 1e-9)
    }

    /// Iterated, controlled steps reach the optimum, where the gradient (plain loops) vanishes;
    /// every step lowers the objective.
    func testControlledStepsConvergeFromASaturatedStart() throws {
        let offsets = [Double](repeating: 2.6, count: 1000), targets = [Double](repeating: 0, count: 1000)
        var theta = -14.3
        var previous = objective(theta, offsets: offsets, targets: targets, penalty: 0.1)
        for _ in 0..<60 {
            theta = try step(from: theta, offsets: offsets, targets: targets, penalty: 0.1, controlled: true).theta
            let value = objective(theta, offsets: offsets, targets: targets, penalty: 0.1)
            // At the optimum the sum of a thousand logarithms wobbles by ~1e-14 of itself.
            XCTAssertLessThanOrEqual(value, previous * (1 + 1e-12))
            previous = value
        }
        // ∇ = Σ (y − σ(o + θ)) − λθ.
        let gradient = offsets.reduce(0) { $0 - 1 / (1 + exp(-($1 + theta))) } - 0.1 * theta
        XCTAssertLessThan(abs(gradient), 1e-9)
    }

    /// Near the optimum of a well-posed problem the bound certifies the full step: the
    /// controlled step is plain Newton.
    func testKeepsTheFullStepNearTheOptimum() throws {
        var random = SeededRandom(seed: 8)
        let offsets = (0..<200).map { _ in random.nextNormal() }
        let targets = (0..<200).map { _ in random.nextUniform() < 0.6 ? 1.0 : 0.0 }
        let plain = try step(from: 0.1, offsets: offsets, targets: targets, penalty: 1, controlled: false)
        let controlled = try step(from: 0.1, offsets: offsets, targets: targets, penalty: 1, controlled: true)
        XCTAssertEqual(controlled.length, 1)
        XCTAssertEqual(controlled.theta, plain.theta)
    }

    /// The bound's constant: max |σ(1−σ)(1−2σ)| / 3! over a fine grid of logits.
    func testCubicRemainderBoundIsTheLargestThirdDerivativeOverSix() {
        var largest = 0.0
        for index in -40_000...40_000 {
            let p = 1 / (1 + exp(-Double(index) * 1e-4))
            largest = max(largest, abs(p * (1 - p) * (1 - 2 * p)))
        }
        XCTAssertEqual(RidgeNewtonSolver.cubicRemainderBound, largest / 6, accuracy: 1e-9)
    }
}
