extension SmallCholesky {
    /// Overwrites the lower triangle of the symmetric positive-definite `a` by `L` with
    /// `A = L·Lᵀ`; the upper triangle is neither read nor written. Orders above
    /// ``largestOrder`` go to LAPACK.
    ///
    /// - Throws: ``LAPACKError/notPositiveDefinite(routine:leadingMinor:)`` naming the first
    ///   leading minor that is not positive.
    ///
    /// The corresponding LAPACK routine is `dpotrf`.
    public static func factorize(_ a: MutableMatrixView) throws(LAPACKError) {
        precondition(a.rows == a.columns, "SmallCholesky: A must be square but is \(a.rows)×\(a.columns)")
        guard a.rows <= largestOrder else { return try LAPACK.choleskyFactor(a) }
        try factor(a)
    }

    /// Replaces the lower-triangular `l` (non-unit diagonal, as ``factorize(_:)`` leaves it) by
    /// `L⁻¹`, in place; the upper triangle is neither read nor written. Orders above
    /// ``largestOrder`` go to LAPACK.
    ///
    /// Column `j` of `L⁻¹` solves `L·x = e_j` by forward substitution over contiguous columns
    /// of `L` into scratch storage (the in-place order of `dtrti2` needs a triangular
    /// matrix-vector product per column, which LAPACK dispatches to BLAS at a cost far above
    /// the n³/6 multiply-adds of a 33 × 33 triangle).
    ///
    /// - Throws: ``LAPACKError/singularFactor(routine:index:)`` naming the first zero on the
    ///   diagonal (1-based, as LAPACK's `info`); `l` is then unchanged.
    ///
    /// The corresponding LAPACK routine is `dtrtri`.
    public static func invertFactor(_ l: MutableMatrixView) throws(LAPACKError) {
        precondition(l.rows == l.columns, "SmallCholesky: the factor must be square but is \(l.rows)×\(l.columns)")
        let n = l.rows
        guard n <= largestOrder else { return try LAPACK.invertTriangular(l) }
        let ld = l.leadingDimension, base = l.baseAddress
        if let zero = (0..<n).first(where: { base[$0 &* ld &+ $0] == 0 }) {
            throw .singularFactor(routine: "SmallCholesky", index: zero + 1)
        }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: n &* n &+ n) { scratch in
            let reciprocals = scratch.baseAddress!, inverse = reciprocals + n
            for k in 0..<n { reciprocals[k] = 1 / base[k &* ld &+ k] }
            for j in 0..<n {
                let x = inverse + j &* n
                for i in j..<n { x[i] = 0 }
                x[j] = 1
                // x[k] is final once every earlier column of L has been taken out of it.
                for k in j..<n {
                    let value = x[k] * reciprocals[k]
                    x[k] = value
                    let column = base + k &* ld
                    let multiplier = SIMD2(repeating: value)
                    var i = k &+ 1
                    while i &+ 2 <= n {
                        let updated = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD2<Double>.self)
                            - multiplier * UnsafeRawPointer(column + i).loadUnaligned(as: SIMD2<Double>.self)
                        UnsafeMutableRawPointer(x + i).storeBytes(of: updated, as: SIMD2<Double>.self)
                        i &+= 2
                    }
                    if i < n { x[i] -= value * column[i] }
                }
            }
            for j in 0..<n {
                (base + j &* ld + j).update(from: inverse + j &* n + j, count: n &- j)
            }
        }
    }
}
