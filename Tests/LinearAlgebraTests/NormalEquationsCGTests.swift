import LinearAlgebra
import LotrinhTestSupport
import XCTest

/// The conjugate gradient of the training sweep's student step, against the normal equations
/// formed and solved with plain loops.
final class NormalEquationsCGTests: XCTestCase {
    /// A random `dimension × rows` design (rows contiguous), penalty and right-hand side.
    private struct Problem {
        let dimension: Int, rows: Int
        let design: [Double], penalty: [Double], b: [Double]

        init(dimension: Int, rows: Int, seed: UInt64) {
            var rng = SplitMix64(seed: seed)
            self.dimension = dimension
            self.rows = rows
            // A bias-like first column (large) beside small factor columns, as in the sweep.
            design = (0..<(dimension * rows)).map { index in
                index % dimension == 0 ? Double.random(in: 0.3...0.5, using: &rng) : Double.random(in: -0.4...0.4, using: &rng)
            }
            penalty = (0..<dimension).map { $0 == 0 ? 1 : Double.random(in: 0.5...4, using: &rng) }
            b = (0..<dimension).map { _ in Double.random(in: -1...1, using: &rng) }
        }

        /// `(A·Aᵀ + Λ)` by plain loops.
        var normal: [[Double]] {
            var h = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: dimension)
            for row in 0..<rows {
                for i in 0..<dimension {
                    for j in 0..<dimension { h[i][j] += design[row * dimension + i] * design[row * dimension + j] }
                }
            }
            for j in 0..<dimension { h[j][j] += penalty[j] }
            return h
        }

        func solve(_ cg: NormalEquationsCG, tolerance: Double, maxSteps: Int) -> [Double] {
            var x = [Double](repeating: .nan, count: dimension)
            design.withUnsafeBufferPointer { design in
                penalty.withUnsafeBufferPointer { penalty in
                    b.withUnsafeBufferPointer { b in
                        x.withUnsafeMutableBufferPointer { x in
                            cg.solve(design: design.baseAddress!, rows: rows, penalty: penalty.baseAddress!, b: b.baseAddress!,
                                     x: x.baseAddress!, relativeTolerance: tolerance, maxSteps: maxSteps)
                        }
                    }
                }
            }
            return x
        }
    }

    func testRunToTheEndItSolvesTheNormalEquations() {
        for (dimension, rows, seed) in [(5, 40, UInt64(1)), (33, 100, 2), (33, 7, 3), (4, 0, 4)] {
            let problem = Problem(dimension: dimension, rows: rows, seed: seed)
            let cg = NormalEquationsCG(dimension: dimension, rowCapacity: max(rows, 1))
            // More steps than unknowns: exact in exact arithmetic.
            let x = problem.solve(cg, tolerance: 1e-13, maxSteps: 3 * dimension)
            let expected = solveByGaussianElimination(problem.normal, problem.b)
            for j in 0..<dimension {
                XCTAssertEqual(x[j], expected[j], accuracy: 1e-9 * max(1, abs(expected[j])), "\(dimension)×\(rows), x[\(j)]")
            }
            XCTAssertLessThanOrEqual(cg.relativeResidual, 1e-13)
            // Aᵀx, one dot product a row.
            for row in 0..<rows {
                let naive = (0..<dimension).reduce(0) { $0 + problem.design[row * dimension + $1] * x[$1] }
                XCTAssertEqual(cg.rowProducts[row], naive, accuracy: 1e-12, "row \(row)")
            }
        }
    }

    /// Stopped early, the iterate is still a descent direction for the quadratic model
    /// `m(x) = −bᵀx + ½xᵀHx`, with `bᵀx = xᵀHx` (the Galerkin condition of an iteration started
    /// at zero), and each further step lowers the model: what the truncated Newton step relies on.
    func testTruncatedIteratesDescendMonotonically() {
        let problem = Problem(dimension: 33, rows: 100, seed: 7)
        let h = problem.normal
        let cg = NormalEquationsCG(dimension: 33, rowCapacity: 100)
        var previousModel = 0.0
        for steps in 1...6 {
            let x = problem.solve(cg, tolerance: 0, maxSteps: steps)
            XCTAssertEqual(cg.steps, steps)
            let bx = zip(problem.b, x).reduce(0) { $0 + $1.0 * $1.1 }
            let hx = h.map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } }
            let xhx = zip(x, hx).reduce(0) { $0 + $1.0 * $1.1 }
            XCTAssertGreaterThan(bx, 0, "\(steps) steps")
            XCTAssertEqual(bx, xhx, accuracy: 1e-10 * bx, "\(steps) steps: bᵀx against xᵀHx")
            let model = -bx + 0.5 * xhx
            XCTAssertLessThan(model, previousModel, "\(steps) steps")
            previousModel = model
        }
    }

    func testStopsAtTheTolerance() {
        let problem = Problem(dimension: 33, rows: 100, seed: 11)
        let cg = NormalEquationsCG(dimension: 33, rowCapacity: 100)
        let x = problem.solve(cg, tolerance: 1e-3, maxSteps: 33)
        XCTAssertLessThan(cg.steps, 33)
        XCTAssertLessThanOrEqual(cg.relativeResidual, 1e-3)
        // The residual it reports, recomputed: ‖b − Hx‖ / ‖b‖.
        let h = problem.normal
        let residual = (0..<33).map { i in problem.b[i] - zip(h[i], x).reduce(0) { $0 + $1.0 * $1.1 } }
        let norm = { (v: [Double]) in v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        XCTAssertEqual(cg.relativeResidual, norm(residual) / norm(problem.b), accuracy: 1e-9)
    }
}
