import LinearAlgebra
import MasteryModel

extension Parameters {
    /// Moves the two shifts of the factors that no logit sees to the point of lowest penalty.
    ///
    /// One vector `v` added to every student's factors, with `−q_s·v` added to every skill's bias,
    /// leaves each logit `b_u + b_s + p_u·q_s` as it was; so does `w` added to every skill's
    /// factors with `−p_u·w` on every student's bias. Like the bias sums of ``BiasSums``, only the
    /// penalty tells these apart, and alternating steps crawl along them: on the province-scale
    /// file the largest bias move per sweep fell by only a sixth a sweep from sweep 6 on, and it
    /// decided when the fit stopped. Along the first shift the penalty
    /// `½λ_p Σ_u |p_u + v|² + ½λ_b Σ_s (b_s − q_s·v)²` is lowest where
    /// `(λ_p |U| I + λ_b Σ_s q_s q_sᵀ) v = λ_b Σ_s b_s q_s − λ_p Σ_u p_u`; the second is the same
    /// with students and skills swapped. The loss does not move, so the objective can only fall.
    /// Entities without rows are shifted too: they have no logit to keep.
    mutating func recentreFactors(lambda: Regularization) {
        guard rank > 0, !studentBias.isEmpty, !skillBias.isEmpty else { return }
        Self.shiftToLowestPenalty(factors: &studentFactors, factorPenalty: lambda.studentFactors,
                                  partnerFactors: skillFactors, partnerBiases: &skillBias, biasPenalty: lambda.skillBias, rank: rank)
        Self.shiftToLowestPenalty(factors: &skillFactors, factorPenalty: lambda.skillFactors,
                                  partnerFactors: studentFactors, partnerBiases: &studentBias, biasPenalty: lambda.studentBias, rank: rank)
    }

    /// Adds the penalty-minimizing `v` to every row of `factors` (`rank` values per entity) and
    /// `−q·v` to each partner's bias, `q` being the partner's row of `partnerFactors`.
    private static func shiftToLowestPenalty(factors: inout [Double], factorPenalty: Double, partnerFactors: [Double],
                                             partnerBiases: inout [Double], biasPenalty: Double, rank: Int) {
        let count = factors.count / rank
        let partners = partnerBiases.count
        guard factorPenalty > 0, count > 0, partners > 0 else { return }
        var system = [Double](repeating: 0, count: rank * rank)
        var shift = [Double](repeating: 0, count: rank)
        partnerFactors.withUnsafeBufferPointer { q in
            // Column s of this rank × partners view is q_s.
            let partnerView = MatrixView(baseAddress: q.baseAddress!, rows: rank, columns: partners)
            system.withUnsafeMutableBufferPointer { m in
                BLAS.syrk(.lower, .noTranspose, alpha: biasPenalty, a: partnerView, beta: 0,
                          c: MutableMatrixView(baseAddress: m.baseAddress!, rows: rank, columns: rank))
            }
            partnerBiases.withUnsafeBufferPointer { b in
                shift.withUnsafeMutableBufferPointer { v in
                    BLAS.gemv(.noTranspose, alpha: biasPenalty, a: partnerView, x: VectorView(b), beta: 0, y: MutableVectorView(v))
                }
            }
        }
        var factorSum = [Double](repeating: 0, count: rank)
        factors.withUnsafeBufferPointer { p in
            for entity in 0..<count {
                for j in 0..<rank { factorSum[j] += p[entity * rank + j] }
            }
        }
        for j in 0..<rank {
            shift[j] -= factorPenalty * factorSum[j]
            system[j * rank + j] += factorPenalty * Double(count)
        }
        // λ_p |U| I alone makes the system positive definite; a failure means non-finite input.
        let solved = (try? SmallCholesky.solve(&system, order: rank, b: &shift)) != nil
        guard solved, shift.allSatisfy(\.isFinite) else { return }
        factors.withUnsafeMutableBufferPointer { p in
            for entity in 0..<count {
                for j in 0..<rank { p[entity * rank + j] += shift[j] }
            }
        }
        partnerFactors.withUnsafeBufferPointer { q in
            partnerBiases.withUnsafeMutableBufferPointer { b in
                shift.withUnsafeBufferPointer { v in
                    BLAS.gemv(.transpose, alpha: -1, a: MatrixView(baseAddress: q.baseAddress!, rows: rank, columns: partners),
                              x: VectorView(v), beta: 1, y: MutableVectorView(b))
                }
            }
        }
    }
}
