#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LinearAlgebra

/// Mastery of a student's skills as parallel columns (indexed by skill, or by position in the
/// list of skills asked for): what a planner or a report reads, without a struct per skill.
public struct MasteryColumns: Sendable, Equatable {
    /// Probability of a correct answer on a typical item of each skill.
    public var probability: [Double]
    /// The interval's lower end: the link of the logit minus `z` standard deviations.
    public var lower: [Double]
    /// The interval's upper end: the link of the logit plus `z` standard deviations.
    public var upper: [Double]
    /// Standard deviation of each logit (∞ when the precision could not be factored).
    public var logitStandardDeviation: [Double]

    /// The number of rows (skills).
    public var count: Int { probability.count }

    /// Row `skill` as one ``Mastery``.
    public subscript(skill: Int) -> Mastery {
        Mastery(probability: probability[skill], lower: lower[skill], upper: upper[skill],
                logitStandardDeviation: logitStandardDeviation[skill])
    }
}

extension MasteryModel {
    /// Mastery of every skill in `state`, with intervals of ±`z` logit standard deviations: the
    /// probabilities and then every interval of ``studentMasteries(of:z:)``.
    public func masteryColumns(of state: StudentState, z: Double = 1.96) -> MasteryColumns {
        studentMasteries(of: state, z: z).everySkill()
    }

    /// A student's probabilities for every skill, ready to give intervals for the skills a
    /// caller needs (see ``StudentMasteries``).
    public func studentMasteries(of state: StudentState, z: Double = 1.96) -> StudentMasteries {
        StudentMasteries(model: self, logits: practiceLogits(of: state), precision: state.precision, z: z)
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
        let logit = logit(of: StudentAnswer(skill: skill, outcome: 0), for: state, asTheNextAnswer: false)
        let deviation = max(variance, 0).squareRoot()
        return mastery(logit: logit, deviation: deviation, z: z)
    }

    /// Every skill's logit on a typical item with the state's practice counts: `μ + b_u + b_s +
    /// p_u·q_s` by one `dgemv`, then the few practiced skills' count terms.
    func practiceLogits(of state: StudentState) -> [Double] {
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
        logits.withUnsafeMutableBufferPointer { addPracticeFeatureTerms(of: state, to: $0.baseAddress!) }
        return logits
    }

    /// Adds to every skill's logit the further practice terms (``PracticeFeature``) of the
    /// state's next answer on it; nothing for a model without them.
    func addPracticeFeatureTerms(of state: StudentState, to logits: UnsafeMutablePointer<Double>) {
        let features = practiceFeatures
        guard !features.isEmpty else { return }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 + features.count) { values in
            // The skills never answered (most of a curriculum) share their values, zeros for the
            // recommended features: written once, and skipped when all zero, instead of five
            // tally searches per skill and request.
            state.history.countsOnAnUnpractisedSkill().write(features, into: values.baseAddress!)
            let practised = state.wins.skills
            if features.indices.contains(where: { values[2 + $0] != 0 }) {
                var next = 0
                for skill in 0..<skillCount {
                    if next < practised.count && practised[next] == skill {
                        next += 1
                        continue
                    }
                    for feature in features.indices {
                        logits[skill] += practiceWeights[skill * features.count + feature] * Double(values[2 + feature])
                    }
                }
            }
            for skill in practised {
                let counts = state.history.counts(skill: skill, answerCount: state.answerCount, wins: state.wins, fails: state.fails,
                                                  related: .none)
                counts.write(features, into: values.baseAddress!)
                for feature in features.indices {
                    logits[skill] += practiceWeights[skill * features.count + feature] * Double(values[2 + feature])
                }
            }
        }
        addRelatedPracticeTerms(of: state, to: logits)
    }

    /// Adds the related features' terms (``PracticeFeature/relatedWins``, ``PracticeFeature/relatedFails``),
    /// which the loops above leave out because they differ between skills never answered: the
    /// practised skills' wins and fails are scattered onto their neighbours, in ascending skill
    /// order, which sums each skill's neighbours in the order ``RelatedSkills`` lists them (the
    /// order fold-in and the per-answer update use), so every path gets the same counts.
    private func addRelatedPracticeTerms(of state: StudentState, to logits: UnsafeMutablePointer<Double>) {
        let features = practiceFeatures
        let winsFeature = features.firstIndex(of: .relatedWins), failsFeature = features.firstIndex(of: .relatedFails)
        guard winsFeature != nil || failsFeature != nil, !relatedSkills.isEmpty, !state.wins.skills.isEmpty else { return }
        let skills = skillCount
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * skills) { sums in
            sums.initialize(repeating: 0)
            let winSums = sums.baseAddress!, failSums = sums.baseAddress! + skills
            for (skill, count) in state.wins {
                for neighbour in relatedSkills.neighbours(of: skill) { winSums[Int(neighbour)] += count }
            }
            for (skill, count) in state.fails {
                for neighbour in relatedSkills.neighbours(of: skill) { failSums[Int(neighbour)] += count }
            }
            for skill in 0..<skills where winSums[skill] != 0 || failSums[skill] != 0 {
                if let winsFeature {
                    logits[skill] += practiceWeights[skill * features.count + winsFeature] * Double(PracticeCounts.logCount(winSums[skill]))
                }
                if let failsFeature {
                    logits[skill] += practiceWeights[skill * features.count + failsFeature] * Double(PracticeCounts.logCount(failSums[skill]))
                }
            }
        }
    }
}
