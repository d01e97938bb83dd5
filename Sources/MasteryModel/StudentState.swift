import LinearAlgebra

/// A student's current estimate, updated answer by answer in constant time: the online form of
/// fold-in that services use between requests and that the `online` evaluation protocol uses to
/// predict each answer from the earlier ones only.
///
/// The state keeps `θ = (b_u, p_u)` and the precision `A` (the prior's ridge penalty plus the
/// curvature of the answers seen). A new answer takes one Newton step on
/// `½(θ − θ₀)ᵀA(θ − θ₀) + ℓ(answer)` from the current θ — a Laplace (assumed-density) update —
/// then adds the answer's curvature to `A`. With a recency half-life in answers, older evidence
/// in `A` decays by `0.5^(1/halfLife)` per answer, as the weights of batch fold-in do.
public struct StudentState: Sendable, Equatable {
    public private(set) var theta: [Double]
    /// `(rank+1)²`, column-major, symmetric: the prior penalty plus accumulated curvature.
    public private(set) var precision: [Double]
    public private(set) var wins: [Int: Double] = [:]
    public private(set) var fails: [Int: Double] = [:]
    public private(set) var answerCount = 0

    init(rank: Int, regularization: Regularization) {
        let dimension = rank + 1
        theta = [Double](repeating: 0, count: dimension)
        precision = [Double](repeating: 0, count: dimension * dimension)
        precision[0] = regularization.studentBias
        for j in 1..<max(dimension, 1) { precision[j * dimension + j] = regularization.studentFactors }
    }

    /// Continues from a batch fold-in: its estimate, precision and practice counts.
    public init(_ estimate: StudentEstimate) {
        theta = [estimate.bias] + estimate.factors
        precision = estimate.precision
        wins = estimate.wins
        fails = estimate.fails
        answerCount = estimate.answerCount
    }

    public var bias: Double { theta[0] }
    public var factors: ArraySlice<Double> { theta.dropFirst() }
}

extension MasteryModel {
    /// The population prior: a student about whom nothing is known yet.
    public func initialState() -> StudentState {
        StudentState(rank: rank, regularization: metadata.regularization)
    }

    /// A known student's trained parameters, with the prior precision (their answers are not in
    /// the model, so the uncertainty of a trained student is not known).
    public func state(ofStudent student: Int) -> StudentState {
        var state = initialState()
        state.setTheta([studentBias[student]] + Array(factors(ofStudent: student)))
        return state
    }

    /// The logit of `answer` for a student in `state`: the mean of its skills' logits on a typical
    /// item when the item is unknown.
    public func logit(of answer: StudentAnswer, for state: StudentState) -> Double {
        var total = 0.0
        for skill in answer.skills {
            var value = studentFreeLogit(skill: skill, item: answer.item, logWins: log1p(state.wins[skill] ?? 0),
                                         logFails: log1p(state.fails[skill] ?? 0)) + state.theta[0]
            for j in 0..<rank { value += state.theta[1 + j] * skillFactors[skill * rank + j] }
            total += value
        }
        return total / Double(answer.skills.count)
    }

    /// The predicted probability of a correct answer (or the predicted score).
    public func predict(_ answer: StudentAnswer, for state: StudentState) -> Double {
        let z = logit(of: answer, for: state)
        return probability(ofLogit: z)
    }

    /// Folds one more answer into `state` (constant time in the number of earlier answers).
    public func update(_ state: inout StudentState, with answer: StudentAnswer) throws(FoldInError) {
        guard (0...1).contains(answer.outcome) else { throw .outcomeOutOfRange(answer.outcome) }
        if let item = answer.item, !(0..<itemBias.count).contains(item) { throw .unknownItem(item) }
        guard !answer.skills.isEmpty else { throw .noAnswers }
        for skill in answer.skills where !(0..<skillCount).contains(skill) { throw .unknownSkill(skill) }
        let dimension = rank + 1
        if let halfLife = metadata.recency.halfLife, metadata.recency.unit == .answers, state.answerCount > 0 {
            state.decayEvidence(by: pow(0.5, 1 / halfLife), regularization: metadata.regularization)
        }
        var gradient = [Double](repeating: 0, count: dimension)
        var matrix = state.precision
        let share = 1 / Double(answer.skills.count)
        var x = [Double](repeating: 0, count: dimension)
        for skill in answer.skills {
            x[0] = 1
            for j in 0..<rank { x[1 + j] = skillFactors[skill * rank + j] }
            var z = studentFreeLogit(skill: skill, item: answer.item, logWins: log1p(state.wins[skill] ?? 0),
                                     logFails: log1p(state.fails[skill] ?? 0))
            for j in 0..<dimension { z += x[j] * state.theta[j] }
            let (residual, curvature) = kind == .logistic
                ? { let p = RidgeNewtonSolver.sigmoid(z); return (answer.outcome - p, p * (1 - p)) }()
                : (answer.outcome - z, 1.0)
            for a in 0..<dimension {
                gradient[a] += share * residual * x[a]
                for b in 0..<dimension { matrix[b * dimension + a] += share * curvature * x[a] * x[b] }
            }
        }
        // (A + H_new) Δ = g_new: the prior term's gradient is zero at the current θ.
        var factor = matrix
        do {
            try factor.withUnsafeMutableBufferPointer { a in
                try gradient.withUnsafeMutableBufferPointer { b in
                    try LAPACK.solvePositiveDefinite(MutableMatrixView(baseAddress: a.baseAddress!, rows: dimension, columns: dimension),
                                                     b: MutableMatrixView(baseAddress: b.baseAddress!, rows: dimension, columns: 1))
                }
            }
        } catch {
            throw .notConverged(iterations: 1)
        }
        var theta = state.theta
        for j in 0..<dimension { theta[j] += gradient[j] }
        state.setTheta(theta)
        state.setPrecision(matrix)
        state.record(answer)
    }

    /// Mastery of every skill in `state`: the precision is factored and inverted once, and every
    /// skill's logit variance `xᵀΣx` (x = (1, q_s)) comes from `dgemm` over blocks of skills
    /// (`dtrsm` with the factor, half the flops, ran 25 % more instructions in OpenBLAS at this
    /// size). The logits without practice come from one `dgemv` over the skill factors; the
    /// practiced skills (the state's few) add their terms after.
    public func masteries(of state: StudentState, z: Double = 1.96) -> [Mastery] {
        let dimension = rank + 1
        let skills = skillCount
        var covariance = state.precision
        let inverted = covariance.withUnsafeMutableBufferPointer { buffer in
            let view = MutableMatrixView(baseAddress: buffer.baseAddress!, rows: dimension, columns: dimension)
            do {
                try LAPACK.choleskyFactor(view)
                try LAPACK.inverseFromCholesky(view)
                return true
            } catch {
                return false
            }
        }
        var logits = [Double](repeating: 0, count: skills)
        logits.withUnsafeMutableBufferPointer { logits in
            let bias = skillBias.buffer
            let common = globalBias + state.theta[0]
            for skill in 0..<skills { logits[skill] = common + bias[skill] }
            if rank > 0, skills > 0 {
                state.theta.withUnsafeBufferPointer { theta in
                    BLAS.gemv(.transpose, a: MatrixView(baseAddress: skillFactors.buffer.baseAddress!, rows: rank, columns: skills),
                              x: VectorView(baseAddress: theta.baseAddress! + 1, count: rank), beta: 1,
                              y: MutableVectorView(baseAddress: logits.baseAddress!, count: skills))
                }
            }
        }
        for (skill, count) in state.wins { logits[skill] += gainCorrect[skill] * log1p(count) }
        for (skill, count) in state.fails { logits[skill] += gainWrong[skill] * log1p(count) }
        var result: [Mastery] = []
        result.reserveCapacity(skills)
        // Blocks small enough to stay in cache (and below malloc's mmap threshold, whose page
        // faults cost more than the arithmetic), allocated once per call.
        let block = 192
        let factors = skillFactors.buffer
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * dimension * block) { buffer in
            let design = buffer.baseAddress!
            let product = design + dimension * block
            covariance.withUnsafeBufferPointer { sigma in
                var start = 0
                while start < skills {
                    let count = Swift.min(block, skills - start)
                    if inverted {
                        for index in 0..<count {
                            let column = design + index * dimension
                            column[0] = 1
                            if rank > 0 { (column + 1).update(from: factors.baseAddress! + (start + index) * rank, count: rank) }
                        }
                        // Cleared here and accumulated into (beta 1): OpenBLAS's own clearing for beta 0
                        // ran 8 instructions per element, a sixth of the dgemm.
                        product.update(repeating: 0, count: dimension * count)
                        BLAS.gemm(a: MatrixView(baseAddress: sigma.baseAddress!, rows: dimension, columns: dimension),
                                  b: MatrixView(baseAddress: design, rows: dimension, columns: count), beta: 1,
                                  c: MutableMatrixView(baseAddress: product, rows: dimension, columns: count))
                    }
                    for index in 0..<count {
                        let deviation = inverted
                            ? Swift.max(SmallKernels.dot(design + index * dimension, product + index * dimension, count: dimension), 0).squareRoot()
                            : .infinity
                        result.append(mastery(logit: logits[start + index], deviation: deviation, z: z))
                    }
                    start += count
                }
            }
        }
        return result
    }

    /// Mastery of `skill` in `state`, with the interval from the precision's inverse.
    public func mastery(of state: StudentState, skill: Int, z: Double = 1.96) -> Mastery {
        let dimension = rank + 1
        var factor = state.precision
        var x = [Double](repeating: 0, count: dimension)
        x[0] = 1
        for j in 0..<rank { x[1 + j] = skillFactors[skill * rank + j] }
        // Var = xᵀA⁻¹x = |L⁻¹x|² with A = LLᵀ; solving A y = x and taking x·y is the same.
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
}

extension StudentState {
    mutating func setTheta(_ values: [Double]) { theta = values }
    mutating func setPrecision(_ values: [Double]) { precision = values }

    mutating func record(_ answer: StudentAnswer) {
        for skill in answer.skills {
            wins[skill, default: 0] += answer.outcome
            fails[skill, default: 0] += 1 - answer.outcome
        }
        answerCount += 1
    }

    /// Scales the evidence part of the precision (everything above the prior) by `factor`.
    mutating func decayEvidence(by factor: Double, regularization: Regularization) {
        let dimension = theta.count
        for a in 0..<dimension {
            for b in 0..<dimension {
                let prior = a == b ? (a == 0 ? regularization.studentBias : regularization.studentFactors) : 0
                precision[b * dimension + a] = prior + factor * (precision[b * dimension + a] - prior)
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
