import CLinearAlgebra

// Level 2: matrix–vector operations.

extension BLAS {
    /// `y ← alpha·op(A)·x + beta·y`, where `op(A)` is `A` or `Aᵀ`.
    ///
    /// With `beta == 0`, `y` is overwritten and its old contents (even NaN) are ignored. When
    /// `op(A)` has no columns the result is `beta·y`, as the formula says (BLAS itself would
    /// leave `y` untouched).
    ///
    /// The corresponding BLAS routine is `cblas_dgemv`.
    public static func gemv(
        _ trans: Transpose = .noTranspose, alpha: Double = 1, a: MatrixView, x: VectorView,
        beta: Double = 0, y: MutableVectorView
    ) {
        let (opRows, opColumns) = trans == .noTranspose ? (a.rows, a.columns) : (a.columns, a.rows)
        precondition(x.count == opColumns, "dgemv: op(A) is \(opRows)×\(opColumns) but x has \(x.count) elements")
        precondition(y.count == opRows, "dgemv: op(A) is \(opRows)×\(opColumns) but y has \(y.count) elements")
        guard x.count > 0 else {
            // BLAS returns at once when op(A) has no columns, leaving y unscaled; the sum is
            // empty, so y ← beta·y is the answer (and beta = 0 must still clear NaN).
            scaleOrClear(y, by: beta)
            return
        }
        cblas_dgemv(
            CblasColMajor, trans.cblas,
            blasInt(a.rows, "m", routine: "dgemv"), blasInt(a.columns, "n", routine: "dgemv"), alpha,
            a.baseAddress, blasInt(a.leadingDimension, "lda", routine: "dgemv"),
            x.baseAddress, blasInt(x.stride, "incx", routine: "dgemv"), beta,
            y.baseAddress, blasInt(y.stride, "incy", routine: "dgemv"))
    }
}

/// `y ← beta·y`, with `beta == 0` writing zeros so that NaN in `y` does not survive, as BLAS's
/// own `beta == 0` convention promises.
private func scaleOrClear(_ y: MutableVectorView, by beta: Double) {
    if beta == 0 {
        for i in 0..<y.count { y[i] = 0 }
    } else {
        BLAS.scal(alpha: beta, x: y)
    }
}
