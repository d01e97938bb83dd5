import Dispatch
import LinearAlgebra
import MasteryData
import MasteryModel

/// Raw views of the training rows and the parameters for one sweep, so worker threads read and
/// write them without copy-on-write or exclusivity checks. Each worker writes only the entities
/// (students or skills) of its own range.
struct SweepPointers: @unchecked Sendable {
    let rank: Int
    /// The practice terms fitted: 0 without the practice term, else 2 (γ⁺, γ⁻) plus the features.
    let practiceCount: Int
    /// Practice values per row in ``rowPractice`` and ``skillPractice`` (≥ ``practiceCount``).
    let practiceStride: Int
    let items: Bool
    let link: ModelKind
    let rowStudent, rowSkill, rowItem: UnsafePointer<UInt32>
    let rowTarget, rowWeight, rowPractice: UnsafePointer<Float>
    let studentOffsets, skillOffsets: UnsafePointer<Int>
    /// The skill pass's columns, skill by skill (``SkillMajorRows``).
    let skillStudent, skillItem: UnsafePointer<UInt32>
    let skillTarget, skillWeight, skillPractice: UnsafePointer<Float>
    let globalBias: Double
    let studentBias, studentFactors, skillBias, skillFactors, gainCorrect, gainWrong, itemBias: UnsafeMutablePointer<Double>
    /// The features' weights, `practiceCount − 2` per skill.
    let practiceWeights: UnsafeMutablePointer<Double>

    var practice: Bool { practiceCount > 0 }

    /// Practice weight `term` of `skill`: γ⁺, γ⁻, then the features'.
    @inline(__always)
    func gain(_ term: Int, of skill: Int) -> UnsafeMutablePointer<Double> {
        switch term {
        case 0: gainCorrect + skill
        case 1: gainWrong + skill
        default: practiceWeights + skill * (practiceCount - 2) + term - 2
        }
    }
}

/// Per-thread scratch, allocated once per fit.
///
/// Both passes gather each row's features already multiplied by `√h` (one write per row, no
/// separate scaling pass) and merge rows that share their features before the `dsyrk`:
/// a student's answers on one skill all have the features `(1, q_s)`, and a skill's answers by
/// one student share `(1, p_u)` (only their practice counts differ). Merging is exact —
/// `Σ h_r x xᵀ = (Σ h_r) x xᵀ` — and on school data (a student answers each skill several
/// times) it shrinks both `dsyrk`s several-fold.
final class SweepWorker {
    let studentSolver: RidgeNewtonSolver
    let skillSolver: RidgeNewtonSolver
    let studentPenalty: [Double]
    let skillPenalty: [Double]
    /// Item statistics gathered during the student pass: Σ w(y − p) and Σ w·p(1 − p).
    var itemGradient: [Double]
    var itemCurvature: [Double]
    var loss = 0.0
    var weight = 0.0
    /// The student pass's merged rows: per skill its slot among the student's skills (−1 when the
    /// student has not answered it), and per slot the skill, `Σh`, `Σ residual`, `Σw`, `x·θ` and
    /// the change of `x·θ` under the Newton step.
    let slotOfSkill: UnsafeMutablePointer<Int32>
    let slotSkill: UnsafeMutablePointer<Int32>
    private let slotCurvature: UnsafeMutablePointer<Double>
    private let slotResidual: UnsafeMutablePointer<Double>
    private let slotWeight: UnsafeMutablePointer<Double>
    let slotLinear: UnsafeMutablePointer<Double>
    let slotChange: UnsafeMutablePointer<Double>
    /// The skill pass's merged rows (one per student of the skill): `μ + b_u + (1, p_u)·θ` at the
    /// step's origin, so that evaluating the objective along the step costs one dot product
    /// per student (for `(1, p_u)·Δ`) instead of two.
    let groupLinear: UnsafeMutablePointer<Double>

    /// The skill pass's practice block over a whole skill: `Σ h x xᵀ` (lower triangle, row-major
    /// `P × P`) and `Σ residual · x` of the practice values `x`, and per student group `Σ h x`.
    /// (Raw buffers: a class's array properties would cost an exclusivity check per row.)
    private let practiceCurvature: UnsafeMutablePointer<Double>
    private let practiceGradient: UnsafeMutablePointer<Double>
    private let groupPractice: UnsafeMutablePointer<Double>
    private let practiceCount: Int

    /// `practiceCount`: 0 without the practice term, else 2 plus the number of features.
    init(rank: Int, practiceCount: Int, studentCount: Int, skillCount: Int, itemCount: Int, link: ModelKind, regularization: Regularization) {
        studentSolver = RidgeNewtonSolver(dimension: rank + 1, chunkCapacity: 512, link: link)
        let skillDimension = rank + 1 + practiceCount
        skillSolver = RidgeNewtonSolver(dimension: skillDimension, chunkCapacity: 1024, link: link)
        studentPenalty = [regularization.studentBias] + Array(repeating: regularization.studentFactors, count: rank)
        skillPenalty = [regularization.skillBias] + Array(repeating: regularization.skillFactors, count: rank)
            + Array(repeating: regularization.practice, count: practiceCount)
        self.practiceCount = practiceCount
        practiceCurvature = .allocate(capacity: max(practiceCount * practiceCount, 1))
        practiceGradient = .allocate(capacity: max(practiceCount, 1))
        groupPractice = .allocate(capacity: max(practiceCount, 1))
        itemGradient = [Double](repeating: 0, count: itemCount)
        itemCurvature = [Double](repeating: 0, count: itemCount)
        let slotCapacity = max(skillCount, 1)
        slotOfSkill = .allocate(capacity: slotCapacity)
        slotOfSkill.initialize(repeating: -1, count: slotCapacity)
        slotSkill = .allocate(capacity: slotCapacity)
        slotCurvature = .allocate(capacity: slotCapacity)
        slotResidual = .allocate(capacity: slotCapacity)
        slotWeight = .allocate(capacity: slotCapacity)
        slotLinear = .allocate(capacity: slotCapacity)
        slotChange = .allocate(capacity: slotCapacity)
        groupLinear = .allocate(capacity: max(studentCount, 1))
    }

    deinit {
        slotOfSkill.deallocate()
        slotSkill.deallocate()
        for pointer in [slotCurvature, slotResidual, slotWeight, slotLinear, slotChange, groupLinear,
                        practiceCurvature, practiceGradient, groupPractice] { pointer.deallocate() }
    }

    func resetStatistics() {
        itemGradient.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        itemCurvature.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        loss = 0
        weight = 0
    }

    /// One step-controlled Newton step for each student of `students` (see ``controlStep``), then
    /// the item statistics at the new student parameters.
    func updateStudents(_ students: Range<Int>, _ p: SweepPointers) throws(TrainingError) {
        let solver = studentSolver
        let rank = p.rank
        let dimension = rank + 1
        let theta = UnsafeMutablePointer<Double>.allocate(capacity: 2 * dimension)
        defer { theta.deallocate() }
        let origin = theta + dimension
        // Locals: class properties would cost an exclusivity check per row.
        var itemG = itemGradient
        var itemH = itemCurvature
        var passLoss = 0.0
        var passWeight = 0.0
        defer {
            itemGradient = itemG
            itemCurvature = itemH
            loss += passLoss
            weight += passWeight
        }
        for student in students {
            let start = p.studentOffsets[student]
            let end = p.studentOffsets[student + 1]
            guard end > start else { continue }
            theta[0] = p.studentBias[student]
            (theta + 1).update(from: p.studentFactors + student * rank, count: rank)
            origin.update(from: theta, count: dimension)
            // Each row's derivatives at the current θ, summed per skill (the loss at the same θ:
            // the trainer's objective of the previous sweep's parameters).
            var distinct = 0
            for row in start..<end {
                let skill = Int(p.rowSkill[row])
                var slot = Int(slotOfSkill[skill])
                if slot < 0 {
                    slot = distinct
                    distinct += 1
                    slotOfSkill[skill] = Int32(slot)
                    slotSkill[slot] = Int32(skill)
                    slotCurvature[slot] = 0
                    slotResidual[slot] = 0
                    slotWeight[slot] = 0
                    slotLinear[slot] = theta[0] + SmallKernels.dot(theta + 1, p.skillFactors + skill * rank, count: rank)
                }
                let z = studentFreeLogit(row: row, skill: skill, p) + slotLinear[slot]
                let w = Double(p.rowWeight[row])
                let (residual, curvature, rowLoss) = derivativesAndLoss(z: z, target: Double(p.rowTarget[row]), weight: w, link: p.link)
                passLoss += rowLoss
                passWeight += w
                slotCurvature[slot] += flooredCurvature(curvature, weight: w)
                slotResidual[slot] += residual
                slotWeight[slot] += w
            }
            solver.begin()
            var chunkStart = 0
            while chunkStart < distinct {
                let count = min(solver.chunkCapacity, distinct - chunkStart)
                for index in 0..<count {
                    let slot = chunkStart + index
                    let scale = slotCurvature[slot].squareRoot()
                    let features = solver.design + index * dimension
                    features[0] = scale
                    SmallKernels.scale(p.skillFactors + Int(slotSkill[slot]) * rank, by: scale, into: features + 1, count: rank)
                    solver.scaledResiduals[index] = slotResidual[slot] / scale
                }
                solver.accumulateWeighted(rows: count)
                chunkStart += count
            }
            do {
                try solver.solve(theta: theta, penalty: studentPenalty)
            } catch {
                throw .linearAlgebra("student \(student): \(error)")
            }
            if p.link == .logistic {
                // Rows of one slot share x = (1, q_s), so they share the change of their logit.
                let step = solver.gradient
                var cubicSum = 0.0
                for slot in 0..<distinct {
                    let change = step[0] + SmallKernels.dot(step + 1, p.skillFactors + Int(slotSkill[slot]) * rank, count: rank)
                    slotChange[slot] = change
                    cubicSum += slotWeight[slot] * abs(change * change * change)
                }
                let certified = RidgeNewtonSolver.certifiedFraction(decrement: solver.decrement, cubicSum: cubicSum)
                if certified < 1 {
                    let length = controlStep(decrement: solver.decrement, certified: certified) { length in
                        studentObjective(rows: start..<end, origin: origin, step: step, length: length, p)
                    }
                    for j in 0..<dimension { theta[j] = origin[j] + length * step[j] }
                }
            }
            p.studentBias[student] = theta[0]
            (p.studentFactors + student * rank).update(from: theta + 1, count: rank)

            if p.items {
                for slot in 0..<distinct {
                    slotLinear[slot] = theta[0] + SmallKernels.dot(theta + 1, p.skillFactors + Int(slotSkill[slot]) * rank, count: rank)
                }
                for row in start..<end {
                    let skill = Int(p.rowSkill[row])
                    let z = studentFreeLogit(row: row, skill: skill, p) + slotLinear[Int(slotOfSkill[skill])]
                    let (gradient, curvature) = derivatives(z: z, target: Double(p.rowTarget[row]),
                                                            weight: Double(p.rowWeight[row]), link: p.link)
                    let item = Int(p.rowItem[row])
                    itemG[item] += gradient
                    itemH[item] += curvature
                }
            }
            for slot in 0..<distinct { slotOfSkill[Int(slotSkill[slot])] = -1 }
        }
    }

    /// One Newton step for each skill of `skills`: `(b_s, q_s, γ⁺_s, γ⁻_s, w_s)`.
    ///
    /// A skill's rows come grouped by student (rows are stored by student, and the skill-major
    /// copy keeps their order), so each student's rows are merged into one row of the `dsyrk` over
    /// `(1, p_u)`; the practice columns, which differ per row, are added to `H` and `∇` directly.
    func updateSkills(_ skills: Range<Int>, _ p: SweepPointers) throws(TrainingError) {
        let solver = skillSolver
        let rank = p.rank
        let dimension = solver.dimension
        let factorColumns = rank + 1
        let theta = UnsafeMutablePointer<Double>.allocate(capacity: 3 * dimension)
        defer { theta.deallocate() }
        let origin = theta + dimension
        let trial = theta + 2 * dimension
        for skill in skills {
            let start = p.skillOffsets[skill]
            let end = p.skillOffsets[skill + 1]
            guard end > start else { continue }
            theta[0] = p.skillBias[skill]
            (theta + 1).update(from: p.skillFactors + skill * rank, count: rank)
            let terms = p.practiceCount
            for term in 0..<terms { theta[factorColumns + term] = p.gain(term, of: skill).pointee }
            origin.update(from: theta, count: dimension)
            solver.begin()
            // Σ h·x per merged row, and the practice block of H and ∇ over the whole skill.
            practiceCurvature.update(repeating: 0, count: terms * terms)
            practiceGradient.update(repeating: 0, count: terms)
            var filled = 0
            var flushedGroups = 0
            var index = start
            while index < end {
                let student = Int(p.skillStudent[index])
                prefetchStudent(ahead: index, distance: 8, end: end, p)
                let factors = p.studentFactors + student * rank
                let shared = p.globalBias + p.studentBias[student] + theta[0] + SmallKernels.dot(theta + 1, factors, count: rank)
                groupLinear[filled + flushedGroups] = shared
                var curvatureSum = 0.0, residualSum = 0.0
                for term in 0..<terms { groupPractice[term] = 0 }
                repeat {
                    var z = shared
                    if p.items { z += p.itemBias[Int(p.skillItem[index])] }
                    let x = p.skillPractice + index * p.practiceStride
                    for term in 0..<terms { z += theta[factorColumns + term] * Double(x[term]) }
                    let w = Double(p.skillWeight[index])
                    let (residual, rawCurvature) = derivatives(z: z, target: Double(p.skillTarget[index]), weight: w, link: p.link)
                    let curvature = flooredCurvature(rawCurvature, weight: w)
                    curvatureSum += curvature
                    residualSum += residual
                    for term in 0..<terms {
                        let value = Double(x[term])
                        let weighted = curvature * value
                        groupPractice[term] += weighted
                        practiceGradient[term] += residual * value
                        for other in 0...term { practiceCurvature[term * terms + other] += weighted * Double(x[other]) }
                    }
                    index += 1
                } while index < end && Int(p.skillStudent[index]) == student
                let scale = curvatureSum.squareRoot()
                let features = solver.design + filled * dimension
                features[0] = scale
                SmallKernels.scale(factors, by: scale, into: features + 1, count: rank)
                solver.scaledResiduals[filled] = residualSum / scale
                for term in 0..<terms {
                    // Row factorColumns + term of H below the factor block: Σ h x (1, p_u).
                    let row = solver.normal + factorColumns + term
                    let sum = groupPractice[term]
                    row[0] += sum
                    for j in 0..<rank { row[(j + 1) * dimension] += sum * factors[j] }
                }
                filled += 1
                if filled == solver.chunkCapacity {
                    solver.accumulateWeighted(rows: filled, columns: factorColumns)
                    flushedGroups += filled
                    filled = 0
                }
            }
            solver.accumulateWeighted(rows: filled, columns: factorColumns)
            for term in 0..<terms {
                for other in 0...term {
                    solver.normal[(factorColumns + other) * dimension + factorColumns + term] += practiceCurvature[term * terms + other]
                }
                solver.gradient[factorColumns + term] += practiceGradient[term]
            }
            do {
                try solver.solve(theta: theta, penalty: skillPenalty)
            } catch {
                throw .linearAlgebra("skill \(skill): \(error)")
            }
            if p.link == .logistic {
                let step = solver.gradient
                let cubicSum = skillLoss(rows: start..<end, origin: origin, step: step, length: 1, measuresLoss: false, p).cubicSum
                let certified = RidgeNewtonSolver.certifiedFraction(decrement: solver.decrement, cubicSum: cubicSum)
                if certified < 1 {
                    let length = controlStep(decrement: solver.decrement, certified: certified) { length in
                        for j in 0..<dimension { trial[j] = origin[j] + length * step[j] }
                        return skillLoss(rows: start..<end, origin: origin, step: step, length: length, measuresLoss: true, p).loss
                            + penaltyValue(trial, skillPenalty)
                    }
                    for j in 0..<dimension { theta[j] = origin[j] + length * step[j] }
                }
            }
            p.skillBias[skill] = theta[0]
            (p.skillFactors + skill * rank).update(from: theta + 1, count: rank)
            for term in 0..<p.practiceCount { p.gain(term, of: skill).pointee = theta[factorColumns + term] }
        }
    }

    /// Starts loading the factors and bias of the student `distance` rows after `index`: a skill's
    /// students are scattered over the factor matrix (tens of MB), and each `p_u` read was a cache
    /// miss (`perf annotate`: a quarter of the sweep on the distinct-pairs matrix). The distance
    /// covers a miss's latency: longer for the loops that do less per row.
    @inline(__always)
    func prefetchStudent(ahead index: Int, distance: Int, end: Int, _ p: SweepPointers) {
        let ahead = index + distance
        guard ahead < end else { return }
        let student = Int(p.skillStudent[ahead])
        SmallKernels.prefetch(p.studentFactors + student * p.rank, count: p.rank)
        SmallKernels.prefetch(p.studentBias + student, count: 1)
    }

    @inline(__always)
    func studentFreeLogit(row: Int, skill: Int, _ p: SweepPointers) -> Double {
        var value = p.globalBias + p.skillBias[skill]
        let x = p.rowPractice + row * p.practiceStride
        for term in 0..<p.practiceCount { value += p.gain(term, of: skill).pointee * Double(x[term]) }
        if p.items { value += p.itemBias[Int(p.rowItem[row])] }
        return value
    }
}

/// A saturated σ has no curvature left; the floor keeps √h and residual/√h finite (as in
/// ``RidgeNewtonSolver/accumulate(rows:theta:)``).
@inline(__always)
func flooredCurvature(_ curvature: Double, weight: Double) -> Double {
    max(curvature, weight * 1e-12 + 1e-300)
}

/// ``derivatives(z:target:weight:link:)`` and the row's weighted loss (log-loss or half the
/// squared error), from one σ.
@inline(__always)
func derivativesAndLoss(z: Double, target: Double, weight: Double, link: ModelKind) -> (Double, Double, Double) {
    switch link {
    case .logistic:
        let probability = RidgeNewtonSolver.sigmoid(z)
        return (weight * (target - probability), weight * probability * (1 - probability),
                weight * RidgeNewtonSolver.logLoss(target: target, logit: z, probability: probability))
    case .gaussian:
        return (weight * (target - z), weight, 0.5 * weight * (target - z) * (target - z))
    }
}

/// A row's weighted loss: the log-loss for the logistic link, half the squared error for the identity.
@inline(__always)
func weightedLoss(z: Double, target: Double, weight: Double, link: ModelKind) -> Double {
    switch link {
    case .logistic: weight * RidgeNewtonSolver.logLoss(target: target, logit: z, probability: RidgeNewtonSolver.sigmoid(z))
    case .gaussian: 0.5 * weight * (target - z) * (target - z)
    }
}

/// `(w(y − p), w·p(1 − p))` for the logistic link, `(w(y − z), w)` for the identity.
@inline(__always)
func derivatives(z: Double, target: Double, weight: Double, link: ModelKind) -> (Double, Double) {
    switch link {
    case .logistic:
        let probability = RidgeNewtonSolver.sigmoid(z)
        return (weight * (target - probability), weight * probability * (1 - probability))
    case .gaussian:
        return (weight * (target - z), weight)
    }
}

/// Splits `0..<offsets.count - 1` into `parts` contiguous ranges with about equal row counts.
func balancedRanges(offsets: [Int], parts: Int) -> [Range<Int>] {
    let entities = offsets.count - 1
    let total = offsets.last ?? 0
    var ranges: [Range<Int>] = []
    var start = 0
    for part in 1...parts {
        let goal = total * part / parts
        var end = start
        while end < entities, offsets[end + 1] <= goal || part == parts { end += 1 }
        ranges.append(start..<end)
        start = end
    }
    return ranges
}
