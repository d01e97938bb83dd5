import LinearAlgebra
import XCTest

final class BLASLevel1Tests: XCTestCase {
    /// Lengths including 1 and 0, with strides 1 (contiguous) to 4 (a row of a matrix is similar).
    private func cases(_ rng: inout SplitMix64) -> [(count: Int, strideX: Int, strideY: Int)] {
        [(1, 1, 1), (0, 1, 2), (1, 3, 2)]
            + (0..<20).map { _ in (Int.random(in: 1...40, using: &rng), Int.random(in: 1...4, using: &rng), Int.random(in: 1...4, using: &rng)) }
    }

    private func values(_ n: Int, _ rng: inout SplitMix64) -> [Double] {
        (0..<n).map { _ in Double.random(in: -1...1, using: &rng) }
    }

    func testDotAndNrm2OnStridedVectors() {
        var rng = SplitMix64(seed: 10)
        for (n, sx, sy) in cases(&rng) {
            let x = StridedVector(values(n, &rng), stride: sx, using: &rng)
            let y = StridedVector(values(n, &rng), stride: sy, using: &rng)
            let dot = x.withView { xv in y.withView { yv in BLAS.dot(xv, yv) } }
            // Compared with: a plain loop over the values read back from storage.
            assertClose(dot, zip(x.values, y.values).reduce(0) { $0 + $1.0 * $1.1 })
            // Compared with: the square root of a plain sum of squares.
            assertClose(x.withView { BLAS.nrm2($0) }, x.values.reduce(0) { $0 + $1 * $1 }.squareRoot())
        }
    }

    func testAxpyAndScalOnStridedVectors() {
        var rng = SplitMix64(seed: 11)
        for (n, sx, sy) in cases(&rng) {
            let alpha = randomScalar(using: &rng)
            let x = StridedVector(values(n, &rng), stride: sx, using: &rng)
            var y = StridedVector(values(n, &rng), stride: sy, using: &rng)
            let before = y
            x.withView { xv in y.withMutableView { yv in BLAS.axpy(alpha: alpha, x: xv, y: yv) } }
            for i in 0..<n {
                // Compared with: alpha·x + y evaluated element by element.
                assertClose(y.values[i], alpha * x.values[i] + before.values[i])
            }
            // Compared with: the storage before the call; gaps and padding must not change.
            XCTAssertEqual(y.untouched, before.untouched)

            let scaled = y
            y.withMutableView { BLAS.scal(alpha: alpha, x: $0) }
            // Compared with: each value multiplied by alpha in Swift.
            XCTAssertEqual(y.values, scaled.values.map { alpha * $0 })
            XCTAssertEqual(y.untouched, scaled.untouched)
        }
    }

    func testLevel1OnRowsOfAMatrix() {
        var rng = SplitMix64(seed: 12)
        var m = Matrix.random(rows: 5, columns: 7, using: &rng)
        let before = m
        let dot = m.withView { BLAS.dot($0.row(1), $0.row(3)) }
        // Compared with: a plain loop over the two rows through the matrix subscript.
        assertClose(dot, (0..<7).reduce(0) { $0 + m[1, $1] * m[3, $1] })
        m.withMutableView { view in
            BLAS.axpy(alpha: -0.5, x: VectorView(view.row(0)), y: view.row(2))
        }
        for j in 0..<7 {
            for i in 0..<5 {
                // Compared with: the update written per element; only row 2 may change.
                XCTAssertEqual(m[i, j], i == 2 ? before[2, j] - 0.5 * before[0, j] : before[i, j], accuracy: 1e-15)
            }
        }
    }
}
