import LotrinhTestSupport
import MasteryData
import MasteryModel
import XCTest

/// The step length certified for a step that does not solve the Newton system exactly (the
/// sweep's truncated conjugate-gradient student step), against the penalized log-loss written
/// out with plain loops: whatever the direction, the certified length must lower the objective
/// by at least a quarter of its predicted first-order decrease.
final class TruncatedStepCertificateTests: XCTestCase {
    private struct Problem {
        var features: [[Double]] = [], offsets: [Double] = [], targets: [Double] = []
        let penalty: [Double] = [1, 16, 16]

        init(seed: UInt64) {
            var random = SeededRandom(seed: seed)
            for _ in 0..<200 {
                features.append([1, random.uniform(-2, 2), random.uniform(-2, 2)])
                offsets.append(random.uniform(-3, 3))
                targets.append(random.uniform(0, 1) < 0.3 ? 1 : 0)
            }
        }

        /// `Σ ℓ(y, o + x·θ) + ½ Σ λ θ²`, with `ℓ(y, z) = log(1 + e^z) − y·z`.
        func objective(_ theta: [Double]) -> Double {
            var total = zip(penalty, theta).reduce(0) { $0 + 0.5 * $1.0 * $1.1 * $1.1 }
            for row in features.indices {
                let z = offsets[row] + zip(features[row], theta).reduce(0) { $0 + $1.0 * $1.1 }
                total += max(z, 0) + log(1 + exp(-abs(z))) - targets[row] * z
            }
            return total
        }

        /// The descent direction `−∇f` and the Hessian `H`.
        func derivatives(at theta: [Double]) -> (gradient: [Double], hessian: [[Double]]) {
            var gradient = zip(penalty, theta).map { -$0 * $1 }
            var hessian = (0..<3).map { i in (0..<3).map { j in i == j ? penalty[i] : 0 } }
            for row in features.indices {
                let z = offsets[row] + zip(features[row], theta).reduce(0) { $0 + $1.0 * $1.1 }
                let p = 1 / (1 + exp(-z))
                for i in 0..<3 {
                    gradient[i] += (targets[row] - p) * features[row][i]
                    for j in 0..<3 { hessian[i][j] += p * (1 - p) * features[row][i] * features[row][j] }
                }
            }
            return (gradient, hessian)
        }

        /// `Σ |x·Δ|³` over the rows (every weight 1).
        func cubicSum(_ step: [Double]) -> Double {
            features.reduce(0) { total, x in
                let change = abs(zip(x, step).reduce(0) { $0 + $1.0 * $1.1 })
                return total + change * change * change
            }
        }
    }

    func testCertifiedLengthLowersTheObjectiveAlongAnyDescentDirection() throws {
        for seed in [UInt64(1), 2, 3] {
            let problem = Problem(seed: seed)
            let theta = [0.5, -1.5, 2.0]  // far from the optimum: the full steps overshoot
            let (gradient, hessian) = problem.derivatives(at: theta)
            let newton = solveByGaussianElimination(hessian, gradient)
            var random = SeededRandom(seed: seed + 100)
            // Multiples of the Newton step (short, exact, overshooting) and perturbed directions.
            var directions = [0.3, 1, 2.5, 6].map { c in newton.map { c * $0 } }
            for _ in 0..<4 { directions.append(newton.map { $0 * random.uniform(0.2, 3) }) }
            for step in directions {
                let descent = zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
                guard descent > 0 else { continue }
                let curvature = (0..<3).reduce(0.0) { total, i in total + (0..<3).reduce(0.0) { $0 + step[i] * hessian[i][$1] * step[$1] } }
                let length = RidgeNewtonSolver.certifiedFraction(descent: descent, curvature: curvature, cubicSum: problem.cubicSum(step))
                XCTAssertGreaterThan(length, 0)
                XCTAssertLessThanOrEqual(length, min(1, descent / curvature) * (1 + 1e-12))
                let after = problem.objective(zip(theta, step).map { $0 + length * $1 })
                XCTAssertLessThanOrEqual(after, problem.objective(theta) - length * descent / 4, "seed \(seed), step \(step)")
            }
            // For the exact Newton step (descent = curvature) it is the original certificate.
            let decrement = zip(gradient, newton).reduce(0) { $0 + $1.0 * $1.1 }
            XCTAssertEqual(RidgeNewtonSolver.certifiedFraction(descent: decrement, curvature: decrement, cubicSum: problem.cubicSum(newton)),
                           RidgeNewtonSolver.certifiedFraction(decrement: decrement, cubicSum: problem.cubicSum(newton)))
        }
    }
}

extension SeededRandom {
    fileprivate mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * nextUniform() }
}
