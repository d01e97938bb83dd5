import LinearAlgebra
import XCTest

final class ViewTests: XCTestCase {
    func testMatrixIsColumnMajor() {
        let m = Matrix(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5, 6])
        // Compared with: the column-major layout written out by hand.
        XCTAssertEqual(m[1, 0], 2)
        XCTAssertEqual(m[0, 1], 3)
        XCTAssertEqual(m[1, 2], 6)
        // Compared with: the element function evaluated by hand.
        XCTAssertEqual(Matrix(rows: 2, columns: 2) { i, j in Double(10 * i + j) }.elements, [0, 10, 1, 11])
        XCTAssertEqual(Matrix.identity(2).elements, [1, 0, 0, 1])
    }

    func testSubmatrixRowAndColumnAddressTheParentsElements() {
        var rng = SplitMix64(seed: 1)
        let parent = Matrix.random(rows: 6, columns: 5, using: &rng)
        parent.withView { view in
            let sub = view.submatrix(rows: 2..<5, columns: 1..<4)
            XCTAssertEqual(sub.leadingDimension, 6)
            for j in 0..<3 {
                for i in 0..<3 {
                    // Compared with: the parent's subscript at the shifted index.
                    XCTAssertEqual(sub[i, j], parent[i + 2, j + 1])
                }
            }
            // Compared with: row 1 of the block read from the parent, element by element.
            XCTAssertEqual(Array(sub.row(1)), [parent[3, 1], parent[3, 2], parent[3, 3]])
            XCTAssertEqual(sub.row(1).stride, 6)
            // Compared with: column 2 of the block read from the parent.
            XCTAssertEqual(Array(sub.column(2)), [parent[2, 3], parent[3, 3], parent[4, 3]])
        }
    }

    func testMutableViewsWriteThroughToTheMatrix() {
        var m = Matrix(rows: 4, columns: 3)
        m.withMutableView { view in
            let sub = view.submatrix(rows: 1..<3, columns: 1..<3)
            sub[0, 1] = 7
            sub.row(1)[0] = 8
            sub.column(0)[0] = 9
        }
        // Compared with: the positions in the 4×3 parent computed by hand.
        XCTAssertEqual(m[1, 2], 7)
        XCTAssertEqual(m[2, 1], 8)
        XCTAssertEqual(m[1, 1], 9)
        XCTAssertEqual(m.elements.filter { $0 != 0 }.count, 3)
    }

    func testFillLeavesTheGapsBetweenColumns() {
        var m = Matrix(rows: 3, columns: 3, repeating: 1)
        m.withMutableView { $0.submatrix(rows: 0..<2, columns: 1..<3).fill(with: 5) }
        // Compared with: the expected matrix written out column by column.
        XCTAssertEqual(m.elements, [1, 1, 1, 5, 5, 1, 5, 5, 1])
    }

    func testCopyingAViewPacksIt() {
        var rng = SplitMix64(seed: 2)
        let parent = Matrix.random(rows: 5, columns: 4, using: &rng)
        let copy = parent.withView { Matrix(copying: $0.submatrix(rows: 1..<4, columns: 2..<4)) }
        // Compared with: the parent's subscript at the shifted index.
        XCTAssertEqual(copy, Matrix(rows: 3, columns: 2) { i, j in parent[i + 1, j + 2] })
    }

    func testViewsOverRawPointersAndArrays() {
        // The engine's pattern: a scratch buffer it allocated itself, viewed without copying.
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 12)
        defer { scratch.deallocate() }
        for i in 0..<12 { scratch[i] = Double(i) }
        let matrix = MutableMatrixView(baseAddress: scratch, rows: 3, columns: 2, leadingDimension: 5)
        // Compared with: index i + j·5 into the buffer.
        XCTAssertEqual(matrix[2, 1], 7)
        let vector = VectorView(baseAddress: scratch + 1, count: 4, stride: 3)
        // Compared with: elements 1, 4, 7, 10 of the buffer.
        XCTAssertEqual(Array(vector), [1, 4, 7, 10])

        var array: [Double] = [1, 2, 3]
        array.withMutableVectorView { $0[2] = 30 }
        // Compared with: the array literal with the one element changed.
        XCTAssertEqual(array, [1, 2, 30])
        // Compared with: the sum of the literal's elements.
        XCTAssertEqual(array.withVectorView { $0.reduce(0, +) }, 33)
    }

    func testEmptyMatricesAndArraysGiveUsableViews() {
        let empty = Matrix(rows: 0, columns: 3)
        // Compared with: BLAS's rule that lda ≥ max(1, rows).
        XCTAssertEqual(empty.withView { $0.leadingDimension }, 1)
        XCTAssertEqual([Double]().withVectorView { $0.count }, 0)
    }
}
