/// An owning, dense, column-major matrix of doubles.
///
/// Element `(i, j)` is `elements[i + j * rows]`, the layout BLAS and LAPACK expect, so a
/// `Matrix` is handed to them through ``withView(_:)`` or ``withMutableView(_:)`` without
/// copying. It is a value type with copy-on-write storage, like the array it wraps.
public struct Matrix: Sendable, Hashable {
    public let rows: Int
    public let columns: Int
    /// The elements in column-major order; always `rows * columns` long.
    public private(set) var elements: [Double]

    /// A `rows × columns` matrix with every element equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// A `rows × columns` matrix over `elements` given in column-major order.
    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)×\(columns)")
        precondition(
            elements.count == rows * columns,
            "Matrix: \(elements.count) elements cannot fill \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A `rows × columns` matrix whose element `(i, j)` is `element(i, j)`.
    public init(rows: Int, columns: Int, element: (_ row: Int, _ column: Int) throws -> Double) rethrows {
        self.init(rows: rows, columns: columns)
        for j in 0..<columns {
            for i in 0..<rows {
                elements[i + j * rows] = try element(i, j)
            }
        }
    }

    /// A packed copy of the elements a view describes, for keeping a result beyond the view's scope.
    public init(copying view: MatrixView) {
        self.init(rows: view.rows, columns: view.columns) { i, j in view[i, j] }
    }

    /// The `n × n` identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        Matrix(rows: n, columns: n) { i, j in i == j ? 1 : 0 }
    }

    public subscript(row: Int, column: Int) -> Double {
        get { elements[offset(row, column)] }
        set { elements[offset(row, column)] = newValue }
    }

    /// Calls `body` with a read-only view of the whole matrix.
    public func withView<R, E: Error>(_ body: (MatrixView) throws(E) -> R) throws(E) -> R {
        try elements.withUnsafeBufferPointer { (buffer) throws(E) -> R in
            try body(MatrixView(baseAddress: buffer.baseAddress ?? UnsafePointer(emptyStorage()), rows: rows, columns: columns))
        }
    }

    /// Calls `body` with a mutable view of the whole matrix; writes through the view change `self`.
    public mutating func withMutableView<R, E: Error>(_ body: (MutableMatrixView) throws(E) -> R) throws(E) -> R {
        let (rows, columns) = (rows, columns)
        return try elements.withUnsafeMutableBufferPointer { (buffer) throws(E) -> R in
            try body(MutableMatrixView(baseAddress: buffer.baseAddress ?? emptyStorage(), rows: rows, columns: columns))
        }
    }

    private func offset(_ row: Int, _ column: Int) -> Int {
        precondition(
            row >= 0 && row < rows && column >= 0 && column < columns,
            "Matrix: element (\(row), \(column)) outside \(rows)×\(columns)")
        return row + column * rows
    }
}
