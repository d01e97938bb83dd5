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
    /// Row by row: row `i` of `X = L⁻¹` is `−(1/L[i,i])·Σ_{k<i} L[i,k]·X[k, ·]`, with `X` kept
    /// row-major in scratch storage whose upper part stays zero, so eight entries of a row are
    /// summed in registers over every earlier row at once. LAPACK's `dtrti2` dispatches a BLAS
    /// triangular product per column instead, and a column-by-column substitution in Swift
    /// spent most of its time on loop overhead (50,000 instructions at order 33).
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
        // Rows padded to a multiple of eight, so every block of eight columns can be loaded whole.
        let width = (n &+ 7) & ~7
        withUnsafeTemporaryAllocation(of: Double.self, capacity: n &* width) { scratch in
            let inverse = scratch.baseAddress!
            inverse.initialize(repeating: 0, count: n &* width)
            for i in 0..<n {
                let row = inverse + i &* width
                let scale = -1 / base[i &* ld &+ i]
                var start = 0
                // Columns `start ..< start + 8` of row i; earlier rows k < start are zero there.
                while start < i {
                    var sums = (SIMD2<Double>.zero, SIMD2<Double>.zero, SIMD2<Double>.zero, SIMD2<Double>.zero)
                    for k in start..<i {
                        let multiplier = SIMD2(repeating: base[k &* ld &+ i])
                        let earlier = inverse + (k &* width &+ start)
                        sums.0 += multiplier * load(earlier)
                        sums.1 += multiplier * load(earlier + 2)
                        sums.2 += multiplier * load(earlier + 4)
                        sums.3 += multiplier * load(earlier + 6)
                    }
                    let scaled = SIMD2(repeating: scale)
                    store(scaled * sums.0, row + start)
                    store(scaled * sums.1, row + start + 2)
                    store(scaled * sums.2, row + start + 4)
                    store(scaled * sums.3, row + start + 6)
                    start &+= 8
                }
                // The block holding the diagonal summed only zeros from column i on.
                row[i] = -scale
            }
            for j in 0..<n {
                let column = base + j &* ld
                for i in j..<n { column[i] = inverse[i &* width &+ j] }
            }
        }
    }
}
