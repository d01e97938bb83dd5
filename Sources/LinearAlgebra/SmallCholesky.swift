/// Cholesky factorization and solve written out in Swift for the small symmetric positive-definite
/// systems of per-student and per-skill ridge steps (a few dozen unknowns), where one LAPACK call
/// costs more in dispatch, blocking and argument checks than its arithmetic: `dposv` on a 33×33
/// matrix runs about 37,000 instructions for 12,000 flops, this kernel 28,000 (2.5 µs against
/// 3.6 µs; `lotrinh-bench cholesky` measures both at several orders).
///
/// The same contract as ``LAPACK/solvePositiveDefinite(_:triangle:b:)`` with the lower triangle:
/// column-major storage, only the lower triangle of `a` is read, and it is overwritten by `L`
/// with `A = L·Lᵀ` (so ``LAPACK/inverseFromCholesky(_:triangle:)`` and
/// ``LAPACK/choleskySolve(factor:triangle:b:)`` can continue from it); `b` is overwritten by the
/// solution. The inner loops run over contiguous columns, which the compiler vectorizes.
public enum SmallCholesky {
    /// Above this order LAPACK's blocked routines are faster (measured: Swift ahead at 49, LAPACK
    /// at 64); ``solve(_:b:)`` hands larger systems over to them.
    public static let largestOrder = 56

    /// Solves `A·x = b` for one right-hand side, in place.
    ///
    /// - Throws: ``LAPACKError/notPositiveDefinite(routine:leadingMinor:)`` naming the first
    ///   leading minor that is not positive (routine `"SmallCholesky"`); `b` is then unchanged.
    public static func solve(_ a: MutableMatrixView, b: MutableVectorView) throws(LAPACKError) {
        precondition(a.rows == a.columns, "SmallCholesky: A must be square but is \(a.rows)×\(a.columns)")
        precondition(b.count == a.rows, "SmallCholesky: A is \(a.rows)×\(a.rows) but b has \(b.count) elements")
        guard a.rows <= largestOrder, b.stride == 1 else {
            try LAPACK.solvePositiveDefinite(a, b: MutableMatrixView(baseAddress: b.baseAddress, rows: b.count, columns: 1,
                                                                     leadingDimension: max(1, b.count * b.stride)))
            return
        }
        try factor(a)
        substitute(factor: MatrixView(a), b: b.baseAddress)
    }

    /// ``solve(_:b:)`` for a system held in arrays: `a`, `order × order` and column-major, is
    /// overwritten by its factor, and `b`, `order` values, by the solution.
    ///
    /// - Throws: as ``solve(_:b:)``, `b` then unchanged.
    public static func solve(_ a: inout [Double], order: Int, b: inout [Double]) throws(LAPACKError) {
        precondition(a.count == order * order && b.count == order,
                     "SmallCholesky: \(a.count) values for a \(order)×\(order) matrix, \(b.count) for its right-hand side")
        try a.withUnsafeMutableBufferPointer { (matrix) throws(LAPACKError) in
            try b.withUnsafeMutableBufferPointer { (vector) throws(LAPACKError) in
                try solve(MutableMatrixView(baseAddress: matrix.baseAddress!, rows: order, columns: order),
                          b: MutableVectorView(baseAddress: vector.baseAddress!, count: order))
            }
        }
    }

    /// Solves `A·x = b` in place with the factor `L` (lower triangle) that ``solve(_:b:)`` or
    /// LAPACK's `dpotrf`/`dposv` left, without factoring again.
    public static func solve(factor: MatrixView, b: MutableVectorView) {
        precondition(factor.rows == factor.columns, "SmallCholesky: the factor must be square but is \(factor.rows)×\(factor.columns)")
        precondition(b.count == factor.rows && b.stride == 1, "SmallCholesky: the factor is \(factor.rows)×\(factor.rows) but b has \(b.count) elements")
        substitute(factor: factor, b: b.baseAddress)
    }

    /// Overwrites the lower triangle of `a` by `L`, left-looking: column `j` below the diagonal
    /// is `A[j..<n, j] − L[j..<n, 0..<j]·L[j, 0..<j]ᵀ`, computed eight, four, two and one rows at
    /// a time with the partial results held in registers across all earlier columns (a first
    /// version that updated the column in memory once per earlier column spent most of its time
    /// on those loads and stores).
    static func factor(_ a: MutableMatrixView) throws(LAPACKError) {
        let n = a.rows
        let ld = a.leadingDimension
        let base = a.baseAddress
        for j in 0..<n {
            let column = base + j &* ld
            // Row j of L so far, L[j, k] for k < j, is `base[k·ld + j]`.
            var i = j
            while i &+ 8 <= n {
                var sums = (load(column + i), load(column + i + 2), load(column + i + 4), load(column + i + 6))
                for k in 0..<j {
                    let previous = base + (k &* ld &+ i)
                    let multiplier = SIMD2(repeating: base[k &* ld &+ j])
                    sums.0 -= multiplier * load(previous)
                    sums.1 -= multiplier * load(previous + 2)
                    sums.2 -= multiplier * load(previous + 4)
                    sums.3 -= multiplier * load(previous + 6)
                }
                store(sums.0, column + i)
                store(sums.1, column + i + 2)
                store(sums.2, column + i + 4)
                store(sums.3, column + i + 6)
                i &+= 8
            }
            if i &+ 4 <= n {
                var sums = (load(column + i), load(column + i + 2))
                for k in 0..<j {
                    let previous = base + (k &* ld &+ i)
                    let multiplier = SIMD2(repeating: base[k &* ld &+ j])
                    sums.0 -= multiplier * load(previous)
                    sums.1 -= multiplier * load(previous + 2)
                }
                store(sums.0, column + i)
                store(sums.1, column + i + 2)
                i &+= 4
            }
            if i &+ 2 <= n {
                var sum = load(column + i)
                for k in 0..<j { sum -= SIMD2(repeating: base[k &* ld &+ j]) * load(base + (k &* ld &+ i)) }
                store(sum, column + i)
                i &+= 2
            }
            if i < n {
                var sum = column[i]
                for k in 0..<j { sum -= base[k &* ld &+ j] * base[k &* ld &+ i] }
                column[i] = sum
            }
            let pivot = column[j]
            // `!(pivot > 0)` also rejects NaN.
            guard pivot > 0 else { throw .notPositiveDefinite(routine: "SmallCholesky", leadingMinor: j + 1) }
            let diagonal = pivot.squareRoot()
            column[j] = diagonal
            let inverse = 1 / diagonal
            for row in (j + 1)..<n { column[row] *= inverse }
        }
    }

    /// Two doubles at `pointer` (also used by the inverse in `SmallCholesky+Inverse.swift`).
    @inline(__always)
    static func load(_ pointer: UnsafeMutablePointer<Double>) -> SIMD2<Double> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD2<Double>.self)
    }

    @inline(__always)
    static func store(_ value: SIMD2<Double>, _ pointer: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD2<Double>.self)
    }

    /// `b ← (L·Lᵀ)⁻¹·b`: forward substitution by columns (`b[j+1..<n] −= b[j]·L[j+1..<n, j]`, two
    /// rows at a time), then backward by rows (`b[0..<j] −= b[j]·L[j, 0..<j]`).
    ///
    /// Each step of either pass waits for the one before, so a division by the diagonal in it
    /// would sit on that chain; the diagonal's reciprocals are taken first, all independent of
    /// each other (this made a fold-in's substitutions, a tenth of its time, markedly cheaper).
    static func substitute(factor l: MatrixView, b: UnsafeMutablePointer<Double>) {
        let n = l.rows
        let ld = l.leadingDimension
        let base = UnsafeMutablePointer(mutating: l.baseAddress)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { reciprocals in
            for j in 0..<n { reciprocals[j] = 1 / base[j &* ld &+ j] }
            for j in 0..<n {
                let column = base + j &* ld
                let value = b[j] * reciprocals[j]
                b[j] = value
                let multiplier = SIMD2(repeating: value)
                var i = j &+ 1
                while i &+ 2 <= n {
                    store(load(b + i) - multiplier * load(column + i), b + i)
                    i &+= 2
                }
                if i < n { b[i] -= value * column[i] }
            }
            // Backward by rows of L (columns of Lᵀ): once b[j] is final it is taken out of every
            // earlier b[i] at once, so each step of the chain is one multiply-subtract and one
            // multiply; in the dot-product form each waited for a whole reduction.
            for j in stride(from: n - 1, through: 0, by: -1) {
                let value = b[j] * reciprocals[j]
                b[j] = value
                for i in 0..<j { b[i] -= base[i &* ld &+ j] * value }
            }
        }
    }
}
