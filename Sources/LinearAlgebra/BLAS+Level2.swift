import CLinearAlgebra

// Level 2: matrix–vector operations.

extension BLAS {
    /// `y ← alpha·op(A)·x + beta·y`, where `op(A)` is `A` or `Aᵀ`.
    ///
    /// With `beta == 0`, `y` is overwritten and its old contents (even NaN) are ignored.
    ///
    /// The corresponding BLAS routine is `cblas_dgemv`.
    public static func gemv(
        _ trans: Transpose = .noTranspose, alpha: Double = 1, a: MatrixView, x: VectorView,
        beta: Double = 0, y: MutableVectorView
    ) {
        let (opRows, opColumns) = trans == .noTranspose ? (a.rows, a.columns) : (a.columns, a.rows)
        precondition(x.count == opColumns, "dgemv: op(A) is \(opRows)×\(opColumns) but x has \(x.count) elements")
        precondition(y.count == opRows, "dgemv: op(A) is \(opRows)×\(opColumns) but y has \(y.count) elements")
        cblas_dgemv(
            CblasColMajor, trans.cblas,
            blasInt(a.rows, "m", routine: "dgemv"), blasInt(a.columns, "n", routine: "dgemv"), alpha,
            a.baseAddress, blasInt(a.leadingDimension, "lda", routine: "dgemv"),
            x.baseAddress, blasInt(x.stride, "incx", routine: "dgemv"), beta,
            y.baseAddress, blasInt(y.stride, "incy", routine: "dgemv"))
    }
}
