#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LinearAlgebra

/// Mastery of every skill for one student, as parallel columns indexed by skill: what a planner
/// or a report reads, without a struct per skill.
public struct MasteryColumns: Sendable, Equatable {
    /// Probability of a correct answer on a typical item of each skill.
    public var probability: [Double]
    /// The interval's ends: the link of the logit ∓ `z` standard deviations.
    public var lower: [Double]
    public var upper: [Double]
    /// Standard deviation of each logit (∞ when the precision could not be factored).
    public var logitStandardDeviation: [Double]

    public var count: Int { probability.count }

    public subscript(skill: Int) -> Mastery {
        Mastery(probability: probability[skill], lower: lower[skill], upper: upper[skill],
                logitStandardDeviation: logitStandardDeviation[skill])
    }
}

extension MasteryModel {
    /// Mastery of every skill in `state`, with intervals of ±`z` logit standard deviations.
    ///
    /// The logits come from one `dgemv` over the skill factors plus the state's practice terms.
    /// Each logit's variance is `xᵀA⁻¹x = |L⁻¹x|²` with `x = (1, q_s)` and the state's precision
    /// `A = L·Lᵀ`: `L⁻¹` once per call (`dpotrf`, `dtrtri`), then `strmm` over blocks of skills.
    /// That product is most of a request's arithmetic (33² / 2 multiply-adds per skill at rank
    /// 32), and single precision does it in half the time of double (measured on this workload:
    /// 42 µs against 73 µs for `dtrmm` and 84 µs for the `dgemm` with `A⁻¹` used before). A sum
    /// of squares cannot cancel, so the deviations keep about six significant digits, far
    /// beyond what a 95% interval needs; the logits themselves stay in double.
    public func masteryColumns(of state: StudentState, z: Double = 1.96) -> MasteryColumns {
        let logits = practiceLogits(of: state)
        let deviations = logitStandardDeviations(precision: state.precision)
        var probability = [Double](repeating: 0, count: skillCount)
        var lower = probability, upper = probability
        probability.withUnsafeMutableBufferPointer { probability in
            lower.withUnsafeMutableBufferPointer { lower in
                upper.withUnsafeMutableBufferPointer { upper in
                    for skill in 0..<skillCount {
                        (probability[skill], lower[skill], upper[skill]) = interval(logit: logits[skill], spread: z * deviations[skill])
                    }
                }
            }
        }
        return MasteryColumns(probability: probability, lower: lower, upper: upper, logitStandardDeviation: deviations)
    }

    /// ``masteryColumns(of:z:)`` as one ``Mastery`` per skill.
    public func masteries(of state: StudentState, z: Double = 1.96) -> [Mastery] {
        let columns = masteryColumns(of: state, z: z)
        return (0..<skillCount).map { columns[$0] }
    }

    /// Mastery of `skill` in `state`, with the interval from the precision's inverse: one
    /// solve in double, independent of the blocked computation of ``masteryColumns(of:z:)``.
    public func mastery(of state: StudentState, skill: Int, z: Double = 1.96) -> Mastery {
        let dimension = rank + 1
        var factor = state.precision
        var x = [Double](repeating: 0, count: dimension)
        x[0] = 1
        for j in 0..<rank { x[1 + j] = skillFactors[skill * rank + j] }
        // Var = xᵀA⁻¹x: solving A y = x and taking x·y.
        var y = x
        let solved: Bool = factor.withUnsafeMutableBufferPointer { a in
            y.withUnsafeMutableBufferPointer { b in
                (try? LAPACK.solvePositiveDefinite(MutableMatrixView(baseAddress: a.baseAddress!, rows: dimension, columns: dimension),
                                                   b: MutableMatrixView(baseAddress: b.baseAddress!, rows: dimension, columns: 1))) != nil
            }
        }
        let variance = solved ? zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } : .infinity
        let logit = logit(of: StudentAnswer(skill: skill, outcome: 0), for: state)
        let deviation = max(variance, 0).squareRoot()
        return mastery(logit: logit, deviation: deviation, z: z)
    }

    /// Every skill's logit on a typical item with the state's practice counts: `μ + b_u + b_s +
    /// p_u·q_s` by one `dgemv`, then the few practiced skills' count terms.
    private func practiceLogits(of state: StudentState) -> [Double] {
        var logits = [Double](repeating: 0, count: skillCount)
        logits.withUnsafeMutableBufferPointer { logits in
            let bias = skillBias.buffer
            let common = globalBias + state.theta[0]
            for skill in 0..<skillCount { logits[skill] = common + bias[skill] }
            guard rank > 0, skillCount > 0 else { return }
            state.theta.withUnsafeBufferPointer { theta in
                BLAS.gemv(.transpose, a: MatrixView(baseAddress: skillFactors.buffer.baseAddress!, rows: rank, columns: skillCount),
                          x: VectorView(baseAddress: theta.baseAddress! + 1, count: rank), beta: 1,
                          y: MutableVectorView(baseAddress: logits.baseAddress!, count: skillCount))
            }
        }
        for (skill, count) in state.wins { logits[skill] += gainCorrect[skill] * log1p(count) }
        for (skill, count) in state.fails { logits[skill] += gainWrong[skill] * log1p(count) }
        return logits
    }

    /// `|L⁻¹x_s|` for every skill, or ∞ for all when the precision is not positive definite.
    ///
    /// With `x = (1, q)` and `L⁻¹` lower triangular, `L⁻¹x = (m₀₀, m + M·q)` where `m₀₀` is the
    /// first diagonal element, `m` the rest of the first column and `M` the trailing `k × k`
    /// triangle. So the product runs over the skill factors as stored (one flat conversion to
    /// single precision per block, no strided gather) and the bias column is added after.
    private func logitStandardDeviations(precision: [Double]) -> [Double] {
        let dimension = rank + 1
        var deviations = [Double](repeating: .infinity, count: skillCount)
        guard let inverseFactor = Self.singleInverseFactor(precision, dimension: dimension) else { return deviations }
        let biasVariance = Double(inverseFactor[0]) * Double(inverseFactor[0])
        guard rank > 0 else {
            for skill in 0..<skillCount { deviations[skill] = biasVariance.squareRoot() }
            return deviations
        }
        var trailing = [Float](repeating: 0, count: rank * rank)
        for column in 0..<rank {
            for row in column..<rank { trailing[column * rank + row] = inverseFactor[(column + 1) * dimension + row + 1] }
        }
        let firstColumn = Array(inverseFactor[1..<dimension])
        // Blocks stay in cache and below malloc's mmap threshold; one allocation per call.
        let block = 256
        let factors = skillFactors.buffer.baseAddress!
        trailing.withUnsafeBufferPointer { trailing in
            firstColumn.withUnsafeBufferPointer { firstColumn in
                deviations.withUnsafeMutableBufferPointer { deviations in
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: rank * block) { buffer in
                        let columns = buffer.baseAddress!
                        var start = 0
                        while start < skillCount {
                            let count = Swift.min(block, skillCount - start)
                            let source = factors + start * rank
                            Self.convert(source, to: columns, count: count * rank)
                            BLAS.multiplyByLowerTriangular(trailing.baseAddress!, order: rank, b: columns, columns: count)
                            for index in 0..<count {
                                let squares = Self.squaredNorm(columns + index * rank, plus: firstColumn.baseAddress!, count: rank)
                                deviations[start + index] = (biasVariance + Double(squares)).squareRoot()
                            }
                            start += count
                        }
                    }
                }
            }
        }
        return deviations
    }

    /// `output[j] = Float(input[j])`, four at a time (the scalar loop was a third of the
    /// variance computation's instructions).
    @inline(__always)
    private static func convert(_ input: UnsafePointer<Double>, to output: UnsafeMutablePointer<Float>, count: Int) {
        var index = 0
        while index &+ 4 <= count {
            let wide = UnsafeRawPointer(input + index).loadUnaligned(as: SIMD4<Double>.self)
            UnsafeMutableRawPointer(output + index).storeBytes(of: SIMD4<Float>(wide), as: SIMD4<Float>.self)
            index &+= 4
        }
        while index < count {
            output[index] = Float(input[index])
            index &+= 1
        }
    }

    /// `|v + w|²` for `count` floats, four lanes at a time.
    @inline(__always)
    private static func squaredNorm(_ v: UnsafeMutablePointer<Float>, plus w: UnsafePointer<Float>, count: Int) -> Float {
        var sums = SIMD4<Float>.zero
        var index = 0
        while index &+ 4 <= count {
            let sum = UnsafeRawPointer(v + index).loadUnaligned(as: SIMD4<Float>.self)
                + UnsafeRawPointer(w + index).loadUnaligned(as: SIMD4<Float>.self)
            sums += sum * sum
            index &+= 4
        }
        var total = sums.sum()
        while index < count {
            let sum = v[index] + w[index]
            total += sum * sum
            index &+= 1
        }
        return total
    }

    /// `L⁻¹` in single precision (lower triangle, column-major) for `precision = L·Lᵀ`, computed
    /// in double; nil when the precision is not positive definite.
    private static func singleInverseFactor(_ precision: [Double], dimension: Int) -> [Float]? {
        var factor = precision
        let inverted = factor.withUnsafeMutableBufferPointer { buffer in
            let view = MutableMatrixView(baseAddress: buffer.baseAddress!, rows: dimension, columns: dimension)
            do {
                try LAPACK.choleskyFactor(view)
                try LAPACK.invertTriangular(view)
                return true
            } catch {
                return false
            }
        }
        guard inverted else { return nil }
        return factor.map { Float($0) }
    }

    /// The link of `logit` and of `logit ∓ spread`. For the logistic link, `σ(l ± s)` follows
    /// from `p = σ(l)` and `e^s` without two more exponentials: `σ(l + s) = p / (p + (1 − p)e^{−s})`
    /// and `σ(l − s) = p / (p + (1 − p)e^{s})`. Where `p` rounds to 0 or 1 or `e^s` overflows,
    /// the three links are computed one by one.
    @inline(__always)
    private func interval(logit: Double, spread: Double) -> (Double, Double, Double) {
        guard kind == .logistic else {
            return (probability(ofLogit: logit), probability(ofLogit: logit - spread), probability(ofLogit: logit + spread))
        }
        // p and 1 − p from one exponential, each without cancellation.
        let small = exp(-abs(logit))
        let (p, rest) = logit >= 0 ? (1 / (1 + small), small / (1 + small)) : (small / (1 + small), 1 / (1 + small))
        let growth = exp(spread)
        guard p > 0, rest > 0, growth.isFinite else {
            return (p, RidgeNewtonSolver.sigmoid(logit - spread), RidgeNewtonSolver.sigmoid(logit + spread))
        }
        return (p, Swift.min(p, p / (p + rest * growth)), Swift.max(p, p / (p + rest / growth)))
    }
}
