#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LinearAlgebra

/// One student's mastery in two parts: the probability of every skill, computed at once (one
/// `dgemv`), and intervals only for the skills a caller asks about, because their variances are
/// most of the arithmetic (k²/2 multiply-adds per skill against k for a probability). A planner
/// needs intervals only where they can change a decision (skills predicted at or above the
/// threshold) and for the steps it returns.
///
/// Each logit's variance is `xᵀA⁻¹x = |L⁻¹x|²` with `x = (1, q_s)` and the precision `A = L·Lᵀ`:
/// `L⁻¹` once (``SmallCholesky``: LAPACK's `dpotrf` and `dtrtri` took 86,000 instructions on a
/// 33 × 33 precision, the Swift loops 56,000), then `strmm` over blocks of skills in single precision,
/// which halves the time of double: at 1,000 skills and rank 32, every interval went from 1.72 M
/// to 0.84 M instructions (callgrind, `lotrinh-bench request`) against the `dgemm` with `A⁻¹`
/// used before. A sum of squares cannot cancel, so the deviations keep about six significant
/// digits, far beyond what a 95% interval needs; logits and probabilities stay in double.
public struct StudentMasteries: Sendable {
    /// Probability of a correct answer on a typical item, per skill.
    public let probability: [Double]
    /// Half-width of the intervals in logit standard deviations.
    public let z: Double
    let model: MasteryModel
    let logits: [Double]
    /// `1 − probability`, from the same exponential, without cancellation near 1.
    let complement: [Double]
    /// `L⁻¹` split as `m₀₀` (the bias row), `m` (the rest of the first column) and `M` (the
    /// trailing k × k triangle), so `L⁻¹x = (m₀₀, m + M·q)`; nil when the precision is not
    /// positive definite, which gives every skill the whole interval.
    let factor: InverseFactor?

    struct InverseFactor: Sendable {
        var biasVariance: Double
        var firstColumn: [Float]
        var trailing: [Float]
    }

    init(model: MasteryModel, logits: [Double], precision: [Double], z: Double) {
        self.model = model
        self.logits = logits
        self.z = z
        var probability = [Double](repeating: 0, count: logits.count)
        var complement = probability
        if model.kind == .logistic {
            probability.withUnsafeMutableBufferPointer { probability in
                complement.withUnsafeMutableBufferPointer { complement in
                    logits.withUnsafeBufferPointer { Self.logisticPairs($0, probability, complement) }
                }
            }
        } else {
            for skill in logits.indices {
                probability[skill] = model.probability(ofLogit: logits[skill])
                complement[skill] = 1 - probability[skill]
            }
        }
        self.probability = probability
        self.complement = complement
        factor = Self.inverseFactor(precision, rank: model.rank)
    }

    /// The number of skills (the length of ``probability``).
    public var skillCount: Int { probability.count }

    /// Every skill's interval.
    public func everySkill() -> MasteryColumns {
        columns(deviations: deviations(of: nil), skills: nil)
    }

    /// The intervals of `skills`, in the order given (row `i` is `skills[i]`'s).
    public func intervals(of skills: [Int]) -> MasteryColumns {
        columns(deviations: deviations(of: skills), skills: skills)
    }

    private func columns(deviations: [Double], skills: [Int]?) -> MasteryColumns {
        let count = deviations.count
        var probability = [Double](repeating: 0, count: count)
        var lower = probability, upper = probability
        probability.withUnsafeMutableBufferPointer { probability in
            lower.withUnsafeMutableBufferPointer { lower in
                upper.withUnsafeMutableBufferPointer { upper in
                    // Every row's spread into `lower` and, for the logistic link, its growth
                    // e^spread into `upper` (two at a time); each row then overwrites both.
                    for row in 0..<count { lower[row] = z * deviations[row] }
                    guard model.kind == .logistic else {
                        for row in 0..<count {
                            let skill = skills?[row] ?? row, logit = logits[skill], spread = lower[row]
                            probability[row] = self.probability[skill]
                            lower[row] = model.probability(ofLogit: logit - spread)
                            upper[row] = model.probability(ofLogit: logit + spread)
                        }
                        return
                    }
                    _ = upper.update(fromContentsOf: lower)
                    PairedExponential.exponentiate(upper)
                    for row in 0..<count {
                        (probability[row], lower[row], upper[row]) = logisticInterval(of: skills?[row] ?? row, spread: lower[row],
                                                                                      growth: upper[row])
                    }
                }
            }
        }
        return MasteryColumns(probability: probability, lower: lower, upper: upper, logitStandardDeviation: deviations)
    }

    /// `σ(l)` and `σ(l ∓ spread)` with one exponential, `growth = e^spread`:
    /// `σ(l + s) = p / (p + (1 − p)e^{−s})` and `σ(l − s) = p / (p + (1 − p)e^{s})` with `p = σ(l)`.
    /// Where `p` rounds to 0 or 1 or `e^s` overflows, the two ends are computed directly.
    @inline(__always)
    private func logisticInterval(of skill: Int, spread: Double, growth: Double) -> (Double, Double, Double) {
        let logit = logits[skill], p = probability[skill]
        let rest = complement[skill]
        guard p > 0, rest > 0, growth.isFinite else {
            return (p, RidgeNewtonSolver.sigmoid(logit - spread), RidgeNewtonSolver.sigmoid(logit + spread))
        }
        return (p, Swift.min(p, p / (p + rest * growth)), Swift.max(p, p / (p + rest / growth)))
    }

    /// `σ(l)` and `1 − σ(l)` of every logit from one exponential each, `e^{−|l|}`, without
    /// cancellation: `1 / (1 + e^{−|l|})` is the larger of the two, `e^{−|l|} / (1 + e^{−|l|})`
    /// the smaller. Two skills at a time.
    private static func logisticPairs(_ logits: UnsafeBufferPointer<Double>, _ probability: UnsafeMutableBufferPointer<Double>,
                                      _ complement: UnsafeMutableBufferPointer<Double>) {
        for skill in logits.indices { complement[skill] = -abs(logits[skill]) }
        PairedExponential.exponentiate(complement)
        var skill = 0
        while skill &+ 2 <= logits.count {
            let logit = UnsafeRawPointer(logits.baseAddress! + skill).loadUnaligned(as: SIMD2<Double>.self)
            let small = UnsafeRawPointer(complement.baseAddress! + skill).loadUnaligned(as: SIMD2<Double>.self)
            let larger = 1 / (1 + small), smaller = small / (1 + small)
            let negative = .!(logit .>= 0)
            UnsafeMutableRawPointer(probability.baseAddress! + skill)
                .storeBytes(of: larger.replacing(with: smaller, where: negative), as: SIMD2<Double>.self)
            UnsafeMutableRawPointer(complement.baseAddress! + skill)
                .storeBytes(of: smaller.replacing(with: larger, where: negative), as: SIMD2<Double>.self)
            skill &+= 2
        }
        if skill < logits.count {
            let small = complement[skill], larger = 1 / (1 + small), smaller = small / (1 + small)
            (probability[skill], complement[skill]) = logits[skill] >= 0 ? (larger, smaller) : (smaller, larger)
        }
    }
}

extension StudentMasteries {
    /// `|L⁻¹x_s|` for `skills` (every skill when nil), or ∞ when the precision is not positive
    /// definite. Every skill's factors are converted to single precision in one flat loop;
    /// a subset's are gathered row by row.
    func deviations(of skills: [Int]?) -> [Double] {
        let rank = model.rank
        let count = skills?.count ?? skillCount
        guard let factor else { return [Double](repeating: .infinity, count: count) }
        guard rank > 0 else { return [Double](repeating: factor.biasVariance.squareRoot(), count: count) }
        var deviations = [Double](repeating: 0, count: count)
        // Blocks stay in cache and below malloc's mmap threshold; one allocation per call.
        let block = 256
        let factors = model.skillFactors.buffer.baseAddress!
        factor.trailing.withUnsafeBufferPointer { trailing in
            factor.firstColumn.withUnsafeBufferPointer { firstColumn in
                deviations.withUnsafeMutableBufferPointer { deviations in
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: rank * block) { buffer in
                        let columns = buffer.baseAddress!
                        var start = 0
                        while start < count {
                            let size = Swift.min(block, count - start)
                            if let skills {
                                for index in 0..<size {
                                    Self.convert(factors + skills[start + index] * rank, to: columns + index * rank, count: rank)
                                }
                            } else {
                                Self.convert(factors + start * rank, to: columns, count: size * rank)
                            }
                            BLAS.multiplyByLowerTriangular(trailing.baseAddress!, order: rank, b: columns, columns: size)
                            for index in 0..<size {
                                let squares = Self.squaredNorm(columns + index * rank, plus: firstColumn.baseAddress!, count: rank)
                                deviations[start + index] = (factor.biasVariance + Double(squares)).squareRoot()
                            }
                            start += size
                        }
                    }
                }
            }
        }
        return deviations
    }

    /// `L⁻¹` of `precision = L·Lᵀ` (computed in double, kept in single precision) split for
    /// ``deviations(of:)``; nil when the precision is not positive definite.
    static func inverseFactor(_ precision: [Double], rank: Int) -> InverseFactor? {
        let dimension = rank + 1
        var inverse = precision
        let inverted = inverse.withUnsafeMutableBufferPointer { buffer in
            let view = MutableMatrixView(baseAddress: buffer.baseAddress!, rows: dimension, columns: dimension)
            do {
                try SmallCholesky.factorize(view)
                try SmallCholesky.invertFactor(view)
                return true
            } catch {
                return false
            }
        }
        guard inverted else { return nil }
        let trailing = [Float](unsafeUninitializedCapacity: rank * rank) { trailing, initialized in
            inverse.withUnsafeBufferPointer { inverse in
                // Column by column, the part below the diagonal converted four at a time.
                for column in 0..<rank {
                    let target = trailing.baseAddress! + column * rank
                    target.initialize(repeating: 0, count: column)
                    convert(inverse.baseAddress! + (column + 1) * dimension + column + 1, to: target + column, count: rank - column)
                }
            }
            initialized = rank * rank
        }
        return InverseFactor(biasVariance: inverse[0] * inverse[0], firstColumn: inverse[1..<dimension].map { Float($0) },
                             trailing: trailing)
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
}

extension StudentMasteries {
    /// For each of `skills`, whether the lower end of its interval is certainly below
    /// `threshold`, known without computing the interval (false: not certain, ask
    /// ``intervals(of:)``).
    ///
    /// `|L⁻¹x|²` is a sum of squares whose first term, the variance of the bias alone, is the
    /// same for every skill; so every deviation is at least the bias's (the computed deviation
    /// too: it adds a non-negative sum to that term), and a skill whose logit is within `z` bias
    /// deviations above the threshold's has its lower end below it. In the request benchmark
    /// this settles 195 of the 226 skills predicted above the threshold whose lower end is
    /// below it, in one comparison each; summing more terms settled hardly more (204 with
    /// eight).
    ///
    /// What can still differ is the rounding of the computed lower end, which near 0 and 1 can
    /// land on the threshold itself; the margin of 10⁻⁴ in logits is about `10⁻⁴·t(1 − t)` in
    /// probability, so thresholds closer than 10⁻⁹ to 1 or below 2⁻¹⁰⁰⁰ settle nothing.
    public func lowerEndsCertainlyBelow(_ threshold: Double, among skills: [Int]) -> [Bool] {
        guard model.kind == .logistic, let factor, threshold >= 0x1p-1000, 1 - threshold >= 1e-9 else {
            return [Bool](repeating: false, count: skills.count)
        }
        let margin = 1e-4
        let spread = z * factor.biasVariance.squareRoot() * (1 - margin)
        let cut = log(threshold / (1 - threshold)) + spread - margin
        return skills.map { logits[$0] < cut }
    }
}
