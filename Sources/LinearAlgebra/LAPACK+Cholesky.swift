import CLinearAlgebra

/// Safe wrappers over the LAPACK routines Lotrinh uses: Cholesky factorization, solve and
/// inverse of symmetric positive-definite matrices, in double precision and column-major order.
///
/// Shapes are validated with preconditions; numerical failures (a matrix that is not positive
/// definite) throw ``LAPACKError``. Each routine reads and writes only the given `triangle`;
/// the factor and the solve must use the same one.
public enum LAPACK {}

extension LAPACK {
    /// Factors the symmetric positive-definite `a` in place as `A = L·Lᵀ` (`.lower`) or
    /// `A = Uᵀ·U` (`.upper`); only that triangle of `a` is read and overwritten.
    ///
    /// - Throws: ``LAPACKError/notPositiveDefinite(routine:leadingMinor:)`` naming the first
    ///   leading minor that is not positive; `a` is then partly overwritten.
    ///
    /// The corresponding LAPACK routine is `dpotrf`.
    public static func choleskyFactor(_ a: MutableMatrixView, triangle: Triangle = .lower) throws(LAPACKError) {
        precondition(a.rows == a.columns, "dpotrf: A must be square but is \(a.rows)×\(a.columns)")
        var uplo = triangle.lapackCharacter
        var n = blasInt(a.rows, "n", routine: "dpotrf")
        var lda = blasInt(a.leadingDimension, "lda", routine: "dpotrf")
        var info: Int32 = 0
        dpotrf_(&uplo, &n, a.baseAddress, &lda, &info, 1)
        try LAPACKError.check(info, routine: .dpotrf)
    }

    /// Solves `A·X = B` in place in `b` (one right-hand side per column), given the Cholesky
    /// factor of `A` computed by ``choleskyFactor(_:triangle:)`` with the same `triangle`.
    ///
    /// The corresponding LAPACK routine is `dpotrs`.
    public static func choleskySolve(factor: MatrixView, triangle: Triangle = .lower, b: MutableMatrixView) throws(LAPACKError) {
        precondition(factor.rows == factor.columns, "dpotrs: the factor must be square but is \(factor.rows)×\(factor.columns)")
        precondition(b.rows == factor.rows, "dpotrs: the factor is \(factor.rows)×\(factor.rows) but B has \(b.rows) rows")
        var uplo = triangle.lapackCharacter
        var n = blasInt(factor.rows, "n", routine: "dpotrs")
        var nrhs = blasInt(b.columns, "nrhs", routine: "dpotrs")
        var lda = blasInt(factor.leadingDimension, "lda", routine: "dpotrs")
        var ldb = blasInt(b.leadingDimension, "ldb", routine: "dpotrs")
        var info: Int32 = 0
        dpotrs_(&uplo, &n, &nrhs, factor.baseAddress, &lda, b.baseAddress, &ldb, &info, 1)
        try LAPACKError.check(info, routine: .dpotrs)
    }

    /// Solves `A·X = B` for symmetric positive-definite `A` in one call: `a`'s `triangle` is
    /// overwritten by its Cholesky factor (reusable with ``choleskySolve(factor:triangle:b:)``)
    /// and `b` by the solution.
    ///
    /// - Throws: ``LAPACKError/notPositiveDefinite(routine:leadingMinor:)``; `b` is then unchanged.
    ///
    /// The corresponding LAPACK routine is `dposv`.
    public static func solvePositiveDefinite(
        _ a: MutableMatrixView, triangle: Triangle = .lower, b: MutableMatrixView
    ) throws(LAPACKError) {
        precondition(a.rows == a.columns, "dposv: A must be square but is \(a.rows)×\(a.columns)")
        precondition(b.rows == a.rows, "dposv: A is \(a.rows)×\(a.rows) but B has \(b.rows) rows")
        var uplo = triangle.lapackCharacter
        var n = blasInt(a.rows, "n", routine: "dposv")
        var nrhs = blasInt(b.columns, "nrhs", routine: "dposv")
        var lda = blasInt(a.leadingDimension, "lda", routine: "dposv")
        var ldb = blasInt(b.leadingDimension, "ldb", routine: "dposv")
        var info: Int32 = 0
        dposv_(&uplo, &n, &nrhs, a.baseAddress, &lda, b.baseAddress, &ldb, &info, 1)
        try LAPACKError.check(info, routine: .dposv)
    }

    /// Replaces the Cholesky factor in `factor` (from ``choleskyFactor(_:triangle:)`` with the
    /// same `triangle`) by the full symmetric inverse `A⁻¹`: LAPACK computes one triangle and
    /// this function mirrors it, so every element of the view is written.
    ///
    /// The corresponding LAPACK routine is `dpotri`, followed by ``BLAS/symmetrize(_:from:)``.
    public static func inverseFromCholesky(_ factor: MutableMatrixView, triangle: Triangle = .lower) throws(LAPACKError) {
        precondition(factor.rows == factor.columns, "dpotri: the factor must be square but is \(factor.rows)×\(factor.columns)")
        var uplo = triangle.lapackCharacter
        var n = blasInt(factor.rows, "n", routine: "dpotri")
        var lda = blasInt(factor.leadingDimension, "lda", routine: "dpotri")
        var info: Int32 = 0
        dpotri_(&uplo, &n, factor.baseAddress, &lda, &info, 1)
        try LAPACKError.check(info, routine: .dpotri)
        BLAS.symmetrize(factor, from: triangle)
    }

    /// Replaces the triangular `factor` (the `triangle` of a Cholesky factor, non-unit diagonal)
    /// by its inverse, in place; the other triangle is neither read nor written. With `A = L·Lᵀ`,
    /// `|L⁻¹x|²` is `xᵀA⁻¹x` for any `x`, a sum of squares, so variances computed that way
    /// cannot come out negative by cancellation.
    ///
    /// - Throws: ``LAPACKError/singularFactor(routine:index:)`` when a diagonal element is zero.
    ///
    /// The corresponding LAPACK routine is `dtrtri`.
    public static func invertTriangular(_ factor: MutableMatrixView, triangle: Triangle = .lower) throws(LAPACKError) {
        precondition(factor.rows == factor.columns, "dtrtri: the factor must be square but is \(factor.rows)×\(factor.columns)")
        var uplo = triangle.lapackCharacter
        var diagonal = CChar(UInt8(ascii: "N"))
        var n = blasInt(factor.rows, "n", routine: "dtrtri")
        var lda = blasInt(factor.leadingDimension, "lda", routine: "dtrtri")
        var info: Int32 = 0
        dtrtri_(&uplo, &diagonal, &n, factor.baseAddress, &lda, &info, 1, 1)
        try LAPACKError.check(info, routine: .dtrtri)
    }
}
