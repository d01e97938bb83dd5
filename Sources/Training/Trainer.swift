import Dispatch
import Foundation
import LinearAlgebra
import MasteryData
import MasteryModel

/// One sweep's figures, as progress and in the fit's history.
public struct SweepReport: Sendable, Codable, Equatable {
    public var sweep: Int
    /// Regularized objective per unit of weight (log-loss or half squared error, plus penalties).
    public var objective: Double
    /// Training loss per unit of weight, after the sweep's updates (the loss part of `objective`).
    public var trainingLoss: Double
    public var validationLoss: Double?
    public var seconds: Double
    /// The largest change of any student's, skill's or item's bias in the sweep's steps, in logits:
    /// how far the predictions still move (see ``FitConfiguration/biasTolerance``).
    public var largestBiasMove: Double

    public init(sweep: Int, objective: Double, trainingLoss: Double, validationLoss: Double?, seconds: Double,
                largestBiasMove: Double = 0) {
        self.sweep = sweep
        self.objective = objective
        self.trainingLoss = trainingLoss
        self.validationLoss = validationLoss
        self.seconds = seconds
        self.largestBiasMove = largestBiasMove
    }
}

/// Why a fit stopped. Only ``maxSweeps`` is a bad reason: the objective was still falling.
public enum StopReason: String, Sendable, Codable {
    case converged, validationStoppedImproving, maxSweeps
}

public struct FitResult: Sendable {
    public var model: MasteryModel
    public var history: [SweepReport]
    public var stopReason: StopReason
    /// The sweep whose parameters the model holds: the lowest objective, or with validation
    /// rows the lowest held-out loss.
    public var bestSweep: Int
}

public enum TrainingError: Error, Sendable, Equatable, CustomStringConvertible {
    case noTrainingRows
    case invalidConfiguration(String)
    case diverged(sweep: Int, group: String)
    /// The step control failed to lower the objective: a fault of the solver, not of the data.
    case objectiveRose(sweep: Int, from: Double, to: Double)
    /// Max sweeps reached while the objective still changed by far more than the tolerance and
    /// its changes had stopped shrinking.
    case notConverging(sweeps: Int, relativeChange: Double, tolerance: Double)
    case linearAlgebra(String)

    public var description: String {
        switch self {
        case .noTrainingRows: "there are no training rows"
        case let .invalidConfiguration(reason): "invalid configuration: \(reason)"
        case let .diverged(sweep, group): "training diverged in sweep \(sweep): \(group) are not finite (raise the λs or lower the rank)"
        case let .objectiveRose(sweep, from, to):
            "training diverged in sweep \(sweep): the objective rose from \(from) to \(to), which the step control should prevent (a solver fault; please report it with the data's shape)"
        case let .notConverging(sweeps, change, tolerance):
            "training did not converge in \(sweeps) sweeps: the objective still changes by \(String(format: "%.3g", change)) per sweep (tolerance \(tolerance)) and the changes no longer shrink (raise the λs, lower the rank or raise the sweep limit)"
        case let .linearAlgebra(reason): "a normal matrix could not be solved: \(reason)"
        }
    }
}

/// Fits the model by alternating Newton (IRLS) steps: each sweep updates every student's
/// `(b_u, p_u)`, then the item biases, then every skill's `(b_s, q_s, γ⁺_s, γ⁻_s)`, each a small
/// ridge regression (a student's solved by three conjugate-gradient steps, a skill's by Cholesky), in parallel over students and over skills. μ is the link
/// of the weighted mean outcome; the penalized biases are centred on it.
///
/// Every step is step-controlled (see `SweepWorker.controlStep`), so the penalized objective
/// falls sweep by sweep on any data; a rise beyond rounding is reported as a fault.
public enum Trainer {
    /// Fits a model to `data` (or to its `trainRows`) and returns it with its provenance: the
    /// fingerprint of the whole `data` and, when the student ids were pseudonymized, the key's
    /// fingerprint (`Pseudonymizer.keyFingerprint`).
    public static func fit(_ data: ResponseData, skills: SkillCatalog? = nil, graph: PrerequisiteGraph? = nil,
                           configuration: FitConfiguration, trainRows: [Int]? = nil, validationRows: [Int]? = nil,
                           pseudonymKeyFingerprint: String? = nil,
                           progress: ((SweepReport) -> Void)? = nil) throws(TrainingError) -> FitResult {
        var config = configuration.resolvingAddedTerms(graph: graph, binary: data.isBinary)
        guard FitConfiguration.rankRange.contains(config.rank) else {
            throw .invalidConfiguration("rank \(config.rank) is outside \(FitConfiguration.rankRange.lowerBound)…\(FitConfiguration.rankRange.upperBound)")
        }
        guard config.threads >= 1 else { throw .invalidConfiguration("threads must be ≥ 1") }
        guard config.maxSweeps >= 1 else { throw .invalidConfiguration("at least one sweep") }
        // 0 is allowed: a fit that runs its sweeps to the limit (tests count sweeps so).
        guard config.tolerance >= 0, config.tolerance < 1 else {
            throw .invalidConfiguration("the tolerance must be at least 0 and below 1 (got \(config.tolerance))")
        }
        guard config.biasTolerance >= 0, config.biasTolerance.isFinite else {
            throw .invalidConfiguration("the bias tolerance must be a finite number of at least 0 (got \(config.biasTolerance))")
        }
        let given = config.regularization
        for value in [given.studentBias, given.studentFactors, given.skillBias, given.skillFactors, given.practice, given.itemBias]
        where !(value > 0 && value.isFinite) {
            throw .invalidConfiguration("every λ must be positive and finite (got \(value)): the penalty keeps each normal matrix solvable")
        }
        let features = config.terms.activePracticeFeatures
        guard Set(features).count == features.count else {
            throw .invalidConfiguration("practice features \(features.map(\.rawValue)) name one twice")
        }
        try validateNextAnswerFeatures(config.terms, binary: data.isBinary)
        var related = RelatedSkills.none
        if let feature = features.first(where: \.needsPrerequisiteGraph) {
            guard let graph, graph.edgeCount > 0 else {
                throw .invalidConfiguration("the practice feature \(feature.rawValue) counts answers on the skills next to each skill in the prerequisite graph, and this fit has no prerequisite edges (give prerequisites.csv, or leave the feature out)")
            }
            related = RelatedSkills(skillCount: data.skillCount, edges: graph.edges.map { ($0.prerequisite, $0.skill) })
        }
        let set = TrainingSet(data: data, rows: trainRows, recency: config.recency, useItems: config.terms.itemBias, features: features,
                              related: related)
        guard set.rowCount > 0 else { throw .noTrainingRows }
        let validation = validationRows.map {
            TrainingSet(data: data, rows: $0, recency: config.recency, useItems: config.terms.itemBias, features: features, related: related)
        }
        EngineBLAS.useOneThread()
        let biasSums = BiasSums(set)
        if config.scalesFactorPenalty, config.rank > 0 {
            let scale = FitConfiguration.factorPenaltyScale(answers: set.rowCount, students: biasSums.studentHasRows.count(where: \.self),
                                                            skills: biasSums.skillHasRows.count(where: \.self))
            config.regularization.studentFactors *= scale
            config.regularization.skillFactors *= scale
        }
        let lambda = config.regularization

        let link: ModelKind = data.isBinary ? .logistic : .gaussian
        var parameters = Parameters(set: set, rank: config.rank, seed: config.seed, initialScale: config.initialScale)
        // A student's distinct skills: at most its rows, at most every skill.
        let studentRowCapacity = min(set.skillCount, (0..<set.studentCount).reduce(0) { max($0, set.studentOffsets[$1 + 1] - set.studentOffsets[$1]) })
        // A skill's merged rows: at most its rows, at most every student.
        let skillGroupCapacity = min(set.studentCount, (0..<set.skillCount).reduce(0) { max($0, set.skillOffsets[$1 + 1] - set.skillOffsets[$1]) })
        let workers = (0..<config.threads).map { _ in
            SweepWorker(rank: config.rank, practiceCount: config.terms.practice ? set.practiceStride : 0,
                        studentCount: set.studentCount, skillCount: set.skillCount,
                        itemCount: set.itemCount, studentRowCapacity: studentRowCapacity,
                        skillGroupCapacity: skillGroupCapacity, link: link, regularization: lambda)
        }
        let bySkill = SkillMajorRows(set)
        var itemWeight = [Double](repeating: 0, count: set.itemCount)
        if set.itemCount > 0 {
            for row in 0..<set.rowCount { itemWeight[Int(set.rowItem[row])] += Double(set.weight(ofRow: row)) }
        }
        let studentRanges = balancedRanges(offsets: set.studentOffsets, parts: config.threads)
        let skillRanges = balancedRanges(offsets: set.skillOffsets, parts: config.threads)

        var history: [SweepReport] = []
        // The lowest objective (or held-out loss) so far, with its sweep; its parameters are
        // copied into `kept`, storage made once, so that no sweep writes fresh pages the kernel
        // must zero on one thread (perf: 3.5% of a fit on the distinct-pairs matrix).
        var best: (score: Double, sweep: Int)?
        var kept = parameters
        // Copied now, so that `kept` takes the fresh storage and the sweeps keep the parameters'
        // own, whose student side is on 2 MB pages (`HugePages`).
        kept.copyValues(from: parameters)
        var stopReason = StopReason.maxSweeps
        var previousObjective = Double.infinity
        let totalWeight = set.hasUnitWeights ? Double(set.rowCount) : set.storedWeights.reduce(0) { $0 + Double($1) }
        // A sweep's training loss comes from its skill pass, the last to move parameters (each row
        // is one skill's): no further pass over the rows measures it, and the fit ends with the
        // sweep that meets the stopping rule.
        for sweep in 1...config.maxSweeps {
            let start = DispatchTime.now().uptimeNanoseconds
            try runStudentPass(&parameters, set: set, bySkill: bySkill, workers: workers,
                               studentRanges: studentRanges, config: config, link: link)
            let (loss, largestBiasMove) = try runRestOfSweep(&parameters, set: set, bySkill: bySkill, itemWeight: itemWeight, workers: workers,
                                          skillRanges: skillRanges, config: config, link: link)
            // Every logit is unchanged by these: only the penalty falls.
            parameters.recentreFactors(lambda: lambda)
            parameters.recentre(biasSums, lambda: lambda)
            if let group = parameters.firstNonFiniteGroup() { throw .diverged(sweep: sweep, group: group) }
            let validationLoss = validation.map { meanLoss(parameters, on: $0, link: link) }
            let objective = (loss + parameters.penalty(lambda)) / totalWeight
            guard objective.isFinite else { throw .diverged(sweep: sweep, group: "the objective") }
            // Entities' objectives are summed in another order than the whole: allow rounding.
            if objective > previousObjective + Self.roundingAllowance * abs(previousObjective) {
                throw .objectiveRose(sweep: sweep, from: previousObjective, to: objective)
            }
            let report = SweepReport(sweep: sweep, objective: objective, trainingLoss: loss / totalWeight,
                                     validationLoss: validationLoss,
                                     seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9,
                                     largestBiasMove: largestBiasMove)
            history.append(report)
            progress?(report)
            let score = validationLoss ?? objective
            if best == nil || score < best!.score {
                kept.copyValues(from: parameters)
                best = (score, sweep)
            } else if validationLoss != nil, sweep - best!.sweep >= config.patience {
                stopReason = .validationStoppedImproving
            }
            if stopReason == .maxSweeps, history.count >= 2, Self.relativeChange(in: history, at: history.count - 1) <= config.tolerance,
               largestBiasMove <= config.biasTolerance {
                stopReason = .converged
            }
            previousObjective = objective
            if stopReason != .maxSweeps { break }
        }
        if stopReason == .maxSweeps, validation == nil, let change = notConvergingChange(history, tolerance: config.tolerance) {
            throw .notConverging(sweeps: history.count, relativeChange: change, tolerance: config.tolerance)
        }
        let chosen = best!
        // The check implicit (benfred) makes after fitting: nothing non-finite leaves the trainer.
        if let group = kept.firstNonFiniteGroup() { throw .diverged(sweep: chosen.sweep, group: group) }
        var model = makeModel(kept, data: data, skills: skills, graph: graph, config: config, link: link,
                              set: set, history: history, bestSweep: chosen.sweep, stopReason: stopReason,
                              pseudonymKeyFingerprint: pseudonymKeyFingerprint)
        if !model.nextAnswerFeatures.isEmpty {
            let (weights, answers) = try NextAnswerFit.weights(for: model, data: data, trainRows: trainRows, threads: config.threads)
            model.nextAnswerWeights = ParameterArray(weights)
            model.metadata.metrics["nextAnswer.answers"] = Double(answers)
        }
        return FitResult(model: model, history: history, stopReason: stopReason, bestSweep: chosen.sweep)
    }

    /// The next-answer features as a model file takes them (``ModelTerms/nextAnswerFeaturesProblem``),
    /// on 0/1 answers (their fit is a logistic one).
    static func validateNextAnswerFeatures(_ terms: ModelTerms, binary: Bool) throws(TrainingError) {
        guard !terms.nextAnswerFeatures.isEmpty else { return }
        if let problem = terms.nextAnswerFeaturesProblem { throw .invalidConfiguration(problem) }
        guard binary else {
            throw .invalidConfiguration("next-answer features need 0/1 outcomes, and these are graded scores (leave them out with --next-answer-features none)")
        }
    }

    /// How far above the previous sweep's objective a sweep's may land before it counts as a rise:
    /// the relative rounding of sums over millions of rows in different orders.
    static let roundingAllowance = 1e-9

    /// `|o_k − o_{k−1}| / |o_k|` for the objectives of `history[index]` and the sweep before it: the
    /// measure of the stopping rule, of the not-converging check and of `fit`'s warnings.
    public static func relativeChange(in history: [SweepReport], at index: Int) -> Double {
        abs(history[index].objective - history[index - 1].objective) / abs(history[index].objective)
    }

    /// The last sweep's relative change of the objective when it signals a fit that will not
    /// converge: after at least ten sweeps, still above five times the tolerance (0.1 % at the
    /// default), and no smaller than half the change five sweeps before (a converging fit's
    /// changes shrink).
    static func notConvergingChange(_ history: [SweepReport], tolerance: Double) -> Double? {
        guard tolerance > 0, history.count >= 10 else { return nil }
        func change(_ index: Int) -> Double { relativeChange(in: history, at: index) }
        let last = change(history.count - 1)
        guard last > 5 * tolerance, last >= 0.5 * change(history.count - 6) else { return nil }
        return last
    }

    /// How many more sweeps the stopping rule will likely need, for a progress bar's total: each
    /// of its two measures (the objective's relative change, the largest bias move) extrapolated
    /// along its last ratio until it meets its tolerance. Nil while that cannot be told: before
    /// the third sweep, or when a measure that has not met its tolerance stopped shrinking.
    public static func estimatedSweepsLeft(_ history: [SweepReport], configuration: FitConfiguration) -> Int? {
        guard history.count >= 3 else { return nil }
        func change(_ index: Int) -> Double { relativeChange(in: history, at: index) }
        let last = history.count - 1
        func sweepsUntil(_ value: Double, from previous: Double, reaches limit: Double) -> Int? {
            guard value > limit else { return 0 }
            let ratio = value / previous
            guard ratio > 0, ratio < 1, limit > 0 else { return nil }
            return Int((log(limit / value) / log(ratio)).rounded(.up))
        }
        guard let objective = sweepsUntil(change(last), from: change(last - 1), reaches: configuration.tolerance),
              let bias = sweepsUntil(history[last].largestBiasMove, from: history[last - 1].largestBiasMove,
                                     reaches: configuration.biasTolerance) else { return nil }
        return min(max(objective, bias, 1), max(configuration.maxSweeps - history.count, 0))
    }

    /// Students, with the item statistics at their new parameters.
    private static func runStudentPass(_ parameters: inout Parameters, set: TrainingSet, bySkill: SkillMajorRows, workers: [SweepWorker],
                                       studentRanges: [Range<Int>], config: FitConfiguration,
                                       link: ModelKind) throws(TrainingError) {
        for worker in workers { worker.resetStatistics() }
        try withPointers(&parameters, set: set, bySkill: bySkill, config: config, link: link) { pointers throws(TrainingError) in
            try parallel(workers.count) { index throws(TrainingError) in
                try workers[index].updateStudents(studentRanges[index], pointers)
            }
        }
    }

    /// Items (from the student pass's statistics), then skills. Returns the training loss at the
    /// sweep's new parameters (``SweepWorker/updateSkills(_:_:)``).
    private static func runRestOfSweep(_ parameters: inout Parameters, set: TrainingSet, bySkill: SkillMajorRows, itemWeight: [Double],
                                       workers: [SweepWorker], skillRanges: [Range<Int>], config: FitConfiguration,
                                       link: ModelKind) throws(TrainingError) -> (loss: Double, largestBiasMove: Double) {
        // μ stays at the link of the mean outcome: as a free parameter it would share one flat
        // direction with every weakly penalized bias, which alternating steps crawl along.
        let lambda = config.regularization.itemBias
        var itemMove = 0.0
        for item in 0..<set.itemCount {
            var gradient = 0.0
            var curvature = 0.0
            for worker in workers {
                gradient += worker.itemGradient[item]
                curvature += worker.itemCurvature[item]
            }
            // Given the rest, items share no row, so each item's certified step lowers the
            // objective. Its length is taken without a search: an item's rows are scattered
            // over every student, and evaluating them would cost a pass over all rows.
            let penalizedGradient = gradient - lambda * parameters.itemBias[item]
            let change = penalizedGradient / (curvature + lambda)
            let length = link == .logistic
                ? RidgeNewtonSolver.certifiedFraction(decrement: penalizedGradient * change,
                                                      cubicSum: itemWeight[item] * abs(change * change * change))
                : 1
            parameters.itemBias[item] += length * change
            itemMove = max(itemMove, abs(length * change))
        }
        try withPointers(&parameters, set: set, bySkill: bySkill, config: config, link: link) { pointers throws(TrainingError) in
            try parallel(workers.count) { index throws(TrainingError) in
                try workers[index].updateSkills(skillRanges[index], pointers)
            }
        }
        return (workers.reduce(0) { $0 + $1.loss }, workers.reduce(itemMove) { max($0, $1.largestBiasMove) })
    }

    private static func withPointers(_ parameters: inout Parameters, set: TrainingSet, bySkill: SkillMajorRows, config: FitConfiguration,
                                     link: ModelKind, _ body: (SweepPointers) throws(TrainingError) -> Void) throws(TrainingError) {
        let globalBias = parameters.globalBias
        let result: Result<Void, TrainingError> = set.rowStudent.withUnsafeBufferPointer { rowStudent in
            set.rowSkill.withUnsafeBufferPointer { rowSkill in
                set.rowItem.withUnsafeBufferPointer { rowItem in
                    set.rowTarget.withUnsafeBufferPointer { rowTarget in
                        (set.hasUnitWeights ? [1] : set.storedWeights).withUnsafeBufferPointer { rowWeight in
                            set.rowPractice.withUnsafeBufferPointer { rowPractice in
                                    set.studentOffsets.withUnsafeBufferPointer { studentOffsets in
                                        set.skillOffsets.withUnsafeBufferPointer { skillOffsets in
                                            parameters.withMutablePointers { studentBias, studentFactors, skillBias, skillFactors, gainCorrect, gainWrong, practiceWeights, itemBias in
                                                let pointers = SweepPointers(
                                                    rank: config.rank, practiceCount: config.terms.practice ? set.practiceStride : 0,
                                                    practiceStride: set.practiceStride, items: set.itemCount > 0, link: link,
                                                    rowStudent: rowStudent.baseAddress!, rowSkill: rowSkill.baseAddress!,
                                                    rowItem: rowItem.baseAddress ?? rowSkill.baseAddress!,
                                                    rowTarget: rowTarget.baseAddress!, rowPractice: rowPractice.baseAddress!,
                                                    rowWeight: rowWeight.baseAddress!, weightStride: bySkill.weightStride,
                                                    studentOffsets: studentOffsets.baseAddress!, skillOffsets: skillOffsets.baseAddress!,
                                                    skillStudent: bySkill.student, skillItem: bySkill.item,
                                                    skillWeight: bySkill.weight, compactSkillRows: bySkill.isCompact,
                                                    skillTarget: bySkill.target, skillPractice: bySkill.practice,
                                                    skillOutcome: bySkill.outcome, skillCounts: bySkill.counts,
                                                    globalBias: globalBias,
                                                    studentBias: studentBias, studentFactors: studentFactors, skillBias: skillBias,
                                                    skillFactors: skillFactors, gainCorrect: gainCorrect, gainWrong: gainWrong,
                                                    itemBias: itemBias, practiceWeights: practiceWeights)
                                                return Result { () throws(TrainingError) in try body(pointers) }
                                            }
                                        }
                                    }
                                }
                        }
                    }
                }
            }
        }
        try result.get()
    }

    /// Runs `work(0..<count)` on `count` threads and rethrows the first error (by index).
    private static func parallel(_ count: Int, _ work: (Int) throws(TrainingError) -> Void) throws(TrainingError) {
        let errors = UnsafeMutableBufferPointer<TrainingError?>.allocate(capacity: count)
        errors.initialize(repeating: nil)
        defer {
            errors.deinitialize()
            errors.deallocate()
        }
        withoutActuallyEscaping(work) { work in
            let box = UnsafeSendable(work)
            let errorBox = UnsafeSendable(errors)
            DispatchQueue.concurrentPerform(iterations: count) { index in
                do throws(TrainingError) {
                    try box.value(index)
                } catch {
                    errorBox.value[index] = error
                }
            }
        }
        if let error = errors.compactMap({ $0 }).first { throw error }
    }

    /// Mean loss per unit weight of `set`'s rows under `parameters`.
    static func meanLoss(_ parameters: Parameters, on set: TrainingSet, link: ModelKind) -> Double {
        var loss = LossSum(link: link)
        var weight = 0.0
        for row in 0..<set.rowCount {
            let z = parameters.logit(row: row, in: set)
            let y = Double(set.rowTarget[row])
            let w = Double(set.weight(ofRow: row))
            loss.add(z: z, target: y, weight: w)
            weight += w
        }
        return weight > 0 ? loss.value / weight : .nan
    }
}

/// Hands a value to `concurrentPerform`'s workers; safe here because each worker touches only
/// its own index.
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

extension Parameters {
    mutating func withMutablePointers<R>(_ body: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>,
                                                  UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>,
                                                  UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> R) -> R {
        // An empty array may have no storage; a one-element dummy stands in (it is never read).
        var dummy = 0.0
        return withUnsafeMutablePointer(to: &dummy) { dummyPointer in
            studentBias.withUnsafeMutableBufferPointer { studentBias in
                studentFactors.withUnsafeMutableBufferPointer { studentFactors in
                    skillBias.withUnsafeMutableBufferPointer { skillBias in
                        skillFactors.withUnsafeMutableBufferPointer { skillFactors in
                            gainCorrect.withUnsafeMutableBufferPointer { gainCorrect in
                                gainWrong.withUnsafeMutableBufferPointer { gainWrong in
                                  practiceWeights.withUnsafeMutableBufferPointer { practiceWeights in
                                    itemBias.withUnsafeMutableBufferPointer { itemBias in
                                        body(studentBias.baseAddress ?? dummyPointer, studentFactors.baseAddress ?? dummyPointer,
                                             skillBias.baseAddress ?? dummyPointer, skillFactors.baseAddress ?? dummyPointer,
                                             gainCorrect.baseAddress ?? dummyPointer, gainWrong.baseAddress ?? dummyPointer,
                                             practiceWeights.baseAddress ?? dummyPointer, itemBias.baseAddress ?? dummyPointer)
                                    }
                                  }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
