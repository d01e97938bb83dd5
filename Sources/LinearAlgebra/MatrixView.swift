/// A read-only, non-owning view of a column-major matrix of doubles.
///
/// Element `(i, j)` lives at `baseAddress[i + j * leadingDimension]`. A leading dimension above
/// `rows` describes a submatrix of a larger matrix, which BLAS and LAPACK accept directly, so
/// sub-blocks are never copied. The view does not keep its memory alive: use it only inside the
/// `withUnsafe…` scope (or the lifetime of the raw buffer) it was created from. Creating views
/// allocates nothing.
public struct MatrixView {
    public let baseAddress: UnsafePointer<Double>
    public let rows: Int
    public let columns: Int
    public let leadingDimension: Int

    /// A view of a `rows × columns` matrix at `baseAddress`; `leadingDimension` defaults to
    /// `max(1, rows)` (a densely packed matrix) and must be at least that, as BLAS requires.
    public init(baseAddress: UnsafePointer<Double>, rows: Int, columns: Int, leadingDimension: Int? = nil) {
        let ld = leadingDimension ?? max(1, rows)
        validateShape(rows: rows, columns: columns, leadingDimension: ld, type: "MatrixView")
        self.baseAddress = baseAddress
        self.rows = rows
        self.columns = columns
        self.leadingDimension = ld
    }

    /// A read-only view of the same elements, for passing a result on as an input.
    public init(_ view: MutableMatrixView) {
        self.init(
            baseAddress: UnsafePointer(view.baseAddress), rows: view.rows, columns: view.columns,
            leadingDimension: view.leadingDimension)
    }

    public subscript(row: Int, column: Int) -> Double {
        baseAddress[elementOffset(row, column, rows: rows, columns: columns, leadingDimension: leadingDimension)]
    }

    /// The block `rows × columns` of this matrix, sharing its storage and leading dimension.
    public func submatrix(rows rowRange: Range<Int>, columns columnRange: Range<Int>) -> MatrixView {
        let offset = submatrixOffset(rowRange, columnRange, rows: rows, columns: columns, leadingDimension: leadingDimension)
        return MatrixView(
            baseAddress: baseAddress + offset, rows: rowRange.count, columns: columnRange.count,
            leadingDimension: leadingDimension)
    }

    /// Column `j` as a contiguous vector.
    public func column(_ j: Int) -> VectorView {
        precondition(j >= 0 && j < columns, "MatrixView: column \(j) out of 0..<\(columns)")
        return VectorView(baseAddress: baseAddress + j * leadingDimension, count: rows)
    }

    /// Row `i` as a vector with stride `leadingDimension`.
    public func row(_ i: Int) -> VectorView {
        precondition(i >= 0 && i < rows, "MatrixView: row \(i) out of 0..<\(rows)")
        return VectorView(baseAddress: baseAddress + i, count: columns, stride: leadingDimension)
    }
}

/// A mutable, non-owning view of a column-major matrix of doubles.
///
/// Writes go through the pointer, so the element setter is `nonmutating`. The same layout and
/// lifetime rules as ``MatrixView`` apply.
public struct MutableMatrixView {
    public let baseAddress: UnsafeMutablePointer<Double>
    public let rows: Int
    public let columns: Int
    public let leadingDimension: Int

    /// A view of a `rows × columns` matrix at `baseAddress`; `leadingDimension` defaults to
    /// `max(1, rows)` (a densely packed matrix) and must be at least that, as BLAS requires.
    public init(baseAddress: UnsafeMutablePointer<Double>, rows: Int, columns: Int, leadingDimension: Int? = nil) {
        let ld = leadingDimension ?? max(1, rows)
        validateShape(rows: rows, columns: columns, leadingDimension: ld, type: "MutableMatrixView")
        self.baseAddress = baseAddress
        self.rows = rows
        self.columns = columns
        self.leadingDimension = ld
    }

    public subscript(row: Int, column: Int) -> Double {
        get {
            baseAddress[elementOffset(row, column, rows: rows, columns: columns, leadingDimension: leadingDimension)]
        }
        nonmutating set {
            baseAddress[elementOffset(row, column, rows: rows, columns: columns, leadingDimension: leadingDimension)] =
                newValue
        }
    }

    /// The block `rows × columns` of this matrix, sharing its storage and leading dimension.
    public func submatrix(rows rowRange: Range<Int>, columns columnRange: Range<Int>) -> MutableMatrixView {
        let offset = submatrixOffset(rowRange, columnRange, rows: rows, columns: columns, leadingDimension: leadingDimension)
        return MutableMatrixView(
            baseAddress: baseAddress + offset, rows: rowRange.count, columns: columnRange.count,
            leadingDimension: leadingDimension)
    }

    /// Column `j` as a contiguous vector.
    public func column(_ j: Int) -> MutableVectorView {
        precondition(j >= 0 && j < columns, "MutableMatrixView: column \(j) out of 0..<\(columns)")
        return MutableVectorView(baseAddress: baseAddress + j * leadingDimension, count: rows)
    }

    /// Row `i` as a vector with stride `leadingDimension`.
    public func row(_ i: Int) -> MutableVectorView {
        precondition(i >= 0 && i < rows, "MutableMatrixView: row \(i) out of 0..<\(rows)")
        return MutableVectorView(baseAddress: baseAddress + i, count: columns, stride: leadingDimension)
    }

    /// Sets every element of the view to `value`, leaving the gaps between columns untouched.
    public func fill(with value: Double) {
        for j in 0..<columns {
            (baseAddress + j * leadingDimension).update(repeating: value, count: rows)
        }
    }
}

// Shared by both view types so the layout rules are written once.

private func validateShape(rows: Int, columns: Int, leadingDimension: Int, type: StaticString) {
    precondition(rows >= 0 && columns >= 0, "\(type): negative shape \(rows)×\(columns)")
    precondition(
        leadingDimension >= max(1, rows),
        "\(type): leading dimension \(leadingDimension) must be at least max(1, rows = \(rows))")
}

@inline(__always)
private func elementOffset(_ row: Int, _ column: Int, rows: Int, columns: Int, leadingDimension: Int) -> Int {
    precondition(
        row >= 0 && row < rows && column >= 0 && column < columns,
        "matrix view: element (\(row), \(column)) outside \(rows)×\(columns)")
    return row + column * leadingDimension
}

private func submatrixOffset(
    _ rowRange: Range<Int>, _ columnRange: Range<Int>, rows: Int, columns: Int, leadingDimension: Int
) -> Int {
    precondition(
        rowRange.lowerBound >= 0 && rowRange.upperBound <= rows,
        "submatrix: rows \(rowRange) outside 0..<\(rows)")
    precondition(
        columnRange.lowerBound >= 0 && columnRange.upperBound <= columns,
        "submatrix: columns \(columnRange) outside 0..<\(columns)")
    return rowRange.lowerBound + columnRange.lowerBound * leadingDimension
}
