import CLinearAlgebra

// Level 3: matrix–matrix operations, and the symmetric fill-in that syrk's output needs.

extension BLAS {
    /// `C ← alpha·op(A)·op(B) + beta·C`, where `op(X)` is `X` or `Xᵀ`.
    ///
    /// With `beta == 0`, `C` is overwritten and its old contents (even NaN) are ignored.
    ///
    /// The corresponding BLAS routine is `cblas_dgemm`.
    public static func gemm(
        transA: Transpose = .noTranspose, transB: Transpose = .noTranspose, alpha: Double = 1,
        a: MatrixView, b: MatrixView, beta: Double = 0, c: MutableMatrixView
    ) {
        let (m, kA) = transA == .noTranspose ? (a.rows, a.columns) : (a.columns, a.rows)
        let (kB, n) = transB == .noTranspose ? (b.rows, b.columns) : (b.columns, b.rows)
        precondition(kA == kB, "dgemm: op(A) is \(m)×\(kA) but op(B) is \(kB)×\(n)")
        precondition(
            c.rows == m && c.columns == n,
            "dgemm: op(A)·op(B) is \(m)×\(n) but C is \(c.rows)×\(c.columns)")
        cblas_dgemm(
            CblasColMajor, transA.cblas, transB.cblas,
            blasInt(m, "m", routine: "dgemm"), blasInt(n, "n", routine: "dgemm"), blasInt(kA, "k", routine: "dgemm"),
            alpha, a.baseAddress, blasInt(a.leadingDimension, "lda", routine: "dgemm"),
            b.baseAddress, blasInt(b.leadingDimension, "ldb", routine: "dgemm"),
            beta, c.baseAddress, blasInt(c.leadingDimension, "ldc", routine: "dgemm"))
    }

    /// `C ← alpha·A·Aᵀ + beta·C` (`trans == .noTranspose`) or `C ← alpha·Aᵀ·A + beta·C`
    /// (`.transpose`), computing only the `triangle` of the symmetric `C`.
    ///
    /// The other triangle is neither read nor written; call ``symmetrize(_:from:)`` when a full
    /// matrix is needed (LAPACK's Cholesky routines read one triangle and do not need it).
    /// With gathered rows `X` (one answer per row), `.transpose` builds the normal matrix `XᵀX`.
    ///
    /// The corresponding BLAS routine is `cblas_dsyrk`.
    public static func syrk(
        _ triangle: Triangle, _ trans: Transpose, alpha: Double = 1, a: MatrixView, beta: Double = 0,
        c: MutableMatrixView
    ) {
        let (n, k) = trans == .noTranspose ? (a.rows, a.columns) : (a.columns, a.rows)
        precondition(c.rows == c.columns, "dsyrk: C must be square but is \(c.rows)×\(c.columns)")
        precondition(c.rows == n, "dsyrk: the product is \(n)×\(n) but C is \(c.rows)×\(c.columns)")
        cblas_dsyrk(
            CblasColMajor, triangle.cblas, trans.cblas,
            blasInt(n, "n", routine: "dsyrk"), blasInt(k, "k", routine: "dsyrk"),
            alpha, a.baseAddress, blasInt(a.leadingDimension, "lda", routine: "dsyrk"),
            beta, c.baseAddress, blasInt(c.leadingDimension, "ldc", routine: "dsyrk"))
    }

    /// Copies the `triangle` of the square matrix `c` onto the other triangle, making `c`
    /// symmetric, after a routine (`dsyrk`, `dpotri`) that computes only one triangle.
    ///
    /// Plain Swift: BLAS has no routine for this; it is O(n²) beside those routines' O(n³).
    public static func symmetrize(_ c: MutableMatrixView, from triangle: Triangle) {
        precondition(c.rows == c.columns, "symmetrize: C must be square but is \(c.rows)×\(c.columns)")
        let ld = c.leadingDimension
        let base = c.baseAddress
        // (i, j) with i > j is in the lower triangle; (j, i) is its mirror in the upper. The
        // triangle is chosen outside the loops, which then compile to plain copies.
        let (source, target) = triangle == .lower ? (1, ld) : (ld, 1)
        for j in 0..<c.columns {
            let diagonal = j &* (ld &+ 1)
            for offset in 1..<max(1, c.rows &- j) {
                base[diagonal &+ offset &* target] = base[diagonal &+ offset &* source]
            }
        }
    }
}
