import LinearAlgebra

/// One weighted ridge Newton (IRLS) step for a small parameter vector θ, over rows gathered by the
/// caller in chunks: the building block of both training (a student's `(b_u, p_u)`, a skill's
/// `(b_s, q_s, γ⁺_s, γ⁻_s)`) and fold-in, so the two cannot drift apart.
///
/// For rows `r` with features `x_r`, offset `o_r`, target `y_r` and weight `w_r`, the objective is
///
///     Σ_r w_r · ℓ(y_r, o_r + x_r·θ) + ½ Σ_j λ_j (θ_j − θ⁰_j)²
///
/// with ℓ the log-loss (logistic) or half the squared error (gaussian). One step builds the
/// normal matrix `H = Σ h_r x_r x_rᵀ + Λ` with `dsyrk` over the gathered block scaled by `√h_r`,
/// the gradient with `dgemv`, and solves `H Δ = −∇` by Cholesky (``SmallCholesky``, which hands
/// larger systems to LAPACK's `dposv`).
///
/// All buffers are allocated once; a step allocates nothing. Not thread-safe: one solver per thread.
package final class RidgeNewtonSolver {
    /// The length of θ and of every row's features; the normal matrix is `dimension × dimension`.
    package let dimension: Int
    /// Rows one chunk can hold; ``accumulate(rows:theta:)`` takes at most this many at a time.
    package let chunkCapacity: Int
    /// The loss ℓ: the log-loss of σ(logit) for ``ModelKind/logistic``, half the squared error for
    /// ``ModelKind/gaussian``.
    package let link: ModelKind
    /// Whether ``loss`` is kept (it costs a logarithm per row; callers that ignore it turn it off).
    package var computesLoss = true

    /// Chunk of gathered rows: row `r`'s `dimension` features at `design[r·dimension ..< (r+1)·dimension]`
    /// (a column-major `dimension × rows` matrix).
    package let design: UnsafeMutablePointer<Double>
    /// Chunk of gathered rows, filled by the caller like ``design``: `o_r` per row, the part of its
    /// logit that θ does not change.
    package let offsets: UnsafeMutablePointer<Double>
    /// `y_r` per gathered row: 0/1 correctness, or a score.
    package let targets: UnsafeMutablePointer<Double>
    /// `w_r` per gathered row, the factor of the row's loss.
    package let weights: UnsafeMutablePointer<Double>
    /// `H` being built (lower triangle, `dimension × dimension`, column-major); after
    /// ``solve(theta:penalty:prior:)`` its Cholesky factor.
    package let normal: UnsafeMutablePointer<Double>
    /// `∇` being built; after ``solve(theta:penalty:prior:)`` the step.
    package let gradient: UnsafeMutablePointer<Double>
    /// Per gathered row, its residual divided by `√h_r` (see ``accumulateWeighted(rows:columns:)``).
    package let scaledResiduals: UnsafeMutablePointer<Double>
    /// Per shared feature row, `x·θ` and then `Σ h_r` (see ``accumulate(rows:theta:sharedFeatures:featureRows:)``).
    private let sharedLinear: UnsafeMutablePointer<Double>
    private let sharedCurvature: UnsafeMutablePointer<Double>
    /// Per shared feature row, `Σ w_r` of its rows and `x·Δ` under the last step (for ``controlStep``).
    private let sharedWeight: UnsafeMutablePointer<Double>
    private let sharedChange: UnsafeMutablePointer<Double>
    /// θ before the last ``solve(theta:penalty:prior:)``.
    private let origin: UnsafeMutablePointer<Double>
    /// The θ, feature rows and count that `sharedLinear` holds `x·θ` for after ``controlStep``
    /// (updated there by `length·x·Δ`), so that the next accumulation or chord step at that θ
    /// skips its `dgemv`; nil once used or when unknown.
    private let linearTheta: UnsafeMutablePointer<Double>
    private var linearFeatures: (features: UnsafePointer<Double>, count: Int)?
    /// `∇` with the penalty, kept by ``solve(theta:penalty:prior:)`` before the solve overwrites
    /// ``gradient`` with the step, for ``decrement``.
    private let penalizedGradient: UnsafeMutablePointer<Double>
    /// After ``solve(theta:penalty:prior:)``: `∇ᵀΔ = ΔᵀHΔ`, the squared Newton decrement. The
    /// quadratic model predicts the step lowers the objective by half of it; ``certifiedFraction(decrement:cubicSum:)``
    /// turns it into a step length that provably does.
    package private(set) var decrement = 0.0
    /// Weighted loss of the rows accumulated since ``begin()``, at the θ they were accumulated with.
    package private(set) var loss = 0.0
    /// Sum of the weights `w_r` of the rows in ``loss``: the mean loss is `loss / totalWeight`.
    package private(set) var totalWeight = 0.0

    /// Allocates every buffer, for θ of `dimension` values and chunks of up to `chunkCapacity` rows
    /// (both at least 1), and starts a step as ``begin()`` does.
    package init(dimension: Int, chunkCapacity: Int = 1024, link: ModelKind) {
        precondition(dimension >= 1 && chunkCapacity >= 1)
        self.dimension = dimension
        self.chunkCapacity = chunkCapacity
        self.link = link
        design = .allocate(capacity: dimension * chunkCapacity)
        offsets = .allocate(capacity: chunkCapacity)
        targets = .allocate(capacity: chunkCapacity)
        weights = .allocate(capacity: chunkCapacity)
        scaledResiduals = .allocate(capacity: chunkCapacity)
        sharedLinear = .allocate(capacity: chunkCapacity)
        sharedCurvature = .allocate(capacity: chunkCapacity)
        sharedWeight = .allocate(capacity: chunkCapacity)
        sharedChange = .allocate(capacity: chunkCapacity)
        origin = .allocate(capacity: dimension)
        linearTheta = .allocate(capacity: dimension)
        normal = .allocate(capacity: dimension * dimension)
        gradient = .allocate(capacity: dimension)
        penalizedGradient = .allocate(capacity: dimension)
        begin()
    }

    deinit {
        for pointer in [design, offsets, targets, weights, scaledResiduals, sharedLinear, sharedCurvature, sharedWeight, sharedChange,
                        origin, linearTheta, normal, gradient, penalizedGradient] {
            pointer.deallocate()
        }
    }

    /// Starts a new step: clears the normal matrix, gradient and loss.
    package func begin() {
        normal.update(repeating: 0, count: dimension * dimension)
        gradient.update(repeating: 0, count: dimension)
        loss = 0
        totalWeight = 0
    }

    /// Adds `rows` rows, evaluated at `theta`, to the normal equations. Row `r`'s features are
    /// read from the rows gathered in ``design``, each once: its prediction, `h_r` and residual
    /// computed, and the row rewritten in place multiplied by `√h_r`.
    package func accumulate(rows: Int, theta: UnsafePointer<Double>) {
        precondition(rows <= chunkCapacity, "\(rows) rows in a chunk of \(chunkCapacity)")
        guard rows > 0 else { return }
        let d = dimension
        var chunkLoss = 0.0
        var chunkWeight = 0.0
        for row in 0..<rows {
            let x = design + row * d
            let z = offsets[row] + SmallKernels.dot(x, theta, count: d)
            let y = targets[row]
            let w = weights[row]
            var curvature: Double
            let residual: Double
            switch link {
            case .logistic:
                let p = Self.sigmoid(z)
                curvature = w * p * (1 - p)
                residual = w * (y - p)
                if computesLoss { chunkLoss += w * Self.logLoss(target: y, logit: z) }
            case .gaussian:
                curvature = w
                residual = w * (y - z)
                if computesLoss { chunkLoss += 0.5 * w * (y - z) * (y - z) }
            }
            chunkWeight += w
            // A saturated σ has no curvature left; a floor keeps √h and residual/√h finite.
            curvature = max(curvature, w * 1e-12 + 1e-300)
            let scale = curvature.squareRoot()
            SmallKernels.scale(x, by: scale, into: design + row * d, count: d)
            scaledResiduals[row] = residual / scale
        }
        loss += chunkLoss
        totalWeight += chunkWeight
        accumulateWeighted(rows: rows)
    }

    /// Adds `rows` rows, evaluated at `theta`, whose features repeat: row `r`'s are feature row
    /// `featureRows[r]` of `sharedFeatures` (`dimension` values each, `sharedCount` of them), as
    /// a student's answers on one skill share `(1, q_s)`. Since `Σ_r h_r x xᵀ = (Σ_r h_r) x xᵀ`
    /// for rows with the same `x`, each feature row enters the `dsyrk` and `dgemv` once, scaled
    /// by the square root of its rows' summed curvature, and `x·θ` is computed once per feature
    /// row: the same normal equations as ``accumulate(rows:theta:)`` over fewer columns.
    package func accumulate(rows: Int, theta: UnsafePointer<Double>, sharedFeatures: UnsafePointer<Double>,
                           sharedCount: Int, featureRows: UnsafePointer<Int32>) {
        precondition(rows <= chunkCapacity && sharedCount <= chunkCapacity, "\(rows) rows in a chunk of \(chunkCapacity)")
        guard rows > 0 else { return }
        let d = dimension
        computeSharedLinear(theta: theta, sharedFeatures: sharedFeatures, sharedCount: sharedCount)
        for shared in 0..<sharedCount {
            sharedCurvature[shared] = 0
            scaledResiduals[shared] = 0
            sharedWeight[shared] = 0
        }
        var chunkLoss = 0.0
        var chunkWeight = 0.0
        for row in 0..<rows {
            let shared = Int(featureRows[row])
            let z = offsets[row] + sharedLinear[shared]
            let y = targets[row]
            let w = weights[row]
            switch link {
            case .logistic:
                let p = Self.sigmoid(z)
                sharedCurvature[shared] += w * p * (1 - p)
                scaledResiduals[shared] += w * (y - p)
                if computesLoss { chunkLoss += w * Self.logLoss(target: y, logit: z) }
            case .gaussian:
                sharedCurvature[shared] += w
                scaledResiduals[shared] += w * (y - z)
                if computesLoss { chunkLoss += 0.5 * w * (y - z) * (y - z) }
            }
            chunkWeight += w
            sharedWeight[shared] += w
        }
        for shared in 0..<sharedCount {
            // The same floor as one row's: a saturated σ has no curvature left.
            let scale = max(sharedCurvature[shared], 1e-300).squareRoot()
            SmallKernels.scale(sharedFeatures + shared * d, by: scale, into: design + shared * d, count: d)
            scaledResiduals[shared] /= scale
        }
        loss += chunkLoss
        totalWeight += chunkWeight
        accumulateWeighted(rows: sharedCount)
    }

    /// `x·θ` for every shared feature row, by one `dgemv` over them (forty dot products of 33
    /// values one by one cost more than OpenBLAS's call and kernel together).
    /// A fold-in's first step starts from θ = 0, where every product is zero.
    private func computeSharedLinear(theta: UnsafePointer<Double>, sharedFeatures: UnsafePointer<Double>, sharedCount: Int) {
        defer { linearFeatures = nil }
        guard sharedCount > 0 else { return }
        if let known = linearFeatures, known.features == sharedFeatures, known.count == sharedCount,
           (0..<dimension).allSatisfy({ theta[$0] == linearTheta[$0] }) {
            return
        }
        if (0..<dimension).allSatisfy({ theta[$0] == 0 }) {
            sharedLinear.update(repeating: 0, count: sharedCount)
            return
        }
        BLAS.gemv(.transpose, a: MatrixView(baseAddress: sharedFeatures, rows: dimension, columns: sharedCount),
                  x: VectorView(baseAddress: theta, count: dimension),
                  y: MutableVectorView(baseAddress: sharedLinear, count: sharedCount))
    }

    /// Adds rows the caller has already weighted — row `r`'s features multiplied by `√h_r` in
    /// ``design``, its residual divided by `√h_r` in ``scaledResiduals`` — to the normal
    /// equations: one `dsyrk` and one `dgemv` over the first `columns` features of each row. The
    /// remaining rows and columns of `H` and `∇` are then the caller's to add in ``normal`` and
    /// ``gradient``. ``accumulate(rows:theta:)`` ends here; the training sweep computes `√h`
    /// while it gathers (one pass over each row) and calls this directly.
    package func accumulateWeighted(rows: Int, columns: Int? = nil) {
        precondition(rows <= chunkCapacity, "\(rows) rows in a chunk of \(chunkCapacity)")
        let d = dimension
        let width = columns ?? d
        precondition((0...d).contains(width), "\(width) columns of \(d)")
        guard rows > 0, width > 0 else { return }
        let block = MatrixView(baseAddress: design, rows: width, columns: rows, leadingDimension: d)
        BLAS.syrk(.lower, .noTranspose, a: block, beta: 1,
                  c: MutableMatrixView(baseAddress: normal, rows: width, columns: width, leadingDimension: d))
        BLAS.gemv(.noTranspose, a: block, x: VectorView(baseAddress: scaledResiduals, count: rows), beta: 1,
                  y: MutableVectorView(baseAddress: gradient, count: width))
    }

    /// The penalty `½ Σ λ_j (θ_j − θ⁰_j)²` at `theta`.
    package func penaltyValue(theta: UnsafePointer<Double>, penalty: UnsafePointer<Double>, prior: UnsafePointer<Double>? = nil) -> Double {
        var total = 0.0
        for j in 0..<dimension {
            let difference = theta[j] - (prior?[j] ?? 0)
            total += 0.5 * penalty[j] * difference * difference
        }
        return total
    }

    /// Adds the ridge penalty and takes the Newton step, updating `theta` in place. Returns the
    /// step's largest absolute change. Afterwards ``normal`` holds the Cholesky factor of `H`,
    /// ``gradient`` the step `Δ` and ``decrement`` `∇ᵀΔ`.
    ///
    /// - Throws: ``LAPACKError/notPositiveDefinite(routine:leadingMinor:)`` when `H` is not positive definite
    ///   (possible only with a zero penalty and too few rows); `theta` is then unchanged.
    @discardableResult
    package func solve(theta: UnsafeMutablePointer<Double>, penalty: UnsafePointer<Double>,
                      prior: UnsafePointer<Double>? = nil) throws(LAPACKError) -> Double {
        let d = dimension
        for j in 0..<d {
            normal[j * d + j] += penalty[j]
            gradient[j] -= penalty[j] * (theta[j] - (prior?[j] ?? 0))
        }
        penalizedGradient.update(from: gradient, count: d)
        try SmallCholesky.solve(MutableMatrixView(baseAddress: normal, rows: d, columns: d),
                                b: MutableVectorView(baseAddress: gradient, count: d))
        decrement = SmallKernels.dot(penalizedGradient, gradient, count: d)
        origin.update(from: theta, count: d)
        return applyStep(to: theta)
    }

    /// Shortens the Newton step that ``solve(theta:penalty:prior:)`` just took, after
    /// ``accumulate(rows:theta:sharedFeatures:sharedCount:featureRows:)`` over all of the
    /// problem's rows in one chunk, until it provably lowers the penalized objective; returns the
    /// length kept (1: `theta` is left at the full step).
    ///
    /// The full step is kept when ``certifiedFraction(decrement:cubicSum:)`` certifies it (no
    /// logarithm evaluated). Otherwise lengths 1, ½, ¼, … above the certified one are tried on
    /// the objective itself until one falls by the Armijo fraction of `length·decrement`, and the
    /// certified length is taken when none does. Gaussian steps minimize their quadratic exactly.
    package func controlStep(rows: Int, theta: UnsafeMutablePointer<Double>, sharedFeatures: UnsafePointer<Double>,
                            sharedCount: Int, featureRows: UnsafePointer<Int32>,
                            penalty: UnsafePointer<Double>, prior: UnsafePointer<Double>? = nil) -> Double {
        guard link == .logistic, sharedCount > 0 else { return 1 }
        let d = dimension
        BLAS.gemv(.transpose, a: MatrixView(baseAddress: sharedFeatures, rows: d, columns: sharedCount),
                  x: VectorView(baseAddress: gradient, count: d),
                  y: MutableVectorView(baseAddress: sharedChange, count: sharedCount))
        var cubicSum = 0.0
        for shared in 0..<sharedCount {
            let change = sharedChange[shared]
            cubicSum += sharedWeight[shared] * abs(change * change * change)
        }
        let certified = Self.certifiedFraction(decrement: decrement, cubicSum: cubicSum)
        guard certified < 1 else {
            keepSharedLinear(length: 1, theta: theta, sharedFeatures: sharedFeatures, sharedCount: sharedCount)
            return 1
        }
        // `sharedLinear` still holds x·θ at the step's origin, from the accumulation.
        func objective(_ length: Double) -> Double {
            var total = 0.0
            for row in 0..<rows {
                let shared = Int(featureRows[row])
                let z = offsets[row] + sharedLinear[shared] + length * sharedChange[shared]
                total += weights[row] * Self.logLoss(target: targets[row], logit: z)
            }
            for j in 0..<d {
                let difference = origin[j] + length * gradient[j] - (prior?[j] ?? 0)
                total += 0.5 * penalty[j] * difference * difference
            }
            return total
        }
        let start = objective(0)
        var length = 1.0
        while length > certified, objective(length) > start - Self.sufficientDecrease * length * decrement {
            length *= 0.5
        }
        length = max(length, certified)
        for j in 0..<d { theta[j] = origin[j] + length * gradient[j] }
        keepSharedLinear(length: length, theta: theta, sharedFeatures: sharedFeatures, sharedCount: sharedCount)
        return length
    }

    /// Moves `sharedLinear` from `x·θ` at the step's origin to `x·θ` at `theta` with the changes
    /// ``controlStep`` computed anyway, and remembers for which θ it holds.
    private func keepSharedLinear(length: Double, theta: UnsafePointer<Double>, sharedFeatures: UnsafePointer<Double>,
                                  sharedCount: Int) {
        for shared in 0..<sharedCount { sharedLinear[shared] += length * sharedChange[shared] }
        linearTheta.update(from: theta, count: dimension)
        linearFeatures = (sharedFeatures, sharedCount)
    }

    /// The Armijo fraction of the predicted decrease `length·decrement` a backtracked step must achieve.
    package static let sufficientDecrease = 1e-4

    /// `1 / (36√3)`: with `ℓ'''(z) = h'(z)` and `max |h'| = 1/(6√3)` for the log-loss, the
    /// third-order remainder of a row's loss along a change `δ` of its logit is at most this
    /// times `w·|δ|³` (Taylor's theorem with the `1/3!` of the remainder).
    package static let cubicRemainderBound = 1 / (36 * 3.0.squareRoot())

    /// A step length `t ∈ (0, 1]` along a Newton step `Δ` that provably lowers the penalized
    /// log-loss by at least `t·decrement/4`, with no evaluation of the loss.
    ///
    /// Along `tΔ` the objective is at most `f − t·a + ½t²·a + K·t³·S`, where `a` = ``decrement``
    /// (`∇ᵀΔ = ΔᵀHΔ`, with `H` built from floored curvatures that are never below the true ones),
    /// `K` = ``cubicRemainderBound`` and `S = Σ_r w_r |δz_r|³` (`cubicSum`, `δz_r` the change of row
    /// `r`'s logit under the full step). With `t ≤ 1` and `K·t²·S ≤ a/4` the bound is at most
    /// `f − t·a/4`. Near the optimum `S` vanishes faster than `a` and the full step is certified;
    /// far from it the length shrinks as `√(a/S)`, which is what keeps Newton from overshooting
    /// on saturated rows. Gaussian links have no remainder: their step is always whole.
    package static func certifiedFraction(decrement: Double, cubicSum: Double) -> Double {
        certifiedFraction(descent: decrement, curvature: decrement, cubicSum: cubicSum)
    }

    /// ``certifiedFraction(decrement:cubicSum:)`` for a step `Δ` that need not solve the Newton
    /// system exactly (a truncated conjugate-gradient step): `descent` is `∇ᵀΔ` (the predicted
    /// first-order decrease, positive for a descent direction) and `curvature` is `ΔᵀHΔ`, computed
    /// apart. The objective along `tΔ` is then at most `f − t·g + ½t²·q + K·t³·S`, which is at most
    /// `f − t·g/4` for `t ≤ g/q` and `K·t²·S ≤ g/4`. An exact Newton step has `g = q`.
    package static func certifiedFraction(descent: Double, curvature: Double, cubicSum: Double) -> Double {
        guard descent > 0 else { return 1 }
        var length = 1.0
        if curvature > descent { length = descent / curvature }
        if cubicSum > 0 { length = min(length, (descent / (4 * cubicRemainderBound * cubicSum)).squareRoot()) }
        return length
    }

    /// A chord step: the gradient of `rows` rows at `theta` (features shared as in
    /// ``accumulate(rows:theta:sharedFeatures:sharedCount:featureRows:)``), solved with the
    /// Cholesky factor that the last ``solve(theta:penalty:prior:)`` left in ``normal`` instead of
    /// a new normal matrix. Near the optimum `H` barely moves between steps, so chord steps still
    /// converge fast (linearly, at a rate set by how far `H` has moved) and each costs a fraction
    /// of a Newton step: no `dsyrk` and no factorization. Updates `theta` and returns the largest
    /// absolute change.
    @discardableResult
    package func chordStep(rows: Int, theta: UnsafeMutablePointer<Double>, sharedFeatures: UnsafePointer<Double>,
                          sharedCount: Int, featureRows: UnsafePointer<Int32>,
                          penalty: UnsafePointer<Double>, prior: UnsafePointer<Double>? = nil) -> Double {
        precondition(rows <= chunkCapacity && sharedCount <= chunkCapacity, "\(rows) rows in a chunk of \(chunkCapacity)")
        let d = dimension
        computeSharedLinear(theta: theta, sharedFeatures: sharedFeatures, sharedCount: sharedCount)
        for shared in 0..<sharedCount { scaledResiduals[shared] = 0 }
        for row in 0..<rows {
            let shared = Int(featureRows[row])
            let z = offsets[row] + sharedLinear[shared]
            let w = weights[row]
            let residual = switch link {
            case .logistic: w * (targets[row] - Self.sigmoid(z))
            case .gaussian: w * (targets[row] - z)
            }
            scaledResiduals[shared] += residual
        }
        for j in 0..<d { gradient[j] = -penalty[j] * (theta[j] - (prior?[j] ?? 0)) }
        if sharedCount > 0 {
            BLAS.gemv(.noTranspose, a: MatrixView(baseAddress: sharedFeatures, rows: d, columns: sharedCount),
                      x: VectorView(baseAddress: scaledResiduals, count: sharedCount), beta: 1,
                      y: MutableVectorView(baseAddress: gradient, count: d))
        }
        SmallCholesky.solve(factor: MatrixView(baseAddress: normal, rows: d, columns: d),
                            b: MutableVectorView(baseAddress: gradient, count: d))
        return applyStep(to: theta)
    }

    /// Adds the solved step in ``gradient`` to `theta`; returns its largest absolute component.
    private func applyStep(to theta: UnsafeMutablePointer<Double>) -> Double {
        var largest = 0.0
        for j in 0..<dimension {
            theta[j] += gradient[j]
            largest = max(largest, abs(gradient[j]))
        }
        return largest
    }

    /// Replaces the Cholesky factor in ``normal`` by the full inverse `H⁻¹`: the Laplace
    /// approximation of θ's covariance. Call after ``solve(theta:penalty:prior:)``.
    package func invertNormal() throws(LAPACKError) {
        try LAPACK.inverseFromCholesky(MutableMatrixView(baseAddress: normal, rows: dimension, columns: dimension))
    }

    /// σ(z) = 1 / (1 + e^{−z}), in a form that cannot overflow for either sign of `z`.
    @inline(__always)
    package static func sigmoid(_ z: Double) -> Double {
        let e = exp(-abs(z))
        return z >= 0 ? 1 / (1 + e) : e / (1 + e)
    }

    /// −[y log p + (1−y) log(1−p)] with p = σ(z), as `log(1 + e^{−|z|}) + max(z, 0) − y·z`: one
    /// exponential and one logarithm, accurate where p rounds to 0 or 1.
    ///
    /// `log(1 + e)` rather than `log1p(e)`, which cost 2.5 times as much (8 % of a sweep): for
    /// e ≥ 10⁻⁸ its error is below an ulp of 1, the rounding a sum of such losses has anyway,
    /// and below that `e − e²/2` is exact to rounding.
    @inline(__always)
    package static func logLoss(target y: Double, logit z: Double) -> Double {
        let e = exp(-abs(z))
        let softplus = e < 1e-8 ? e - 0.5 * e * e : log(1 + e)
        // The linear part first: for a right answer at a large logit it cancels to 0 exactly
        // and leaves the small loss e^{−z} whole.
        return (max(z, 0) - y * z) + softplus
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
