@testable import LinearAlgebra
import XCTest

final class CholeskyTests: XCTestCase {
    /// A random symmetric positive-definite matrix B·Bᵀ + n·I, built with plain loops.
    private func spd(_ n: Int, _ rng: inout SplitMix64) -> Matrix {
        let b = Matrix.random(rows: n, columns: n, using: &rng)
        return Matrix(rows: n, columns: n) { i, j in
            (0..<n).reduce(0) { $0 + b[i, $1] * b[j, $1] } + (i == j ? Double(n) : 0)
        }
    }

    /// ‖A·X − B‖ by plain loops, relative to ‖B‖ (max norms).
    private func relativeResidual(_ a: Matrix, _ x: Matrix, _ b: Matrix) -> Double {
        var worst = 0.0
        for j in 0..<b.columns {
            for i in 0..<b.rows {
                let ax = (0..<a.columns).reduce(0) { $0 + a[i, $1] * x[$1, j] }
                worst = max(worst, abs(ax - b[i, j]))
            }
        }
        return worst / max(1e-300, b.elements.map(abs).max() ?? 0)
    }

    private let sizes = [1, 2, 3, 5, 8, 17]

    func testFactorReproducesTheMatrix() throws {
        var rng = SplitMix64(seed: 40)
        for n in sizes {
            for triangle in Triangle.allCases {
                let a = spd(n, &rng)
                var embedded = Embedded(a, using: &rng)
                let before = embedded
                try embedded.withMutableView { try LAPACK.choleskyFactor($0, triangle: triangle) }
                embedded.assertOutsideUnchanged(from: before)
                let f = embedded.block
                // L·Lᵀ (or Uᵀ·U) from the computed triangle only, by a plain loop.
                let product = Matrix(rows: n, columns: n) { i, j in
                    (0...min(i, j)).reduce(0) { sum, l in sum + (triangle == .lower ? f[i, l] * f[j, l] : f[l, i] * f[l, j]) }
                }
                // Compared with: the original matrix.
                assertClose(product, a, tolerance: 1e-12, "n=\(n) \(triangle)")
            }
        }
    }

    func testFactorThenSolveHasSmallResidual() throws {
        var rng = SplitMix64(seed: 41)
        for n in sizes {
            for triangle in Triangle.allCases {
                let a = spd(n, &rng)
                let b = Matrix.random(rows: n, columns: 3, using: &rng)
                var factor = Embedded(a, using: &rng)
                var x = Embedded(b, using: &rng)
                try factor.withMutableView { try LAPACK.choleskyFactor($0, triangle: triangle) }
                try factor.withView { f in
                    try x.withMutableView { try LAPACK.choleskySolve(factor: f, triangle: triangle, b: $0) }
                }
                // Compared with: B, through A·X computed by a plain loop.
                XCTAssertLessThan(relativeResidual(a, x.block, b), 1e-12, "n=\(n) \(triangle)")
            }
        }
    }

    func testOneShotSolveLeavesAReusableFactor() throws {
        var rng = SplitMix64(seed: 42)
        for n in sizes {
            for triangle in Triangle.allCases {
                let a = spd(n, &rng)
                let b = Matrix.random(rows: n, columns: 2, using: &rng)
                var work = Embedded(a, using: &rng)
                var x = Embedded(b, using: &rng)
                try work.withMutableView { av in
                    try x.withMutableView { try LAPACK.solvePositiveDefinite(av, triangle: triangle, b: $0) }
                }
                // Compared with: B, through A·X computed by a plain loop.
                XCTAssertLessThan(relativeResidual(a, x.block, b), 1e-12, "n=\(n) \(triangle)")

                var second = Matrix.random(rows: n, columns: 1, using: &rng)
                let rhs = second
                try work.withView { f in
                    try second.withMutableView { try LAPACK.choleskySolve(factor: f, triangle: triangle, b: $0) }
                }
                // Compared with: the second right-hand side, through A·x by a plain loop.
                XCTAssertLessThan(relativeResidual(a, second, rhs), 1e-12)
            }
        }
    }

    func testInverseTimesMatrixIsIdentity() throws {
        var rng = SplitMix64(seed: 43)
        for n in sizes {
            for triangle in Triangle.allCases {
                let a = spd(n, &rng)
                var inverse = Embedded(a, using: &rng)
                let before = inverse
                try inverse.withMutableView { view in
                    try LAPACK.choleskyFactor(view, triangle: triangle)
                    try LAPACK.inverseFromCholesky(view, triangle: triangle)
                }
                inverse.assertOutsideUnchanged(from: before)
                // Compared with: the identity, through A⁻¹·A by the plain triple loop (all of A⁻¹ is used,
                // so a missing mirror of the computed triangle fails here).
                let product = referenceGemm(.noTranspose, .noTranspose, alpha: 1, inverse.block, a, beta: 0, Matrix(rows: n, columns: n))
                assertClose(product, .identity(n), tolerance: 1e-11, "n=\(n) \(triangle)")
            }
        }
    }

    func testCholeskyValueSolvesAndInverts() throws {
        var rng = SplitMix64(seed: 44)
        let a = spd(6, &rng)
        let b = (0..<6).map { _ in Double.random(in: -1...1, using: &rng) }
        for triangle in Triangle.allCases {
            let cholesky = try Cholesky(a, triangle: triangle)
            // Compared with: A, through L·Lᵀ (or Uᵀ·U) of the whole factor by the plain triple loop,
            // which holds only if the other triangle was cleared.
            let (first, second): (Transpose, Transpose) = triangle == .lower ? (.noTranspose, .transpose) : (.transpose, .noTranspose)
            assertClose(referenceGemm(first, second, alpha: 1, cholesky.factor, cholesky.factor, beta: 0, a), a)
            let x = try cholesky.solve(b)
            // Compared with: b, through A·x by a plain loop.
            XCTAssertLessThan(relativeResidual(a, Matrix(rows: 6, columns: 1, elements: x), Matrix(rows: 6, columns: 1, elements: b)), 1e-12)
            let inverse = try cholesky.inverse()
            // Compared with: the identity, through A·A⁻¹ by the plain triple loop.
            assertClose(referenceGemm(.noTranspose, .noTranspose, alpha: 1, a, inverse, beta: 0, a), .identity(6), tolerance: 1e-11)
        }
    }

    func testOneByOne() throws {
        let a = Matrix(rows: 1, columns: 1, elements: [4])
        // Compared with: 2 / 4 and 1 / 4 by hand.
        XCTAssertEqual(try Cholesky(a).solve([2]), [0.5])
        XCTAssertEqual(try Cholesky(a, triangle: .upper).inverse().elements, [0.25])
        // Compared with: √4 by hand.
        XCTAssertEqual(try Cholesky(a).factor.elements, [2])
        for value in [-1.0, 0] {
            XCTAssertThrowsError(try Cholesky(Matrix(rows: 1, columns: 1, elements: [value]))) { error in
                // Compared with: the only leading minor, order 1, being ≤ 0.
                XCTAssertEqual(error as? LAPACKError, .notPositiveDefinite(routine: "dpotrf", leadingMinor: 1))
            }
        }
    }

    /// A = L·D·Lᵀ with unit lower-triangular L and D = diag(1, 2, −3, 4, 5): its leading minors
    /// are the products of D's leading entries, 1, 2, −6, …, so the third is the first not positive.
    private func thirdMinorFails(_ rng: inout SplitMix64) -> Matrix {
        let d: [Double] = [1, 2, -3, 4, 5]
        let l = Matrix(rows: 5, columns: 5) { i, j in i == j ? 1 : (i > j ? Double.random(in: -1...1, using: &rng) : 0) }
        return Matrix(rows: 5, columns: 5) { i, j in (0..<5).reduce(0) { $0 + l[i, $1] * d[$1] * l[j, $1] } }
    }

    func testNotPositiveDefiniteNamesTheFailingLeadingMinor() {
        var rng = SplitMix64(seed: 45)
        for triangle in Triangle.allCases {
            var a = thirdMinorFails(&rng)
            // Compared with: the leading minor that D makes negative (order 3), as LAPACK counts.
            XCTAssertThrowsError(try a.withMutableView { try LAPACK.choleskyFactor($0, triangle: triangle) }) { error in
                XCTAssertEqual(error as? LAPACKError, .notPositiveDefinite(routine: "dpotrf", leadingMinor: 3))
            }

            var work = thirdMinorFails(&rng)
            var b = Matrix(rows: 5, columns: 1, repeating: 7)
            XCTAssertThrowsError(try work.withMutableView { av in
                try b.withMutableView { try LAPACK.solvePositiveDefinite(av, triangle: triangle, b: $0) }
            }) { error in
                XCTAssertEqual(error as? LAPACKError, .notPositiveDefinite(routine: "dposv", leadingMinor: 3))
            }
            // Compared with: B before the call, as the documentation promises.
            XCTAssertEqual(b.elements, Array(repeating: 7, count: 5))
        }
    }

    func testZeroOnTheFactorsDiagonalIsSingular() {
        var factor = Matrix(rows: 3, columns: 3) { i, j in i == j ? (i == 1 ? 0 : 1) : 0 }
        // Compared with: the position of the zero placed on the diagonal (2, 1-based).
        XCTAssertThrowsError(try factor.withMutableView { try LAPACK.inverseFromCholesky($0) }) { error in
            XCTAssertEqual(error as? LAPACKError, .singularFactor(routine: "dpotri", index: 2))
        }
    }

    func testTriangularInverseTimesFactorIsIdentity() throws {
        var rng = SplitMix64(seed: 44)
        for n in sizes {
            var factor = spd(n, &rng)
            try factor.withMutableView { try LAPACK.choleskyFactor($0) }
            var inverse = factor
            try inverse.withMutableView { try LAPACK.invertTriangular($0) }
            for i in 0..<n {
                for j in 0...i {
                    // Compared with: (L·L⁻¹)[i, j] = Σ_{j ≤ l ≤ i} L[i, l]·L⁻¹[l, j], the identity.
                    let product = (j...i).reduce(0.0) { $0 + factor[i, $1] * inverse[$1, j] }
                    XCTAssertEqual(product, i == j ? 1 : 0, accuracy: 1e-12, "n = \(n) (\(i), \(j))")
                }
            }
        }
    }

    func testZeroOnATriangularDiagonalIsSingular() {
        var factor = Matrix(rows: 3, columns: 3) { i, j in i == j ? (i == 1 ? 0 : 1) : 0 }
        // Compared with: the position of the zero placed on the diagonal (2, 1-based).
        XCTAssertThrowsError(try factor.withMutableView { try LAPACK.invertTriangular($0) }) { error in
            XCTAssertEqual(error as? LAPACKError, .singularFactor(routine: "dtrtri", index: 2))
        }
    }

    func testInfoMappingAndDescriptions() {
        // Compared with: LAPACK's INFO convention (negative: argument -INFO is illegal).
        XCTAssertThrowsError(try LAPACKError.check(-4, routine: .dposv)) { error in
            XCTAssertEqual(error as? LAPACKError, .illegalArgument(routine: "dposv", position: 4))
        }
        XCTAssertNoThrow(try LAPACKError.check(0, routine: .dpotri))
        let error = LAPACKError.notPositiveDefinite(routine: "dpotrf", leadingMinor: 3)
        // Compared with: the routine and the minor's order, which a user needs to act on it.
        XCTAssertTrue(error.description.hasPrefix("dpotrf: "), error.description)
        XCTAssertTrue(error.description.contains("leading minor of order 3"), error.description)
        XCTAssertTrue(LAPACKError.illegalArgument(routine: "dposv", position: 4).description.contains("argument 4"))
    }
}
