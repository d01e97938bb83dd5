import LinearAlgebra
import XCTest

final class BLASLevel2Tests: XCTestCase {
    func testGemvMatchesPlainLoopsOnStridedViews() {
        var rng = SplitMix64(seed: 20)
        let shapes = [(1, 1), (4, 1), (1, 5), (3, 0)]
            + (0..<20).map { _ in (Int.random(in: 1...15, using: &rng), Int.random(in: 1...15, using: &rng)) }
        for (index, (m, n)) in shapes.enumerated() {
            for trans in Transpose.allCases {
                let (alpha, beta) = (randomScalar(using: &rng), randomScalar(using: &rng))
                let a = Embedded(.random(rows: m, columns: n, using: &rng), using: &rng)
                let (xCount, yCount) = trans == .noTranspose ? (n, m) : (m, n)
                let xValues = (0..<xCount).map { _ in Double.random(in: -1...1, using: &rng) }
                let x = StridedVector(xValues, stride: Int.random(in: 1...3, using: &rng), using: &rng)
                // y alternates between a strided array and a row of a matrix (stride = its rows).
                var yMatrix = Embedded(.random(rows: 3, columns: yCount, using: &rng), using: &rng)
                let yRow = index % 3
                let yBefore = yMatrix
                let yOld = (0..<yCount).map { yMatrix.block[yRow, $0] }

                a.withView { av in
                    x.withView { xv in
                        yMatrix.withMutableView { ym in
                            BLAS.gemv(trans, alpha: alpha, a: av, x: xv, beta: beta, y: ym.row(yRow))
                        }
                    }
                }
                let block = a.block
                for i in 0..<yCount {
                    var sum = 0.0
                    for l in 0..<xCount { sum += (trans == .noTranspose ? block[i, l] : block[l, i]) * xValues[l] }
                    // Compared with: alpha·op(A)·x + beta·y by a plain loop over the block's elements.
                    assertClose(yMatrix.block[yRow, i], alpha * sum + beta * yOld[i], "shape \(m)×\(n) \(trans)")
                }
                for r in 0..<3 where r != yRow {
                    // Compared with: the other rows before the call; only row yRow may change.
                    XCTAssertEqual((0..<yCount).map { yMatrix.block[r, $0] }, (0..<yCount).map { yBefore.block[r, $0] })
                }
                yMatrix.assertOutsideUnchanged(from: yBefore)
            }
        }
    }

    func testGemvWithBetaZeroIgnoresNaNInY() {
        var y: [Double] = [.nan, .nan]
        let a = Matrix(rows: 2, columns: 2, elements: [1, 2, 3, 4])
        a.withView { av in
            [1.0, 1.0].withVectorView { xv in y.withMutableVectorView { BLAS.gemv(a: av, x: xv, y: $0) } }
        }
        // Compared with: the row sums of [[1, 3], [2, 4]] worked out by hand.
        XCTAssertEqual(y, [4, 6])
    }
}

extension BLASLevel2Tests {
    func testGemvWithNoColumnsScalesY() {
        var y: [Double] = [2, .nan]
        let a = Matrix(rows: 2, columns: 0)
        a.withView { av in
            [Double]().withVectorView { xv in y.withMutableVectorView { BLAS.gemv(a: av, x: xv, beta: 0.5, y: $0) } }
        }
        // Compared with: 0.5·y by hand (the empty product contributes nothing).
        XCTAssertEqual(y[0], 1)
        XCTAssertTrue(y[1].isNaN)
        a.withView { av in
            [Double]().withVectorView { xv in y.withMutableVectorView { BLAS.gemv(a: av, x: xv, beta: 0, y: $0) } }
        }
        // Compared with: BLAS's beta = 0 convention, which discards NaN.
        XCTAssertEqual(y, [0, 0])
    }
}
