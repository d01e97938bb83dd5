import LinearAlgebra
import XCTest

/// SplitMix64: a tiny seeded generator, so every random shape and value is reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Matrix {
    static func random(rows: Int, columns: Int, using rng: inout SplitMix64) -> Matrix {
        Matrix(rows: rows, columns: columns) { _, _ in Double.random(in: -1...1, using: &rng) }
    }
}

/// A scalar that is neither 0 nor 1, so alpha/beta scaling mistakes cannot hide.
func randomScalar(using rng: inout SplitMix64) -> Double {
    (Bool.random(using: &rng) ? 1 : -1) * Double.random(in: 0.25...1.75, using: &rng) + 0.03
}

/// A `rows × columns` block stored inside a larger random matrix, so views of it have a leading
/// dimension above `rows` and an offset base address. Its contents are read back through the
/// parent's own subscript (plain index arithmetic), independent of the view code under test.
struct Embedded {
    var parent: Matrix
    let rowRange: Range<Int>
    let columnRange: Range<Int>

    init(_ block: Matrix, using rng: inout SplitMix64) {
        let top = Int.random(in: 0...2, using: &rng), bottom = Int.random(in: 1...3, using: &rng)
        let left = Int.random(in: 0...2, using: &rng), right = Int.random(in: 0...2, using: &rng)
        parent = .random(rows: top + block.rows + bottom, columns: left + block.columns + right, using: &rng)
        rowRange = top..<(top + block.rows)
        columnRange = left..<(left + block.columns)
        for j in 0..<block.columns {
            for i in 0..<block.rows { parent[top + i, left + j] = block[i, j] }
        }
    }

    var block: Matrix {
        Matrix(rows: rowRange.count, columns: columnRange.count) { i, j in
            parent[rowRange.lowerBound + i, columnRange.lowerBound + j]
        }
    }

    func withView<R>(_ body: (MatrixView) throws -> R) rethrows -> R {
        try parent.withView { try body($0.submatrix(rows: rowRange, columns: columnRange)) }
    }

    mutating func withMutableView<R>(_ body: (MutableMatrixView) throws -> R) rethrows -> R {
        let (rows, columns) = (rowRange, columnRange)
        return try parent.withMutableView { try body($0.submatrix(rows: rows, columns: columns)) }
    }

    /// Fails if any parent element outside the block differs from `original`'s.
    func assertOutsideUnchanged(from original: Embedded, file: StaticString = #filePath, line: UInt = #line) {
        for j in 0..<parent.columns {
            for i in 0..<parent.rows where !(rowRange.contains(i) && columnRange.contains(j)) {
                // Compared with: the parent before the call; a leading-dimension bug writes here.
                XCTAssertEqual(parent[i, j], original.parent[i, j], "element (\(i), \(j)) outside the block", file: file, line: line)
            }
        }
    }
}

/// `count` values stored `stride` apart after `offset` padding elements in a random array.
struct StridedVector {
    var storage: [Double]
    let offset: Int
    let count: Int
    let stride: Int

    init(_ values: [Double], stride: Int, using rng: inout SplitMix64) {
        offset = Int.random(in: 0...2, using: &rng)
        count = values.count
        self.stride = stride
        storage = (0..<(offset + max(0, values.count - 1) * stride + 1 + stride)).map { _ in Double.random(in: -1...1, using: &rng) }
        for (i, v) in values.enumerated() { storage[offset + i * stride] = v }
    }

    var values: [Double] { (0..<count).map { storage[offset + $0 * stride] } }

    func withView<R>(_ body: (VectorView) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer {
            try body(VectorView(baseAddress: $0.baseAddress! + offset, count: count, stride: stride))
        }
    }

    mutating func withMutableView<R>(_ body: (MutableVectorView) throws -> R) rethrows -> R {
        let (offset, count, stride) = (offset, count, stride)
        return try storage.withUnsafeMutableBufferPointer {
            try body(MutableVectorView(baseAddress: $0.baseAddress! + offset, count: count, stride: stride))
        }
    }

    /// The padding and gap elements, which a routine must leave alone.
    var untouched: [Double] {
        storage.indices.filter { i in !(i >= offset && (i - offset) % stride == 0 && (i - offset) / stride < count) }
            .map { storage[$0] }
    }
}

/// Plain triple-loop reference: `alpha·op(A)·op(B) + beta·C`.
func referenceGemm(_ transA: Transpose, _ transB: Transpose, alpha: Double, _ a: Matrix, _ b: Matrix, beta: Double, _ c: Matrix) -> Matrix {
    func opA(_ i: Int, _ l: Int) -> Double { transA == .noTranspose ? a[i, l] : a[l, i] }
    func opB(_ l: Int, _ j: Int) -> Double { transB == .noTranspose ? b[l, j] : b[j, l] }
    let k = transA == .noTranspose ? a.columns : a.rows
    return Matrix(rows: c.rows, columns: c.columns) { i, j in
        var sum = 0.0
        for l in 0..<k { sum += opA(i, l) * opB(l, j) }
        return alpha * sum + beta * c[i, j]
    }
}

func assertClose(_ actual: Double, _ expected: Double, tolerance: Double = 1e-12, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertLessThanOrEqual(abs(actual - expected), tolerance * max(1, abs(expected)), "\(actual) vs \(expected) \(message)", file: file, line: line)
}

func assertClose(_ actual: Matrix, _ expected: Matrix, tolerance: Double = 1e-12, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.rows, expected.rows, file: file, line: line)
    XCTAssertEqual(actual.columns, expected.columns, file: file, line: line)
    guard actual.rows == expected.rows, actual.columns == expected.columns else { return }
    for j in 0..<actual.columns {
        for i in 0..<actual.rows {
            assertClose(actual[i, j], expected[i, j], tolerance: tolerance, "at (\(i), \(j)) \(message)", file: file, line: line)
        }
    }
}
