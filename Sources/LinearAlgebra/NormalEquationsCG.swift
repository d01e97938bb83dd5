/// Preconditioned conjugate gradient on ridge normal equations `(A·Aᵀ + diag(λ))·x = b`, for a
/// `dimension × rows` matrix `A` whose columns are gathered rows (each row's `dimension` values
/// contiguous, as ``BLAS/syrk(_:_:alpha:a:beta:c:)`` reads them), without forming `A·Aᵀ`.
///
/// Each step costs one product `(A·Aᵀ + Λ)·p` as two `gemv`s over the rows (`4·dimension` flops a
/// row; a fused Swift loop measured slower than OpenBLAS's vector kernels) where the normal matrix costs a `syrk` (`dimension²` a row) and a Cholesky factorization.
/// Started from `x = 0`, every iterate minimizes the quadratic model over its Krylov space, so
/// `bᵀx = xᵀ(A·Aᵀ + Λ)x > 0`: a descent direction however early the iteration stops (a truncated
/// Newton step). The preconditioner is the diagonal (Jacobi), which evens out the scales of a bias
/// column and factor columns.
///
/// All buffers are allocated once, for problems of up to `dimension` unknowns and `rowCapacity`
/// rows. Not thread-safe: one per thread.
public final class NormalEquationsCG {
    public let dimension: Int
    public let rowCapacity: Int
    /// After ``solve(design:rows:penalty:b:x:relativeTolerance:maxSteps:)``: `Aᵀx`, one value per row.
    public let rowProducts: UnsafeMutablePointer<Double>
    /// After a solve: the steps taken and `‖b − (A·Aᵀ + Λ)·x‖ / ‖b‖`.
    public private(set) var steps = 0
    public private(set) var relativeResidual = 0.0

    private let residual, direction, product, preconditioned, inverseDiagonal: UnsafeMutablePointer<Double>
    private let directionProducts: UnsafeMutablePointer<Double>

    public init(dimension: Int, rowCapacity: Int) {
        precondition(dimension >= 1 && rowCapacity >= 1)
        self.dimension = dimension
        self.rowCapacity = rowCapacity
        rowProducts = .allocate(capacity: rowCapacity)
        directionProducts = .allocate(capacity: rowCapacity)
        residual = .allocate(capacity: dimension)
        direction = .allocate(capacity: dimension)
        product = .allocate(capacity: dimension)
        preconditioned = .allocate(capacity: dimension)
        inverseDiagonal = .allocate(capacity: dimension)
    }

    deinit {
        for pointer in [rowProducts, directionProducts, residual, direction, product, preconditioned, inverseDiagonal] {
            pointer.deallocate()
        }
    }

    /// Writes into `x` the iterate after at most `maxSteps` steps, stopping earlier once the
    /// residual is at most `relativeTolerance·‖b‖`; ``rowProducts`` then holds `Aᵀx`. With
    /// `maxSteps ≥ dimension` the iteration is exact up to rounding. `penalty` must be positive.
    public func solve(design: UnsafePointer<Double>, rows: Int, penalty: UnsafePointer<Double>, b: UnsafePointer<Double>,
                      x: UnsafeMutablePointer<Double>, relativeTolerance: Double, maxSteps: Int) {
        precondition(rows >= 0 && rows <= rowCapacity, "\(rows) rows for a capacity of \(rowCapacity)")
        let d = dimension
        for j in 0..<d { inverseDiagonal[j] = penalty[j] }
        for row in 0..<rows {
            let values = design + row * d
            for j in 0..<d { inverseDiagonal[j] += values[j] * values[j] }
        }
        for j in 0..<d { inverseDiagonal[j] = 1 / inverseDiagonal[j] }
        x.update(repeating: 0, count: d)
        rowProducts.update(repeating: 0, count: rows)
        residual.update(from: b, count: d)
        let goal = relativeTolerance * SmallKernels.dot(b, b, count: d).squareRoot()
        for j in 0..<d { direction[j] = inverseDiagonal[j] * residual[j] }
        var residualDotPreconditioned = SmallKernels.dot(residual, direction, count: d)
        let a = MatrixView(baseAddress: design, rows: d, columns: rows)
        steps = 0
        var residualNorm = SmallKernels.dot(residual, residual, count: d).squareRoot()
        while steps < maxSteps, residualNorm > goal, residualDotPreconditioned > 0 {
            // (A·Aᵀ + Λ)·p as Aᵀp, then A·(Aᵀp) + Λp.
            for j in 0..<d { product[j] = penalty[j] * direction[j] }
            if rows > 0 {
                BLAS.gemv(.transpose, a: a, x: VectorView(baseAddress: direction, count: d),
                          y: MutableVectorView(baseAddress: directionProducts, count: rows))
                BLAS.gemv(.noTranspose, a: a, x: VectorView(baseAddress: directionProducts, count: rows), beta: 1,
                          y: MutableVectorView(baseAddress: product, count: d))
            }
            let curvature = SmallKernels.dot(direction, product, count: d)
            guard curvature > 0 else { break }
            let length = residualDotPreconditioned / curvature
            for j in 0..<d {
                x[j] += length * direction[j]
                residual[j] -= length * product[j]
            }
            for row in 0..<rows { rowProducts[row] += length * directionProducts[row] }
            steps += 1
            residualNorm = SmallKernels.dot(residual, residual, count: d).squareRoot()
            for j in 0..<d { preconditioned[j] = inverseDiagonal[j] * residual[j] }
            let next = SmallKernels.dot(residual, preconditioned, count: d)
            let ratio = next / residualDotPreconditioned
            residualDotPreconditioned = next
            for j in 0..<d { direction[j] = preconditioned[j] + ratio * direction[j] }
        }
        let bNorm = SmallKernels.dot(b, b, count: d).squareRoot()
        relativeResidual = bNorm > 0 ? residualNorm / bNorm : 0
    }
}
