/// The Cholesky factorization of a symmetric positive-definite matrix, kept as a value for
/// repeated solves and the inverse (a fitted student's normal matrix gives both the solution
/// and, through its inverse, the variance of every prediction).
///
/// It owns its storage and records which triangle holds the factor, so a solve can never use
/// the wrong one. Hot loops that must not allocate use the view functions on ``LAPACK``.
public struct Cholesky: Sendable, Hashable {
    /// The triangle of ``factor`` that holds the factor.
    public let triangle: Triangle
    /// `L` (`A = L·Lᵀ`, lower triangular) or `U` (`A = Uᵀ·U`, upper triangular), with zeros in
    /// the other triangle so it can be used as an ordinary matrix.
    public let factor: Matrix

    /// Factors the symmetric positive-definite `a`, reading only its `triangle`.
    ///
    /// The corresponding LAPACK routine is `dpotrf`.
    public init(_ a: Matrix, triangle: Triangle = .lower) throws(LAPACKError) {
        var factor = a
        try factor.withMutableView { (view) throws(LAPACKError) in
            try LAPACK.choleskyFactor(view, triangle: triangle)
            // dpotrf leaves the input in the other triangle; clear it so `factor` is triangular.
            for j in 0..<view.columns {
                let others = triangle == .lower ? 0..<j : (j + 1)..<view.rows
                for i in others { view[i, j] = 0 }
            }
        }
        self.triangle = triangle
        self.factor = factor
    }

    /// The solution `X` of `A·X = B`.
    ///
    /// The corresponding LAPACK routine is `dpotrs`.
    public func solve(_ b: Matrix) throws(LAPACKError) -> Matrix {
        var x = b
        try factor.withView { (factorView) throws(LAPACKError) in
            try x.withMutableView { (xView) throws(LAPACKError) in
                try LAPACK.choleskySolve(factor: factorView, triangle: triangle, b: xView)
            }
        }
        return x
    }

    /// The solution `x` of `A·x = b`.
    ///
    /// The corresponding LAPACK routine is `dpotrs`.
    public func solve(_ b: [Double]) throws(LAPACKError) -> [Double] {
        try solve(Matrix(rows: b.count, columns: 1, elements: b)).elements
    }

    /// The full symmetric inverse `A⁻¹`.
    ///
    /// The corresponding LAPACK routine is `dpotri`, followed by ``BLAS/symmetrize(_:from:)``.
    public func inverse() throws(LAPACKError) -> Matrix {
        var inverse = factor
        try inverse.withMutableView { (view) throws(LAPACKError) in
            try LAPACK.inverseFromCholesky(view, triangle: triangle)
        }
        return inverse
    }
}
