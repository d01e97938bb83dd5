import LinearAlgebra

/// Buffers reused across fold-ins, so that a service answers requests without allocating for
/// the solve. One per thread; a ``MasteryModel/foldIn(_:tolerance:maxIterations:covariance:workspace:)``
/// call grows it when a student has more rows than it holds.
public struct FoldInWorkspace {
    fileprivate var solver: RidgeNewtonSolver
    fileprivate var features: AnswerFeatures
    fileprivate var skills: [UInt32] = []
    fileprivate var answerNumbers: [UInt32] = []
    fileprivate var outcomes: [Float] = []
    fileprivate var times: [Double] = []
    fileprivate var items: [Int32] = []
    /// ``MasteryModel/practiceStride`` practice values per row.
    fileprivate var practice: [Float] = []
    fileprivate var weights: [Float] = []
    /// Unscaled design rows `(1, q_s)`, one per distinct skill answered: each Newton step reads
    /// them and writes its scaled copy into the solver.
    fileprivate var design: [Double] = []
    /// Per row, which of ``design``'s rows is its skill's.
    fileprivate var designRows: [Int32] = []
    /// Per skill of the model, its row in ``design`` while a fold-in builds it (−1 otherwise).
    fileprivate var designRowOfSkill: [Int32]
    /// The skill of each of ``design``'s rows.
    fileprivate var designSkills: [Int32] = []
    /// Per design row, its answers' summed outcomes and summed complements.
    fileprivate var winSums: [Double] = []
    fileprivate var failSums: [Double] = []
    /// Per design row, the number of the last answer on its skill, and the right (wrong) answers
    /// in a row at the end of its answers.
    fileprivate var lastAnswers: [Double] = []
    fileprivate var rightStreaks: [Double] = []
    fileprivate var wrongStreaks: [Double] = []
    fileprivate var offsets: [Double] = []

    /// Buffers for fold-ins with `model` (its rank and skill count), reserved for `capacity` rows:
    /// one row per skill of each answer.
    public init(model: MasteryModel, capacity: Int = 256) {
        solver = Self.makeSolver(model: model, capacity: capacity)
        features = AnswerFeatures(skillCount: model.skillCount)
        designRowOfSkill = [Int32](repeating: -1, count: model.skillCount)
        // Reserved up front: grown by appends from empty, the fourteen row buffers reallocated
        // about six times each in a one-off fold-in (a third of `Recommender.state(after:)`).
        let rows = max(capacity, 1)
        skills.reserveCapacity(rows)
        answerNumbers.reserveCapacity(rows)
        outcomes.reserveCapacity(rows)
        times.reserveCapacity(rows)
        items.reserveCapacity(rows)
        practice.reserveCapacity(rows * model.practiceStride)
        weights.reserveCapacity(rows)
        design.reserveCapacity(rows * (model.rank + 1))
        designRows.reserveCapacity(rows)
        designSkills.reserveCapacity(rows)
        offsets.reserveCapacity(rows)
        winSums.reserveCapacity(rows)
        failSums.reserveCapacity(rows)
    }
}

extension MasteryModel {
    /// Estimates a student's `(b_u, p_u)` from their answers with the skill side fixed: Newton steps
    /// on the regularized likelihood from the prior (zero) until the largest change is below
    /// `tolerance`, and the covariance of the estimate (the inverse of the last normal matrix).
    /// Each Newton step is step-controlled (`RidgeNewtonSolver.controlStep`),
    /// so the objective falls at every step and long one-sided histories cannot make it oscillate.
    ///
    /// The prior is the training's student-side ridge penalty, so a student with few answers stays
    /// near the population and a skill predicted from one answer keeps a wide interval.
    public func foldIn(_ answers: [StudentAnswer], tolerance: Double = 1e-6, maxIterations: Int = 50,
                       covariance: Bool = true) throws(FoldInError) -> StudentEstimate {
        var workspace = FoldInWorkspace(model: self, capacity: answers.count)
        return try foldIn(answers, tolerance: tolerance, maxIterations: maxIterations, covariance: covariance,
                          workspace: &workspace)
    }

    /// ``foldIn(_:tolerance:maxIterations:covariance:)`` with the buffers of `workspace`, which must have
    /// been made for this model, instead of new ones; the workspace grows when the answers need more rows
    /// than it holds. With `covariance` false the inversion is skipped and the covariance is zeros.
    ///
    /// - Throws: ``FoldInError`` when an answer names a skill or item outside the model or has an
    ///   outcome outside [0, 1], when there are no answers, or when the Newton steps do not settle
    ///   within `maxIterations`.
    public func foldIn(_ answers: [StudentAnswer], tolerance: Double = 1e-6, maxIterations: Int = 50,
                       covariance: Bool = true, workspace: inout FoldInWorkspace) throws(FoldInError) -> StudentEstimate {
        guard !answers.isEmpty else { throw .noAnswers }
        try workspace.gatherRows(of: answers, model: self)
        let rows = workspace.skills.count
        if workspace.solver.chunkCapacity < rows || workspace.solver.dimension != rank + 1 {
            workspace.solver = FoldInWorkspace.makeSolver(model: self, capacity: rows)
        }
        workspace.computeFeatures(recency: metadata.foldInRecency, features: practiceFeatures, related: relatedSkills)
        workspace.buildDesign(model: self)
        let sharedCount = workspace.designSkills.count

        let dimension = rank + 1
        let solver = workspace.solver
        workspace.offsets.withUnsafeBufferPointer { solver.offsets.update(from: $0.baseAddress!, count: rows) }
        for row in 0..<rows {
            solver.targets[row] = Double(workspace.outcomes[row])
            solver.weights[row] = Double(workspace.weights[row])
        }
        var theta = [Double](repeating: 0, count: dimension)
        var penalty = [Double](repeating: metadata.regularization.studentFactors, count: dimension)
        penalty[0] = metadata.regularization.studentBias
        // The normal matrix of the latest Newton step, kept before the solve factors it in place:
        // the precision the estimate is returned with.
        var precision = [Double](repeating: 0, count: dimension * dimension)
        var iterations = 0
        var converged = false
        var chord = false
        var previousStep = Double.infinity
        while iterations < maxIterations {
            iterations += 1
            let step: Double
            // The share of the Newton step kept; chord steps are taken only near the optimum,
            // after a full Newton step, and stop as soon as they stop shrinking fourfold.
            var length = 1.0
            do {
                step = try theta.withUnsafeMutableBufferPointer { thetaBuffer in
                    try workspace.design.withUnsafeBufferPointer { design in
                      try workspace.designRows.withUnsafeBufferPointer { designRows in
                        try penalty.withUnsafeBufferPointer { penalty in
                            if chord {
                                return solver.chordStep(rows: rows, theta: thetaBuffer.baseAddress!, sharedFeatures: design.baseAddress!,
                                                        sharedCount: sharedCount, featureRows: designRows.baseAddress!,
                                                        penalty: penalty.baseAddress!)
                            }
                            solver.begin()
                            solver.accumulate(rows: rows, theta: thetaBuffer.baseAddress!, sharedFeatures: design.baseAddress!,
                                              sharedCount: sharedCount, featureRows: designRows.baseAddress!)
                            precision.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: solver.normal, count: dimension * dimension) }
                            let newtonStep = try solver.solve(theta: thetaBuffer.baseAddress!, penalty: penalty.baseAddress!)
                            length = solver.controlStep(rows: rows, theta: thetaBuffer.baseAddress!, sharedFeatures: design.baseAddress!,
                                                        sharedCount: sharedCount, featureRows: designRows.baseAddress!,
                                                        penalty: penalty.baseAddress!)
                            return newtonStep
                        }
                      }
                    }
                }
            } catch {
                // The penalty keeps the normal matrix positive definite; only non-finite input gets here.
                throw .notConverged(iterations: iterations)
            }
            if !step.isFinite { throw .notConverged(iterations: iterations) }
            // A shortened step says nothing about the distance to the optimum: only a full one
            // (whose size is the Newton step's) may end the iteration.
            if length == 1, step < tolerance || (chord && Self.remainingError(step: step, previousStep: previousStep) < tolerance) {
                converged = true
                break
            }
            // Once Newton steps are small, the last factor serves the next steps (chord steps);
            // one that shrinks the step less than fourfold hands back to Newton.
            chord = length == 1 && step < Self.chordThreshold && (!chord || step < previousStep / 4)
            previousStep = step
        }
        guard converged else { throw .notConverged(iterations: iterations) }
        // H = Σ h x xᵀ + Λ in full: the step built the lower triangle without the penalty.
        precision.withUnsafeMutableBufferPointer { buffer in
            for j in 0..<dimension { buffer[j * dimension + j] += penalty[j] }
            BLAS.symmetrize(MutableMatrixView(baseAddress: buffer.baseAddress!, rows: dimension, columns: dimension), from: .lower)
        }
        var covarianceValues = [Double](repeating: 0, count: dimension * dimension)
        if covariance {
            // The last normal matrix was built at the last Newton step's starting point, within
            // the chord steps after it of the estimate.
            do { try solver.invertNormal() } catch { throw .notConverged(iterations: iterations) }
            covarianceValues.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: solver.normal, count: dimension * dimension) }
        }
        let (wins, fails, rightAnswersInARow, history) = workspace.practiceCounts(keepsHistory: keepsAnswerHistory)
        return StudentEstimate(bias: theta[0], factors: Array(theta.dropFirst()), covariance: covarianceValues,
                               precision: precision, wins: wins, fails: fails, answerCount: answers.count,
                               rightAnswersInARow: rightAnswersInARow,
                               history: history.map {
                                   PracticeHistory(after: answers, lastAnswer: $0.lastAnswer, rightStreak: $0.rightStreak,
                                                   wrongStreak: $0.wrongStreak)
                               } ?? PracticeHistory(),
                               iterations: iterations)
    }
}

extension MasteryModel {
    /// The largest parameter change after which fold-in continues with chord steps.
    static let chordThreshold = 1e-2

    /// A bound on the distance left to the optimum after a chord step. Chord steps converge
    /// linearly: with contraction `r` (estimated by `step / previousStep`), the steps still to
    /// come sum to at most `step · r / (1 − r)`. Stopping once that is below the tolerance saves
    /// the last chord step, whose only use would be to show that it is small (measured: steps of
    /// 0.31, 0.0046, 3.6e-6, then 4.8e-9 after the r ≈ 8e-4 the bound predicted). The estimate of
    /// `r` is trusted only while steps shrink at least fourfold, as chord steps must to continue.
    static func remainingError(step: Double, previousStep: Double) -> Double {
        let contraction = step / previousStep
        guard contraction < 0.25 else { return .infinity }
        return step * contraction / (1 - contraction)
    }
}

extension FoldInWorkspace {
    /// Fold-in stops on the step size, so the per-row loss (a logarithm each) is not kept.
    fileprivate static func makeSolver(model: MasteryModel, capacity: Int) -> RidgeNewtonSolver {
        let solver = RidgeNewtonSolver(dimension: model.rank + 1, chunkCapacity: max(capacity, 1), link: model.kind)
        solver.computesLoss = false
        return solver
    }

    /// One row per skill of each answer, validated against the model.
    fileprivate mutating func gatherRows(of answers: [StudentAnswer], model: MasteryModel) throws(FoldInError) {
        skills.removeAll(keepingCapacity: true)
        answerNumbers.removeAll(keepingCapacity: true)
        outcomes.removeAll(keepingCapacity: true)
        times.removeAll(keepingCapacity: true)
        items.removeAll(keepingCapacity: true)
        let skillCount = model.skillCount, itemCount = model.itemBias.count
        // Answers are read in place, not copied out one by one: a copy retains and releases
        // each answer's skill list, two atomic operations per answer.
        for number in answers.indices {
            let outcome = answers[number].outcome, item = answers[number].item
            guard (0...1).contains(outcome) else { throw .outcomeOutOfRange(outcome) }
            if let item, !(0..<itemCount).contains(item) { throw .unknownItem(item) }
            for index in answers[number].skills.indices {
                let skill = answers[number].skills[index]
                guard (0..<skillCount).contains(skill) else { throw .unknownSkill(skill) }
                skills.append(UInt32(skill))
                answerNumbers.append(UInt32(number))
                outcomes.append(Float(outcome))
                times.append(answers[number].time ?? 0)
                items.append(Int32(item ?? -1))
            }
        }
    }

    fileprivate mutating func computeFeatures(recency: Recency, features practiceFeatures: [PracticeFeature], related: RelatedSkills) {
        let rows = skills.count
        practice.removeAll(keepingCapacity: true)
        weights.removeAll(keepingCapacity: true)
        practice.append(contentsOf: repeatElement(0, count: rows * (2 + practiceFeatures.count)))
        weights.append(contentsOf: repeatElement(0, count: rows))
        skills.withUnsafeBufferPointer { skillBuffer in
            answerNumbers.withUnsafeBufferPointer { answerBuffer in
                outcomes.withUnsafeBufferPointer { outcomeBuffer in
                    times.withUnsafeBufferPointer { timeBuffer in
                        practice.withUnsafeMutableBufferPointer { practiceBuffer in
                            weights.withUnsafeMutableBufferPointer { weightBuffer in
                                features.compute(skills: skillBuffer, answers: answerBuffer, outcomes: outcomeBuffer,
                                                 times: timeBuffer, recency: recency, features: practiceFeatures,
                                                 related: related, practice: practiceBuffer, weights: weightBuffer)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Design rows `(1, q_s)` (one per distinct skill, in order of first answer), each row's
    /// design row, and offsets `μ + b_s + b_i` plus the practice terms, computed once per fold-in.
    fileprivate mutating func buildDesign(model: MasteryModel) {
        let rows = skills.count
        let rank = model.rank
        design.removeAll(keepingCapacity: true)
        designRows.removeAll(keepingCapacity: true)
        designSkills.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        let factors = model.skillFactors.buffer
        let stride = model.practiceStride
        for row in 0..<rows {
            let skill = Int(skills[row])
            if designRowOfSkill[skill] < 0 {
                designRowOfSkill[skill] = Int32(designSkills.count)
                designSkills.append(Int32(skill))
                design.append(1)
                design.append(contentsOf: UnsafeBufferPointer(rebasing: factors[(skill * rank)..<((skill + 1) * rank)]))
            }
            designRows.append(designRowOfSkill[skill])
            let item = items[row]
            let offset = practice.withUnsafeBufferPointer { practice in
                model.studentFreeLogit(skill: skill, item: item >= 0 ? Int(item) : nil, practice: practice.baseAddress! + row * stride)
            }
            offsets.append(offset)
        }
        for skill in skills { designRowOfSkill[Int(skill)] = -1 }
    }

    /// Earlier correct and wrong answers per skill answered, summed per design row (in answer
    /// order, so the sums are those of a row-by-row tally); the right answers in a row at the end
    /// of each skill's answers (``StudentState/rightAnswersInARow``, from the same streaks as the
    /// features', rather than a dictionary grown answer by answer: a tenth of a fold-in went to
    /// its hashing and resizing); and with `keepsHistory` the number of the last answer on each
    /// and both streaks, all five tallies from one sort.
    fileprivate mutating func practiceCounts(keepsHistory: Bool)
        -> (wins: PracticeTally, fails: PracticeTally, rightAnswersInARow: [Int: Int],
            history: (lastAnswer: PracticeTally, rightStreak: PracticeTally, wrongStreak: PracticeTally)?) {
        let distinct = designSkills.count
        Self.zero(&winSums, count: distinct)
        Self.zero(&failSums, count: distinct)
        Self.zero(&rightStreaks, count: distinct)
        Self.zero(&wrongStreaks, count: distinct)
        if keepsHistory { Self.zero(&lastAnswers, count: distinct) }
        for row in 0..<skills.count {
            let outcome = Double(outcomes[row]), designRow = Int(designRows[row])
            winSums[designRow] += outcome
            failSums[designRow] += 1 - outcome
            AnswerStreaks.extend(right: &rightStreaks[designRow], wrong: &wrongStreaks[designRow], with: outcome)
            if keepsHistory { lastAnswers[designRow] = Double(answerNumbers[row]) }
        }
        var runs: [Int: Int] = [:]
        runs.reserveCapacity(distinct)
        for designRow in 0..<distinct where rightStreaks[designRow] > 0 {
            runs[Int(designSkills[designRow])] = Int(rightStreaks[designRow])
        }
        return designSkills.withUnsafeBufferPointer { skills in
            guard keepsHistory else {
                let (wins, fails) = PracticeTally.pair(skills: skills, wins: winSums, fails: failSums)
                return (wins, fails, runs, nil)
            }
            let tallies = PracticeTally.tallies(skills: skills, columns: [winSums, failSums, lastAnswers, rightStreaks, wrongStreaks])
            return (tallies[0], tallies[1], runs, (tallies[2], tallies[3], tallies[4]))
        }
    }

    /// `count` zeros in `buffer`, keeping its capacity.
    private static func zero(_ buffer: inout [Double], count: Int) {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: repeatElement(0, count: count))
    }
}
