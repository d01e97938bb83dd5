import LotrinhTestSupport
import MasteryData
@testable import MasteryModel
import XCTest

/// The solver against independent computations: dense loops and Gaussian elimination.
final class RidgeNewtonSolverTests: XCTestCase {
    /// The independent solve.
    static func solve(_ matrix: [[Double]], _ rhs: [Double]) -> [Double] {
        solveByGaussianElimination(matrix, rhs)
    }

    private struct Problem {
        var features: [[Double]]
        var offsets: [Double]
        var targets: [Double]
        var weights: [Double]
        var penalty: [Double]
    }

    private func randomProblem(rows: Int, dimension: Int, binary: Bool, seed: UInt64) -> Problem {
        var random = SeededRandom(seed: seed)
        return Problem(
            features: (0..<rows).map { _ in (0..<dimension).map { _ in random.nextNormal() } },
            offsets: (0..<rows).map { _ in random.nextNormal() * 0.5 },
            targets: (0..<rows).map { _ in binary ? (random.nextUniform() < 0.6 ? 1 : 0) : random.nextUniform() },
            weights: (0..<rows).map { _ in 0.2 + random.nextUniform() },
            penalty: (0..<dimension).map { _ in 0.5 + random.nextUniform() })
    }

    private func step(_ problem: Problem, theta: [Double], link: ModelKind, chunk: Int) throws -> [Double] {
        let dimension = theta.count
        let solver = RidgeNewtonSolver(dimension: dimension, chunkCapacity: chunk, link: link)
        var theta = theta
        solver.begin()
        var start = 0
        while start < problem.targets.count {
            let count = min(chunk, problem.targets.count - start)
            for index in 0..<count {
                for j in 0..<dimension { solver.design[index * dimension + j] = problem.features[start + index][j] }
                solver.offsets[index] = problem.offsets[start + index]
                solver.targets[index] = problem.targets[start + index]
                solver.weights[index] = problem.weights[start + index]
            }
            theta.withUnsafeBufferPointer { solver.accumulate(rows: count, theta: $0.baseAddress!) }
            start += count
        }
        try theta.withUnsafeMutableBufferPointer { buffer in
            try problem.penalty.withUnsafeBufferPointer { _ = try solver.solve(theta: buffer.baseAddress!, penalty: $0.baseAddress!) }
        }
        return theta
    }

    /// A Newton step of the penalized log-loss written out with loops: H = Σ w p(1−p) x xᵀ + Λ,
    /// ∇ = Σ w (y − p) x − Λθ, θ + H⁻¹∇.
    private func naiveLogisticStep(_ problem: Problem, theta: [Double]) -> [Double] {
        let d = theta.count
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        var gradient = [Double](repeating: 0, count: d)
        for row in problem.features.indices {
            let x = problem.features[row]
            let z = problem.offsets[row] + zip(x, theta).reduce(0) { $0 + $1.0 * $1.1 }
            let p = 1 / (1 + exp(-z))
            let w = problem.weights[row]
            for a in 0..<d {
                gradient[a] += w * (problem.targets[row] - p) * x[a]
                for b in 0..<d { hessian[a][b] += w * p * (1 - p) * x[a] * x[b] }
            }
        }
        for j in 0..<d {
            hessian[j][j] += problem.penalty[j]
            gradient[j] -= problem.penalty[j] * theta[j]
        }
        let delta = Self.solve(hessian, gradient)
        return zip(theta, delta).map { $0 + $1 }
    }

    func testLogisticStepMatchesNaiveNewtonAcrossChunks() throws {
        for (seed, dimension, rows) in [(1, 1, 1), (2, 3, 17), (3, 9, 200), (4, 34, 301)] as [(UInt64, Int, Int)] {
            let problem = randomProblem(rows: rows, dimension: dimension, binary: true, seed: seed)
            var random = SeededRandom(seed: seed + 100)
            let theta = (0..<dimension).map { _ in random.nextNormal() * 0.3 }
            let expected = naiveLogisticStep(problem, theta: theta)
            for chunk in [1, 7, 1024] {
                let actual = try step(problem, theta: theta, link: .logistic, chunk: chunk)
                for j in 0..<dimension {
                    XCTAssertEqual(actual[j], expected[j], accuracy: 1e-9 * max(1, abs(expected[j])), "d=\(dimension) chunk=\(chunk) j=\(j)")
                }
            }
        }
    }

    /// A chord step solves the gradient at the new point with the normal matrix of the previous
    /// step: θ₁ + H(θ₀)⁻¹ ∇(θ₁), written out with loops. The 80 rows share 20 feature rows (as a
    /// student's answers share their skill's), which the solver merges and the loops do not.
    func testChordStepUsesThePreviousNormalMatrix() throws {
        var problem = randomProblem(rows: 80, dimension: 6, binary: true, seed: 21)
        let d = 6
        let sharedCount = 20
        for row in sharedCount..<80 { problem.features[row] = problem.features[row % sharedCount] }
        let featureRows = (0..<80).map { Int32($0 % sharedCount) }
        let theta0 = [Double](repeating: 0, count: d)
        let solver = RidgeNewtonSolver(dimension: d, chunkCapacity: 80, link: .logistic)
        for row in 0..<80 {
            solver.offsets[row] = problem.offsets[row]
            solver.targets[row] = problem.targets[row]
            solver.weights[row] = problem.weights[row]
        }
        let features = problem.features.prefix(sharedCount).flatMap { $0 }
        var theta = theta0
        solver.begin()
        try theta.withUnsafeMutableBufferPointer { theta in
            try features.withUnsafeBufferPointer { features in
                try problem.penalty.withUnsafeBufferPointer { penalty in
                    solver.accumulate(rows: 80, theta: theta.baseAddress!, sharedFeatures: features.baseAddress!,
                                      sharedCount: sharedCount, featureRows: featureRows)
                    _ = try solver.solve(theta: theta.baseAddress!, penalty: penalty.baseAddress!)
                }
            }
        }
        let theta1 = theta
        for (j, expected) in naiveLogisticStep(problem, theta: theta0).enumerated() {
            XCTAssertEqual(theta1[j], expected, accuracy: 1e-10, "setup: a Newton step")
        }
        // H(θ₀) and ∇(θ₁) with loops.
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        var gradient = (0..<d).map { -problem.penalty[$0] * theta1[$0] }
        for row in 0..<80 {
            let x = problem.features[row]
            let p0 = 1 / (1 + exp(-problem.offsets[row]))
            let z1 = problem.offsets[row] + zip(x, theta1).reduce(0) { $0 + $1.0 * $1.1 }
            let p1 = 1 / (1 + exp(-z1))
            for a in 0..<d {
                gradient[a] += problem.weights[row] * (problem.targets[row] - p1) * x[a]
                for b in 0..<d { hessian[a][b] += problem.weights[row] * p0 * (1 - p0) * x[a] * x[b] }
            }
        }
        for j in 0..<d { hessian[j][j] += problem.penalty[j] }
        let expected = zip(theta1, Self.solve(hessian, gradient)).map { $0 + $1 }
        let change = theta.withUnsafeMutableBufferPointer { theta in
            features.withUnsafeBufferPointer { features in
                problem.penalty.withUnsafeBufferPointer { penalty in
                    solver.chordStep(rows: 80, theta: theta.baseAddress!, sharedFeatures: features.baseAddress!,
                                     sharedCount: sharedCount, featureRows: featureRows, penalty: penalty.baseAddress!)
                }
            }
        }
        for j in 0..<d { XCTAssertEqual(theta[j], expected[j], accuracy: 1e-10, "j=\(j)") }
        XCTAssertEqual(change, zip(theta, theta1).map { abs($0 - $1) }.max()!, accuracy: 1e-15)
    }

    /// For squared error one Newton step from anywhere lands on the ridge solution
    /// θ* = (XᵀWX + Λ)⁻¹ XᵀW(y − o), the closed form computed here with loops.
    /// The stopping bound of chord steps is the geometric tail `δ·r/(1 − r)`, and refuses to
    /// vouch for steps that do not shrink at least fourfold.
    func testChordStoppingBoundIsTheGeometricTail() {
        // Compared with: r = 1e-4 / 1e-2 = 0.01, tail 1e-4 · 0.01 / 0.99.
        XCTAssertEqual(MasteryModel.remainingError(step: 1e-4, previousStep: 1e-2), 1e-6 / 0.99, accuracy: 1e-18)
        // Compared with: the actual steps summed, 1e-3·(0.2 + 0.04 + …) = 1e-3 · 0.2 / 0.8.
        XCTAssertEqual(MasteryModel.remainingError(step: 1e-3, previousStep: 5e-3), 2.5e-4, accuracy: 1e-15)
        XCTAssertEqual(MasteryModel.remainingError(step: 1e-3, previousStep: 2e-3), .infinity)
        XCTAssertEqual(MasteryModel.remainingError(step: 1e-3, previousStep: .infinity), 0)
    }

    func testGaussianStepIsTheClosedFormRidgeSolution() throws {
        let problem = randomProblem(rows: 60, dimension: 5, binary: false, seed: 9)
        let d = 5
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        var rhs = [Double](repeating: 0, count: d)
        for row in problem.features.indices {
            let x = problem.features[row]
            let w = problem.weights[row]
            for a in 0..<d {
                rhs[a] += w * (problem.targets[row] - problem.offsets[row]) * x[a]
                for b in 0..<d { matrix[a][b] += w * x[a] * x[b] }
            }
        }
        for j in 0..<d { matrix[j][j] += problem.penalty[j] }
        let closedForm = Self.solve(matrix, rhs)
        let fromZero = try step(problem, theta: [0, 0, 0, 0, 0], link: .gaussian, chunk: 16)
        let fromElsewhere = try step(problem, theta: [3, -1, 2, 0.5, -4], link: .gaussian, chunk: 1024)
        for j in 0..<d {
            XCTAssertEqual(fromZero[j], closedForm[j], accuracy: 1e-10)
            XCTAssertEqual(fromElsewhere[j], closedForm[j], accuracy: 1e-10)
        }
    }

    func testInverseOfNormalMatrixIsTheCovariance() throws {
        let problem = randomProblem(rows: 40, dimension: 3, binary: true, seed: 5)
        let solver = RidgeNewtonSolver(dimension: 3, chunkCapacity: 64, link: .logistic)
        var theta = [0.0, 0.0, 0.0]
        solver.begin()
        for index in 0..<40 {
            for j in 0..<3 { solver.design[index * 3 + j] = problem.features[index][j] }
            solver.offsets[index] = problem.offsets[index]
            solver.targets[index] = problem.targets[index]
            solver.weights[index] = problem.weights[index]
        }
        theta.withUnsafeBufferPointer { solver.accumulate(rows: 40, theta: $0.baseAddress!) }
        // H at θ = 0, with loops: p = σ(o).
        var hessian = [[Double]](repeating: [0, 0, 0], count: 3)
        for row in 0..<40 {
            let p = 1 / (1 + exp(-problem.offsets[row]))
            for a in 0..<3 { for b in 0..<3 { hessian[a][b] += problem.weights[row] * p * (1 - p) * problem.features[row][a] * problem.features[row][b] } }
        }
        for j in 0..<3 { hessian[j][j] += problem.penalty[j] }
        try theta.withUnsafeMutableBufferPointer { buffer in
            try problem.penalty.withUnsafeBufferPointer { _ = try solver.solve(theta: buffer.baseAddress!, penalty: $0.baseAddress!) }
        }
        try solver.invertNormal()
        // H · H⁻¹ = I.
        for a in 0..<3 {
            for b in 0..<3 {
                let product = (0..<3).reduce(0.0) { $0 + hessian[a][$1] * solver.normal[$1 * 3 + b] }
                XCTAssertEqual(product, a == b ? 1 : 0, accuracy: 1e-10)
            }
        }
    }

    func testLogLossIsStableAtTheExtremes() {
        // −log σ(z) for y = 1: log(1 + e^{−z}).
        XCTAssertEqual(RidgeNewtonSolver.logLoss(target: 1, logit: 2), log(1 + exp(-2)), accuracy: 1e-15)
        XCTAssertEqual(RidgeNewtonSolver.logLoss(target: 0, logit: 800), 800, accuracy: 1e-9)
        XCTAssertEqual(RidgeNewtonSolver.logLoss(target: 1, logit: -800), 800, accuracy: 1e-9)
        XCTAssertEqual(RidgeNewtonSolver.logLoss(target: 0.25, logit: 0), log(2), accuracy: 1e-15)
        // Against −y log p − (1 − y) log(1 − p) written out, where p and 1 − p are far from 0.
        for z in stride(from: -30.0, through: 30.0, by: 0.37) {
            for y in [0.0, 0.3, 1.0] {
                let p = 1 / (1 + exp(-z)), q = 1 / (1 + exp(z))
                XCTAssertEqual(RidgeNewtonSolver.logLoss(target: y, logit: z), -y * log(p) - (1 - y) * log(q),
                               accuracy: 1e-12 * max(1, abs(z)), "z \(z), y \(y)")
            }
        }
        // Where p rounds to 1 the loss of a right answer is e^{−z}, not 0.
        XCTAssertEqual(RidgeNewtonSolver.logLoss(target: 1, logit: 40), exp(-40), accuracy: 1e-30)
    }
}
