import CLinearAlgebra

// Level 1: vector–vector operations.

extension BLAS {
    /// The dot product `xᵀy`.
    ///
    /// The corresponding BLAS routine is `cblas_ddot`.
    public static func dot(_ x: VectorView, _ y: VectorView) -> Double {
        precondition(x.count == y.count, "ddot: x has \(x.count) elements but y has \(y.count)")
        return cblas_ddot(
            blasInt(x.count, "n", routine: "ddot"),
            x.baseAddress, blasInt(x.stride, "incx", routine: "ddot"),
            y.baseAddress, blasInt(y.stride, "incy", routine: "ddot"))
    }

    /// `y ← alpha·x + y`.
    ///
    /// The corresponding BLAS routine is `cblas_daxpy`.
    public static func axpy(alpha: Double, x: VectorView, y: MutableVectorView) {
        precondition(x.count == y.count, "daxpy: x has \(x.count) elements but y has \(y.count)")
        cblas_daxpy(
            blasInt(x.count, "n", routine: "daxpy"), alpha,
            x.baseAddress, blasInt(x.stride, "incx", routine: "daxpy"),
            y.baseAddress, blasInt(y.stride, "incy", routine: "daxpy"))
    }

    /// `x ← alpha·x`.
    ///
    /// The corresponding BLAS routine is `cblas_dscal`.
    public static func scal(alpha: Double, x: MutableVectorView) {
        cblas_dscal(
            blasInt(x.count, "n", routine: "dscal"), alpha,
            x.baseAddress, blasInt(x.stride, "incx", routine: "dscal"))
    }

    /// The Euclidean norm `‖x‖₂`, computed without overflow or underflow in the intermediate squares.
    ///
    /// The corresponding BLAS routine is `cblas_dnrm2`.
    public static func nrm2(_ x: VectorView) -> Double {
        cblas_dnrm2(blasInt(x.count, "n", routine: "dnrm2"), x.baseAddress, blasInt(x.stride, "incx", routine: "dnrm2"))
    }
}
