import CLinearAlgebra

// Single precision, for the one place where half the bytes and twice the lanes matter more than
// the digits: the logit variances of every skill in a request, which feed a 95% interval.

extension BLAS {
    /// `B ← A·B` for the lower-triangular `order × order` matrix `A` (non-unit diagonal; its
    /// upper triangle is not read) and the `order × columns` matrix `B`, both column-major
    /// single precision with leading dimensions `max(1, order)`.
    ///
    /// The corresponding BLAS routine is `cblas_strmm`.
    public static func multiplyByLowerTriangular(
        _ a: UnsafePointer<Float>, order: Int, b: UnsafeMutablePointer<Float>, columns: Int
    ) {
        precondition(order >= 0 && columns >= 0, "strmm: negative shape \(order)×\(columns)")
        let leading = blasInt(max(1, order), "lda", routine: "strmm")
        cblas_strmm(
            CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit,
            blasInt(order, "m", routine: "strmm"), blasInt(columns, "n", routine: "strmm"),
            1, a, leading, b, leading)
    }
}
