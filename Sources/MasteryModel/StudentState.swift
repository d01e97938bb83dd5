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
    /// `θ = (b_u, p_u)`: the bias, then `rank` factors.
    public private(set) var theta: [Double]
    /// `(rank+1)²`, column-major, symmetric: the prior penalty plus accumulated curvature.
    public private(set) var precision: [Double]
    /// Earlier answers right per skill, a score counting as that fraction of one (no recency discount).
    public private(set) var wins = PracticeTally()
    /// Earlier answers wrong per skill, `1 − outcome` each (no recency discount).
    public private(set) var fails = PracticeTally()
    /// The number of answers folded in so far (a question with several skills counts once).
    public private(set) var answerCount = 0
    /// Per skill, how many of the student's latest answers on it were right in a row (skills
    /// without such a run are absent): the evidence of a mastery run, which a path planner may
    /// count as mastered while the model's estimate, which weighs the whole history, lags behind.
    /// An answer counts as right at an outcome of at least ``rightOutcome``.
    public private(set) var rightAnswersInARow: [Int: Int] = [:]
    /// What the further practice features of the next answer need (empty unless the model has one
    /// that reads the order of the answers, ``MasteryModel/keepsAnswerHistory``).
    public private(set) var history = PracticeHistory()

    /// The outcome from which an answer counts as right in ``rightAnswersInARow`` (a score of
    /// one half or more on graded answers).
    public static let rightOutcome = 0.5

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
        rightAnswersInARow = estimate.rightAnswersInARow
        history = estimate.history
    }

    /// One more answer on each of its skills' runs, by ``AnswerStreaks`` (the rule fold-in's
    /// runs come from too); a run that ends leaves the dictionary.
    private static func extend(_ runs: inout [Int: Int], with answer: StudentAnswer) {
        for skill in answer.skills {
            var right = Double(runs[skill] ?? 0), wrong = 0.0
            AnswerStreaks.extend(right: &right, wrong: &wrong, with: answer.outcome)
            runs[skill] = right > 0 ? Int(right) : nil
        }
    }

    /// `b_u`, the first value of ``theta``.
    public var bias: Double { theta[0] }
    /// `p_u`, the `rank` values of ``theta`` after the bias; a slice, so its indices start at 1.
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
    /// item when the item is unknown, each with the next-answer terms (``nextAnswerTerm(skill:after:)``)
    /// when `asTheNextAnswer`.
    public func logit(of answer: StudentAnswer, for state: StudentState, asTheNextAnswer: Bool = true) -> Double {
        var total = 0.0
        for skill in answer.skills {
            var value = studentFreeLogit(skill: skill, item: answer.item, after: state) + state.theta[0]
            for j in 0..<rank { value += state.theta[1 + j] * skillFactors[skill * rank + j] }
            total += value + (asTheNextAnswer ? nextAnswerTerm(skill: skill, after: state) : 0)
        }
        return total / Double(answer.skills.count)
    }

    /// `Σ_f w_f · x_f` over ``nextAnswerFeatures`` for the next answer on `skill` of a student in
    /// `state`; 0 for a model without them. It moves the probability of that answer only: the
    /// fold-in, the per-answer update and mastery leave it out.
    @inline(__always)
    public func nextAnswerTerm(skill: Int, after state: StudentState) -> Double {
        let features = nextAnswerFeatures
        guard !features.isEmpty else { return 0 }
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 + features.count) { values in
            nextAnswerValues(skill: skill, after: state, into: values.baseAddress!)
            var term = 0.0
            for index in features.indices { term += nextAnswerWeights[index] * Double(values[2 + index]) }
            return term
        }
    }

    /// The values behind ``nextAnswerTerm(skill:after:)``: `log(1 + wins)`, `log(1 + fails)` on
    /// `skill`, then each of ``nextAnswerFeatures`` (`2 + nextAnswerFeatures.count` values), as
    /// training computes them for a row.
    @inline(__always)
    package func nextAnswerValues(skill: Int, after state: StudentState, into values: UnsafeMutablePointer<Float>) {
        state.history.counts(skill: skill, answerCount: state.answerCount, wins: state.wins, fails: state.fails, related: .none)
            .write(nextAnswerFeatures, into: values)
    }

    /// The predicted probability of a correct answer (or the predicted score). As the student's
    /// very next answer (the default) it has the next-answer terms; otherwise it is the
    /// probability mastery is made of, which is what a plan or a quiz for later should weigh.
    public func predict(_ answer: StudentAnswer, for state: StudentState, asTheNextAnswer: Bool = true) -> Double {
        probability(ofLogit: logit(of: answer, for: state, asTheNextAnswer: asTheNextAnswer))
    }

    /// Folds one more answer into `state` (constant time in the number of earlier answers).
    public func update(_ state: inout StudentState, with answer: StudentAnswer) throws(FoldInError) {
        guard (0...1).contains(answer.outcome) else { throw .outcomeOutOfRange(answer.outcome) }
        if let item = answer.item, !(0..<itemBias.count).contains(item) { throw .unknownItem(item) }
        guard !answer.skills.isEmpty else { throw .noAnswers }
        for skill in answer.skills where !(0..<skillCount).contains(skill) { throw .unknownSkill(skill) }
        let dimension = rank + 1
        if let halfLife = metadata.foldInRecency.halfLife, metadata.foldInRecency.unit == .answers, state.answerCount > 0 {
            state.decayEvidence(by: pow(0.5, 1 / halfLife), regularization: metadata.regularization)
        }
        var gradient = [Double](repeating: 0, count: dimension)
        var matrix = state.precision
        let share = 1 / Double(answer.skills.count)
        var x = [Double](repeating: 0, count: dimension)
        for skill in answer.skills {
            x[0] = 1
            for j in 0..<rank { x[1 + j] = skillFactors[skill * rank + j] }
            var z = studentFreeLogit(skill: skill, item: answer.item, after: state)
            for j in 0..<dimension { z += x[j] * state.theta[j] }
            let (residual, curvature) = kind == .logistic
                ? { let p = RidgeNewtonSolver.sigmoid(z); return (answer.outcome - p, p * (1 - p)) }()
                : (answer.outcome - z, 1.0)
            let weight = share * curvature
            for a in 0..<dimension { gradient[a] += share * residual * x[a] }
            // Column by column, so that the inner loop runs over contiguous memory and vectorizes.
            matrix.withUnsafeMutableBufferPointer { matrix in
                x.withUnsafeBufferPointer { x in
                    for b in 0..<dimension {
                        let column = matrix.baseAddress! + b * dimension
                        for a in 0..<dimension { column[a] += weight * x[a] * x[b] }
                    }
                }
            }
        }
        // (A + H_new) Δ = g_new: the prior term's gradient is zero at the current θ. SmallCholesky,
        // not LAPACK: at these orders one LAPACK call cost half of an update in dispatch and checks.
        var factor = matrix
        do {
            try SmallCholesky.solve(&factor, order: dimension, b: &gradient)
        } catch {
            throw .notConverged(iterations: 1)
        }
        var theta = state.theta
        for j in 0..<dimension { theta[j] += gradient[j] }
        state.setTheta(theta)
        state.setPrecision(matrix)
        state.record(answer, keepsHistory: keepsAnswerHistory)
    }

    /// The student-free part of the logit of the next answer of a student in `state` on `skill`,
    /// with every practice term the model has.
    @inline(__always)
    func studentFreeLogit(skill: Int, item: Int?, after state: StudentState) -> Double {
        let features = practiceFeatures
        guard !features.isEmpty else {
            return studentFreeLogit(skill: skill, item: item, logWins: log1p(state.wins[skill] ?? 0),
                                    logFails: log1p(state.fails[skill] ?? 0))
        }
        let counts = state.history.counts(skill: skill, answerCount: state.answerCount, wins: state.wins, fails: state.fails,
                                          related: relatedSkills)
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 + features.count) { values in
            counts.write(features, into: values.baseAddress!)
            return studentFreeLogit(skill: skill, item: item, practice: values.baseAddress!)
        }
    }
}

extension StudentState {
    mutating func setTheta(_ values: [Double]) { theta = values }
    mutating func setPrecision(_ values: [Double]) { precision = values }

    mutating func record(_ answer: StudentAnswer, keepsHistory: Bool) {
        if keepsHistory { history.record(answer, position: answerCount) }
        for skill in answer.skills {
            wins.add(answer.outcome, to: skill)
            fails.add(1 - answer.outcome, to: skill)
        }
        Self.extend(&rightAnswersInARow, with: answer)
        answerCount += 1
    }

    /// Scales the evidence part of the precision (everything above the prior) by `factor`.
    mutating func decayEvidence(by factor: Double, regularization: Regularization) {
        let dimension = theta.count
        precision.withUnsafeMutableBufferPointer { precision in
            for b in 0..<dimension {
                let column = precision.baseAddress! + b * dimension
                let diagonal = column[b]
                // The prior is zero off the diagonal.
                for a in 0..<dimension { column[a] *= factor }
                let prior = b == 0 ? regularization.studentBias : regularization.studentFactors
                column[b] = prior + factor * (diagonal - prior)
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
