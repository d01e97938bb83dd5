import LinearAlgebra
import XCTest

final class BLASLevel3Tests: XCTestCase {
    func testGemmMatchesTripleLoopForAllTransposesOnSubmatrices() {
        var rng = SplitMix64(seed: 30)
        let shapes = [(1, 1, 1), (5, 3, 0), (1, 4, 6), (7, 1, 2)]
            + (0..<25).map { _ in (Int.random(in: 1...12, using: &rng), Int.random(in: 1...12, using: &rng), Int.random(in: 1...12, using: &rng)) }
        for (m, n, k) in shapes {
            for transA in Transpose.allCases {
                for transB in Transpose.allCases {
                    let (alpha, beta) = (randomScalar(using: &rng), randomScalar(using: &rng))
                    let a = Embedded(transA == .noTranspose ? .random(rows: m, columns: k, using: &rng) : .random(rows: k, columns: m, using: &rng), using: &rng)
                    let b = Embedded(transB == .noTranspose ? .random(rows: k, columns: n, using: &rng) : .random(rows: n, columns: k, using: &rng), using: &rng)
                    var c = Embedded(.random(rows: m, columns: n, using: &rng), using: &rng)
                    let before = c
                    a.withView { av in
                        b.withView { bv in
                            c.withMutableView { cv in
                                BLAS.gemm(transA: transA, transB: transB, alpha: alpha, a: av, b: bv, beta: beta, c: cv)
                            }
                        }
                    }
                    // Compared with: the triple loop in referenceGemm over packed copies of the blocks.
                    let expected = referenceGemm(transA, transB, alpha: alpha, a.block, b.block, beta: beta, before.block)
                    assertClose(c.block, expected, "m=\(m) n=\(n) k=\(k) \(transA) \(transB)")
                    c.assertOutsideUnchanged(from: before)
                }
            }
        }
    }

    func testSyrkComputesOnlyItsTriangle() {
        var rng = SplitMix64(seed: 31)
        let shapes = [(1, 1), (3, 1), (1, 4)] + (0..<15).map { _ in (Int.random(in: 1...12, using: &rng), Int.random(in: 1...12, using: &rng)) }
        for (n, k) in shapes {
            for triangle in Triangle.allCases {
                for trans in Transpose.allCases {
                    let (alpha, beta) = (randomScalar(using: &rng), randomScalar(using: &rng))
                    let a = Embedded(trans == .noTranspose ? .random(rows: n, columns: k, using: &rng) : .random(rows: k, columns: n, using: &rng), using: &rng)
                    var c = Embedded(.random(rows: n, columns: n, using: &rng), using: &rng)
                    let before = c
                    a.withView { av in
                        c.withMutableView { BLAS.syrk(triangle, trans, alpha: alpha, a: av, beta: beta, c: $0) }
                    }
                    // Compared with: the triple loop for A·Aᵀ (or Aᵀ·A) as a gemm with B = A.
                    let other: Transpose = trans == .noTranspose ? .transpose : .noTranspose
                    let expected = referenceGemm(trans, other, alpha: alpha, a.block, a.block, beta: beta, before.block)
                    let result = c.block
                    for j in 0..<n {
                        for i in 0..<n {
                            let inTriangle = triangle == .lower ? i >= j : i <= j
                            if inTriangle {
                                assertClose(result[i, j], expected[i, j], "n=\(n) k=\(k) \(triangle) \(trans)")
                            } else {
                                // Compared with: C before the call; syrk must not write the other triangle.
                                XCTAssertEqual(result[i, j], before.block[i, j])
                            }
                        }
                    }
                    c.assertOutsideUnchanged(from: before)

                    c.withMutableView { BLAS.symmetrize($0, from: triangle) }
                    // Compared with: the full reference product, which is symmetric.
                    assertClose(c.block, expected.symmetricPart(from: triangle))
                    c.assertOutsideUnchanged(from: before)
                }
            }
        }
    }

    func testSymmetrizeCopiesTheNamedTriangle() {
        var m = Matrix(rows: 3, columns: 3, elements: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        m.withMutableView { BLAS.symmetrize($0, from: .lower) }
        // Compared with: the lower triangle [1; 2 5; 3 6 9] mirrored by hand.
        XCTAssertEqual(m.elements, [1, 2, 3, 2, 5, 6, 3, 6, 9])
        var u = Matrix(rows: 3, columns: 3, elements: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        u.withMutableView { BLAS.symmetrize($0, from: .upper) }
        // Compared with: the upper triangle [1 4 7; 5 8; 9] mirrored by hand.
        XCTAssertEqual(u.elements, [1, 4, 7, 4, 5, 8, 7, 8, 9])
    }
}

extension Matrix {
    /// The symmetric matrix that agrees with `self` on `triangle` (plain loops, for comparisons).
    func symmetricPart(from triangle: Triangle) -> Matrix {
        Matrix(rows: rows, columns: columns) { i, j in
            let (r, c) = triangle == .lower ? (max(i, j), min(i, j)) : (min(i, j), max(i, j))
            return self[r, c]
        }
    }

    /// `B ← A·B` in single precision against a double triple loop over A's lower triangle; the
    /// upper triangle holds huge values that would show if strmm read it.
    func testSingleLowerTriangularProductMatchesLoopAndIgnoresUpperTriangle() {
        var rng = SplitMix64(seed: 33)
        for (order, columns) in [(1, 1), (3, 7), (32, 5), (33, 40)] {
            let a = Matrix.random(rows: order, columns: order, using: &rng)
            let b = Matrix.random(rows: order, columns: columns, using: &rng)
            var single = [Float](repeating: 0, count: order * order)
            for j in 0..<order { for i in 0..<order { single[j * order + i] = i >= j ? Float(a[i, j]) : 1e30 } }
            var product = (0..<(order * columns)).map { Float(b[$0 % order, $0 / order]) }
            single.withUnsafeBufferPointer { a in
                product.withUnsafeMutableBufferPointer { b in
                    BLAS.multiplyByLowerTriangular(a.baseAddress!, order: order, b: b.baseAddress!, columns: columns)
                }
            }
            for j in 0..<columns {
                for i in 0..<order {
                    // Compared with: Σ_{l ≤ i} A[i, l]·B[l, j] in double.
                    let expected = (0...i).reduce(0.0) { $0 + a[i, $1] * b[$1, j] }
                    XCTAssertEqual(Double(product[j * order + i]), expected, accuracy: 1e-5 * max(1, abs(expected)), "order \(order) (\(i), \(j))")
                }
            }
        }
    }
}
