@testable import LinearAlgebra
import XCTest

/// SmallCholesky against plain loops: its factor reproduces the matrix, its solution satisfies
/// the system, and it fails where LAPACK fails.
final class SmallCholeskyTests: XCTestCase {
    /// A random symmetric positive-definite matrix B·Bᵀ/n + I (full), by plain loops.
    private func spd(_ n: Int, _ rng: inout SplitMix64) -> Matrix {
        let b = Matrix.random(rows: n, columns: n, using: &rng)
        return Matrix(rows: n, columns: n) { i, j in
            (0..<n).reduce(0) { $0 + b[i, $1] * b[j, $1] } / Double(n) + (i == j ? 1 : 0)
        }
    }

    /// Orders that exercise every row block of the factor (8, 4, 2, 1) and the hand-over to LAPACK.
    private let orders = [1, 2, 3, 4, 5, 7, 8, 9, 13, 15, 16, 17, 33, 35, SmallCholesky.largestOrder, SmallCholesky.largestOrder + 1]

    func testFactorReproducesTheMatrixAndTheSolveItsSystem() throws {
        var rng = SplitMix64(seed: 71)
        for n in orders {
            let a = spd(n, &rng)
            let rhs = (0..<n).map { _ in Double.random(in: -1...1, using: &rng) }
            // Garbage in the upper triangle must be neither read nor written.
            var stored = a
            for j in 0..<n { for i in 0..<j { stored[i, j] = .nan } }
            var x = rhs
            try stored.withMutableView { view in
                try x.withUnsafeMutableBufferPointer { try SmallCholesky.solve(view, b: MutableVectorView(baseAddress: $0.baseAddress!, count: n)) }
            }
            // A·x = b, by a plain loop over the original matrix.
            for i in 0..<n {
                let ax = (0..<n).reduce(0.0) { $0 + a[i, $1] * x[$1] }
                XCTAssertEqual(ax, rhs[i], accuracy: 1e-11, "n=\(n) row \(i)")
            }
            // L·Lᵀ = A from the lower triangle left in place, by a plain loop.
            for j in 0..<n {
                for i in j..<n {
                    let product = (0...j).reduce(0.0) { $0 + stored[i, $1] * stored[j, $1] }
                    XCTAssertEqual(product, a[i, j], accuracy: 1e-12, "n=\(n) (\(i), \(j))")
                }
                for i in 0..<j { XCTAssertTrue(stored[i, j].isNaN, "n=\(n): the upper triangle was written at (\(i), \(j))") }
            }
        }
    }

    func testMatchesLAPACKsFactor() throws {
        var rng = SplitMix64(seed: 72)
        for n in [6, 33] {
            let a = spd(n, &rng)
            var mine = a
            var theirs = a
            var x = [Double](repeating: 1, count: n)
            try mine.withMutableView { view in
                try x.withUnsafeMutableBufferPointer { try SmallCholesky.solve(view, b: MutableVectorView(baseAddress: $0.baseAddress!, count: n)) }
            }
            try theirs.withMutableView { try LAPACK.choleskyFactor($0) }
            for j in 0..<n { for i in j..<n { XCTAssertEqual(mine[i, j], theirs[i, j], accuracy: 1e-13) } }
        }
    }

    func testNamesTheFirstLeadingMinorThatIsNotPositive() {
        // Leading minors 1, 1·1 − 1·1 = 0: the second is not positive.
        var a = Matrix(rows: 3, columns: 3, elements: [1, 1, 0, 1, 1, 0, 0, 0, 4])
        var b = [1.0, 2, 3]
        XCTAssertThrowsError(try a.withMutableView { view in
            try b.withUnsafeMutableBufferPointer { try SmallCholesky.solve(view, b: MutableVectorView(baseAddress: $0.baseAddress!, count: 3)) }
        }) { error in
            XCTAssertEqual(error as? LAPACKError, .notPositiveDefinite(routine: "SmallCholesky", leadingMinor: 2))
        }
        XCTAssertEqual(b, [1, 2, 3], "b is unchanged when the factor fails")
        var nan = Matrix(rows: 1, columns: 1, elements: [.nan])
        var one = [1.0]
        XCTAssertThrowsError(try nan.withMutableView { view in
            try one.withUnsafeMutableBufferPointer { try SmallCholesky.solve(view, b: MutableVectorView(baseAddress: $0.baseAddress!, count: 1)) }
        })
    }

    func testTheArrayEntrySolvesAColumnMajorSystemAndNamesItsFailure() throws {
        // A = [[4, 2], [2, 3]] (column-major [4, 2, 2, 3]), b = [2, 5]: det 8, x = A⁻¹b =
        // [(3·2 − 2·5)/8, (4·5 − 2·2)/8] = [−0.5, 2].
        var a = [4.0, 2, 2, 3]
        var b = [2.0, 5]
        try SmallCholesky.solve(&a, order: 2, b: &b)
        XCTAssertEqual(b[0], -0.5, accuracy: 1e-15)
        XCTAssertEqual(b[1], 2, accuracy: 1e-15)
        XCTAssertEqual(a[0], 2, accuracy: 1e-15, "the factor's L₁₁ = √4")
        var singular = [1.0, 1, 1, 1]
        var c = [1.0, 2]
        XCTAssertThrowsError(try SmallCholesky.solve(&singular, order: 2, b: &c)) { error in
            XCTAssertEqual(error as? LAPACKError, .notPositiveDefinite(routine: "SmallCholesky", leadingMinor: 2))
        }
        XCTAssertEqual(c, [1, 2], "b is unchanged when the factor fails")
    }
}

/// The Swift triangular inverse against plain loops and LAPACK's `dtrtri`.
final class SmallCholeskyInverseTests: XCTestCase {
    func testInverseTimesFactorIsTheIdentityAndMatchesLAPACK() throws {
        var rng = SplitMix64(seed: 73)
        // Above largestOrder LAPACK answers: there the identity checks the hand-over, and the
        // comparison with LAPACK is one with itself.
        for n in [1, 2, 3, 4, 5, 8, 17, 33, SmallCholesky.largestOrder, SmallCholesky.largestOrder + 1] {
            // A lower triangle with a diagonal in [0.75, 2], entries below scaled by 1/n like a
            // Cholesky factor of a well-conditioned matrix, and NaN above, which must stay untouched.
            var factor = Matrix(rows: n, columns: n) { i, j in
                i < j ? .nan : i == j ? 0.5 + 1.5 * abs(randomScalar(using: &rng)) / 1.78 : randomScalar(using: &rng) / Double(n)
            }
            let original = factor
            var reference = factor
            try factor.withMutableView { try SmallCholesky.invertFactor($0) }
            try reference.withMutableView { try LAPACK.invertTriangular($0) }
            for j in 0..<n {
                for i in 0..<n {
                    if i < j {
                        XCTAssertTrue(factor[i, j].isNaN, "n=\(n): the upper triangle was written at (\(i), \(j))")
                        continue
                    }
                    // (L⁻¹·L)[i, j] = Σ_{k=j…i} L⁻¹[i, k]·L[k, j], by a plain loop: 1 on the diagonal, 0 below.
                    let product = (j...i).reduce(0.0) { $0 + factor[i, $1] * original[$1, j] }
                    XCTAssertEqual(product, i == j ? 1 : 0, accuracy: 1e-12, "n=\(n) (\(i), \(j))")
                    XCTAssertEqual(factor[i, j], reference[i, j], accuracy: 1e-12 * max(1, abs(reference[i, j])), "n=\(n) (\(i), \(j))")
                }
            }
        }
    }

    func testInverseOfAnEmbeddedFactorTouchesOnlyItsLowerTriangle() throws {
        var rng = SplitMix64(seed: 75)
        let n = 9
        let factor = Matrix(rows: n, columns: n) { i, j in i < j ? 0 : i == j ? 1.5 : randomScalar(using: &rng) / 4 }
        var embedded = Embedded(factor, using: &rng)
        let original = embedded
        var reference = factor
        try embedded.withMutableView { try SmallCholesky.invertFactor($0) }
        try reference.withMutableView { try LAPACK.invertTriangular($0) }
        embedded.assertOutsideUnchanged(from: original)
        let inverse = embedded.block
        for j in 0..<n { for i in j..<n { XCTAssertEqual(inverse[i, j], reference[i, j], accuracy: 1e-13, "(\(i), \(j))") } }
    }

    func testFactorizeMatchesLAPACKsFactor() throws {
        var rng = SplitMix64(seed: 74)
        for n in [3, 33, SmallCholesky.largestOrder] {
            let b = Matrix.random(rows: n, columns: n, using: &rng)
            let a = Matrix(rows: n, columns: n) { i, j in (0..<n).reduce(0) { $0 + b[i, $1] * b[j, $1] } / Double(n) + (i == j ? 1 : 0) }
            var mine = a, theirs = a
            try mine.withMutableView { try SmallCholesky.factorize($0) }
            try theirs.withMutableView { try LAPACK.choleskyFactor($0) }
            for j in 0..<n { for i in j..<n { XCTAssertEqual(mine[i, j], theirs[i, j], accuracy: 1e-13, "n=\(n)") } }
        }
    }

    func testZeroOnTheDiagonalIsSingularAndLeavesTheFactorUnchanged() {
        // The last order goes to LAPACK: its `info` must come back as the same error.
        for (n, zero) in [(1, 0), (5, 3), (SmallCholesky.largestOrder + 1, 40)] {
            var factor = Matrix(rows: n, columns: n) { i, j in i < j ? 0 : i == j ? (i == zero ? 0 : 2) : 0.25 }
            let original = factor
            XCTAssertThrowsError(try factor.withMutableView { try SmallCholesky.invertFactor($0) }) { error in
                guard case let .singularFactor(_, index) = error as? LAPACKError else { return XCTFail("\(error)") }
                XCTAssertEqual(index, zero + 1, "n=\(n)")
            }
            if n <= SmallCholesky.largestOrder { XCTAssertEqual(factor, original, "n=\(n)") }
        }
    }
}
