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
    let rowTarget, rowPractice: UnsafePointer<Float>
    /// Row weights, read at `row * weightStride`: stride 0 over a single 1 when every row weighs 1
    /// (``TrainingSet/hasUnitWeights``), so the default fit stores no column of ones.
    let rowWeight: UnsafePointer<Float>
    let weightStride: Int
    let studentOffsets, skillOffsets: UnsafePointer<Int>
    /// The skill pass's columns, skill by skill (``SkillMajorRows``), read through
    /// ``target(ofSkillRow:)`` and ``practice(ofSkillRow:scratch:)`` in either layout.
    let skillStudent, skillItem: UnsafePointer<UInt32>
    let skillWeight: UnsafePointer<Float>
    let compactSkillRows: Bool
    let skillTarget, skillPractice: UnsafePointer<Float>
    let skillOutcome: UnsafePointer<UInt8>
    let skillCounts: UnsafePointer<UInt32>
    /// ``WholeCountLogs/table``, read once here: through the static, each row's read could pay a
    /// `swift_once` check (2 % of a sweep when the compiler did not hoist it).
    let countLogs: UnsafePointer<Float> = WholeCountLogs.table
    let globalBias: Double
    let studentBias, studentFactors, skillBias, skillFactors, gainCorrect, gainWrong, itemBias: UnsafeMutablePointer<Double>
    /// The features' weights, `practiceCount − 2` per skill.
    let practiceWeights: UnsafeMutablePointer<Double>

    var practice: Bool { practiceCount > 0 }

    /// The weight of training row `row`.
    @inline(__always)
    func weight(ofRow row: Int) -> Double { Double(rowWeight[row &* weightStride]) }

    /// The weight of the skill-major row at `index` (``SkillMajorRows``, same stride).
    @inline(__always)
    func weight(ofSkillRow index: Int) -> Double { Double(skillWeight[index &* weightStride]) }

    /// The outcome of the skill-major row at `index`.
    @inline(__always)
    func target(ofSkillRow index: Int) -> Double {
        compactSkillRows ? Double(skillOutcome[index]) : Double(skillTarget[index])
    }

    /// The practice values of the skill-major row at `index`: in place, or decoded from the
    /// compact layout's counts into `scratch` (two values).
    @inline(__always)
    func practice(ofSkillRow index: Int, scratch: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
        guard compactSkillRows else { return skillPractice + index * practiceStride }
        let counts = skillCounts[index]
        scratch[0] = countLogs[Int(counts & 0xFFFF)]
        scratch[1] = countLogs[Int(counts >> 16)]
        return UnsafePointer(scratch)
    }

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
    /// The student step's conjugate gradient, its gathered rows (`√h·(1, q_s)` per distinct skill,
    /// up to `studentRowCapacity`), gradient and step.
    let studentCG: NormalEquationsCG
    private let studentDesign: UnsafeMutablePointer<Double>
    private let studentGradient: UnsafeMutablePointer<Double>
    private let studentStep: UnsafeMutablePointer<Double>
    let skillSolver: RidgeNewtonSolver
    let studentPenalty: [Double]
    let skillPenalty: [Double]
    /// Item statistics gathered during the student pass: Σ w(y − p) and Σ w·p(1 − p).
    var itemGradient: [Double]
    var itemCurvature: [Double]
    /// The loss of the skill pass's rows at their skills' new parameters (see ``updateSkills(_:_:)``).
    var loss = 0.0
    /// The largest change of a student's or skill's bias in this sweep's steps, in logits.
    var largestBiasMove = 0.0
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
    /// Per merged row of the skill being updated: its gathered features `√h·(1, p_u)` (kept for the
    /// whole skill, `rank + 1` apart), `√h`, residual over `√h`, and the change of its logit's
    /// shared part under the step.
    private let skillDesign: UnsafeMutablePointer<Double>
    private let groupScale: UnsafeMutablePointer<Double>
    private let groupResidual: UnsafeMutablePointer<Double>
    let groupChange: UnsafeMutablePointer<Double>

    /// The skill pass's practice block over a whole skill: `Σ h x xᵀ` (lower triangle, row-major
    /// `P × P`) and `Σ residual · x` of the practice values `x`, and per student group `Σ h x`.
    /// (Raw buffers: a class's array properties would cost an exclusivity check per row.)
    private let practiceCurvature: UnsafeMutablePointer<Double>
    private let practiceGradient: UnsafeMutablePointer<Double>
    private let groupPractice: UnsafeMutablePointer<Double>
    /// The practice block's cross terms over a whole skill, `Σ (Σ h x) (1, p_u)` per practice
    /// term (`rank + 1` values each), summed here and added to `H` once per skill: written into
    /// `H`'s strided columns row by row, they were a third of the skill pass's own time.
    private let practiceCross: UnsafeMutablePointer<Double>
    private let practiceCount: Int

    /// `practiceCount`: 0 without the practice term, else 2 plus the number of features.
    /// `studentRowCapacity`: the most distinct skills one student answered; `skillGroupCapacity`:
    /// the most students one skill was answered by.
    init(rank: Int, practiceCount: Int, studentCount: Int, skillCount: Int, itemCount: Int, studentRowCapacity: Int,
         skillGroupCapacity: Int, link: ModelKind, regularization: Regularization) {
        let capacity = max(studentRowCapacity, 1)
        studentCG = NormalEquationsCG(dimension: rank + 1, rowCapacity: capacity)
        studentDesign = .allocate(capacity: capacity * (rank + 1))
        studentGradient = .allocate(capacity: rank + 1)
        studentStep = .allocate(capacity: rank + 1)
        let skillDimension = rank + 1 + practiceCount
        // Its normal matrix, gradient and solve only: the rows are gathered into skillDesign.
        skillSolver = RidgeNewtonSolver(dimension: skillDimension, chunkCapacity: 1, link: link)
        studentPenalty = [regularization.studentBias] + Array(repeating: regularization.studentFactors, count: rank)
        skillPenalty = [regularization.skillBias] + Array(repeating: regularization.skillFactors, count: rank)
            + Array(repeating: regularization.practice, count: practiceCount)
        self.practiceCount = practiceCount
        practiceCurvature = .allocate(capacity: max(practiceCount * practiceCount, 1))
        practiceGradient = .allocate(capacity: max(practiceCount, 1))
        groupPractice = .allocate(capacity: max(practiceCount, 1))
        practiceCross = .allocate(capacity: max(practiceCount * (rank + 1), 1))
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
        let groupCapacity = max(skillGroupCapacity, 1)
        skillDesign = .allocate(capacity: groupCapacity * (rank + 1))
        groupScale = .allocate(capacity: groupCapacity)
        groupResidual = .allocate(capacity: groupCapacity)
        groupChange = .allocate(capacity: groupCapacity)
    }

    deinit {
        slotOfSkill.deallocate()
        slotSkill.deallocate()
        for pointer in [skillDesign, groupScale, groupResidual, groupChange, studentDesign, studentGradient, studentStep, slotCurvature, slotResidual, slotWeight, slotLinear, slotChange, groupLinear,
                        practiceCurvature, practiceGradient, groupPractice, practiceCross] { pointer.deallocate() }
    }

    func resetStatistics() {
        itemGradient.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        itemCurvature.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        loss = 0
        largestBiasMove = 0
    }

    /// One step-controlled truncated Newton step for each student of `students` (see
    /// ``controlStep``), then the item statistics at the new student parameters. The step is a few
    /// conjugate-gradient steps on the Newton system (``NormalEquationsCG``: products with the
    /// gathered rows instead of a `dsyrk` and a Cholesky factorization); its length is certified
    /// from its own `∇ᵀΔ` and `ΔᵀHΔ`, so the guarantee of a falling objective does not depend on
    /// solving the system exactly.
    func updateStudents(_ students: Range<Int>, _ p: SweepPointers) throws(TrainingError) {
        let rank = p.rank
        let dimension = rank + 1
        let theta = UnsafeMutablePointer<Double>.allocate(capacity: 2 * dimension)
        defer { theta.deallocate() }
        let origin = theta + dimension
        // Locals: class properties would cost an exclusivity check per row.
        var itemG = itemGradient
        var itemH = itemCurvature
        var biasMove = 0.0
        defer {
            itemGradient = itemG
            itemCurvature = itemH
            largestBiasMove = max(largestBiasMove, biasMove)
        }
        for student in students {
            let start = p.studentOffsets[student]
            let end = p.studentOffsets[student + 1]
            guard end > start else { continue }
            theta[0] = p.studentBias[student]
            (theta + 1).update(from: p.studentFactors + student * rank, count: rank)
            origin.update(from: theta, count: dimension)
            // Each row's derivatives at the current θ, summed per skill.
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
                let w = p.weight(ofRow: row)
                let (residual, curvature) = derivatives(z: z, target: Double(p.rowTarget[row]), weight: w, link: p.link)
                slotCurvature[slot] += flooredCurvature(curvature, weight: w)
                slotResidual[slot] += residual
                slotWeight[slot] += w
            }
            // The truncated Newton step: the gathered rows √h·(1, q_s) (their normal matrix is
            // never formed), the penalized gradient, then conjugate gradient.
            let gradient = studentGradient
            for j in 0..<dimension { gradient[j] = -studentPenalty[j] * theta[j] }
            for slot in 0..<distinct {
                let factors = p.skillFactors + Int(slotSkill[slot]) * rank
                let residual = slotResidual[slot]
                let scale = slotCurvature[slot].squareRoot()
                let features = studentDesign + slot * dimension
                features[0] = scale
                SmallKernels.scale(factors, by: scale, into: features + 1, count: rank)
                gradient[0] += residual
                for j in 0..<rank { gradient[j + 1] += residual * factors[j] }
            }
            let step = studentStep
            let cg = studentCG
            studentPenalty.withUnsafeBufferPointer { penalty in
                cg.solve(design: studentDesign, rows: distinct, penalty: penalty.baseAddress!, b: gradient, x: step,
                         relativeTolerance: Self.studentStepTolerance, maxSteps: Self.studentMaxSteps)
            }
            let descent = SmallKernels.dot(gradient, step, count: dimension)
            var length = descent > 0 ? 1.0 : 0.0
            if p.link == .logistic, descent > 0 {
                // Rows of one slot share x = (1, q_s), so they share the change of their logit:
                // Aᵀ·step holds √h times it.
                var curvature = 0.0
                for j in 0..<dimension { curvature += studentPenalty[j] * step[j] * step[j] }
                var cubicSum = 0.0
                for slot in 0..<distinct {
                    let scaled = cg.rowProducts[slot]
                    curvature += scaled * scaled
                    let change = scaled / slotCurvature[slot].squareRoot()
                    slotChange[slot] = change
                    cubicSum += slotWeight[slot] * abs(change * change * change)
                }
                let certified = RidgeNewtonSolver.certifiedFraction(descent: descent, curvature: curvature, cubicSum: cubicSum)
                if certified < 1 {
                    length = controlStep(decrement: descent, certified: certified) { length in
                        studentObjective(rows: start..<end, origin: origin, step: step, length: length, p)
                    }
                }
            }
            for j in 0..<dimension { theta[j] = origin[j] + length * step[j] }
            biasMove = max(biasMove, abs(theta[0] - origin[0]))
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
                                                            weight: p.weight(ofRow: row), link: p.link)
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
    ///
    /// Adds to ``loss`` the loss of each skill's rows at its new parameters. Every row belongs to
    /// one skill and the skill pass is the sweep's last, so the workers' sum is the training loss
    /// after the sweep, measured without another pass over the rows.
    func updateSkills(_ skills: Range<Int>, _ p: SweepPointers) throws(TrainingError) {
        let solver = skillSolver
        var passLoss = 0.0
        var biasMove = 0.0
        defer {
            loss += passLoss
            largestBiasMove = max(largestBiasMove, biasMove)
        }
        let rank = p.rank
        let dimension = solver.dimension
        let factorColumns = rank + 1
        let theta = UnsafeMutablePointer<Double>.allocate(capacity: 3 * dimension)
        defer { theta.deallocate() }
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2)
        defer { scratch.deallocate() }
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
            practiceCross.update(repeating: 0, count: terms * factorColumns)
            var groups = 0
            var flushedGroups = 0
            var index = start
            while index < end {
                let student = Int(p.skillStudent[index])
                prefetchStudent(ahead: index, distance: 8, end: end, p)
                let factors = p.studentFactors + student * rank
                let shared = p.globalBias + p.studentBias[student] + theta[0] + SmallKernels.dot(theta + 1, factors, count: rank)
                groupLinear[groups] = shared
                var curvatureSum = 0.0, residualSum = 0.0
                for term in 0..<terms { groupPractice[term] = 0 }
                repeat {
                    var z = shared
                    if p.items { z += p.itemBias[Int(p.skillItem[index])] }
                    let x = p.practice(ofSkillRow: index, scratch: scratch)
                    for term in 0..<terms { z += theta[factorColumns + term] * Double(x[term]) }
                    let w = p.weight(ofSkillRow: index)
                    let (residual, rawCurvature) = derivatives(z: z, target: p.target(ofSkillRow: index), weight: w, link: p.link)
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
                let features = skillDesign + groups * factorColumns
                features[0] = scale
                SmallKernels.scale(factors, by: scale, into: features + 1, count: rank)
                groupScale[groups] = scale
                groupResidual[groups] = residualSum / scale
                for term in 0..<terms {
                    let cross = practiceCross + term * factorColumns
                    cross[0] += groupPractice[term]
                    SmallKernels.addScaled(factors, by: groupPractice[term], into: cross + 1, count: rank)
                }
                groups += 1
                if groups - flushedGroups == Self.skillChunk {
                    accumulateSkillRows(flushedGroups..<groups, factorColumns: factorColumns)
                    flushedGroups = groups
                }
            }
            accumulateSkillRows(flushedGroups..<groups, factorColumns: factorColumns)
            for term in 0..<terms {
                // Column factorColumns + term of H beside the factor block: Σ h x (1, p_u).
                for j in 0..<factorColumns { solver.normal[j * dimension + factorColumns + term] += practiceCross[term * factorColumns + j] }
            }
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
            let step = solver.gradient
            // Each group's change of logit, x·Δ over (1, p_u), from the rows kept in
            // skillDesign (scaled by √h): a stream, where reading p_u again was a cache miss each.
            BLAS.gemv(.transpose, a: MatrixView(baseAddress: skillDesign, rows: factorColumns, columns: groups),
                      x: VectorView(baseAddress: step, count: factorColumns),
                      y: MutableVectorView(baseAddress: groupChange, count: groups))
            for group in 0..<groups { groupChange[group] /= groupScale[group] }
            // The rows' loss at the full step: what the skill leaves to the sweep's objective when
            // the step is certified (as it usually is), and the bound's cubic sum.
            var measured = skillLoss(rows: start..<end, origin: origin, step: step, length: 1, p)
            if p.link == .logistic {
                let certified = RidgeNewtonSolver.certifiedFraction(decrement: solver.decrement, cubicSum: measured.cubicSum)
                if certified < 1 {
                    let length = controlStep(decrement: solver.decrement, certified: certified) { length in
                        for j in 0..<dimension { trial[j] = origin[j] + length * step[j] }
                        return skillLoss(rows: start..<end, origin: origin, step: step, length: length, p).loss
                            + penaltyValue(trial, skillPenalty)
                    }
                    for j in 0..<dimension { theta[j] = origin[j] + length * step[j] }
                    measured = skillLoss(rows: start..<end, origin: origin, step: step, length: length, p)
                }
            }
            passLoss += measured.loss
            biasMove = max(biasMove, abs(theta[0] - origin[0]))
            p.skillBias[skill] = theta[0]
            (p.skillFactors + skill * rank).update(from: theta + 1, count: rank)
            for term in 0..<p.practiceCount { p.gain(term, of: skill).pointee = theta[factorColumns + term] }
        }
    }

    /// Conjugate-gradient steps per student step (implicit's default too), unless the residual
    /// falls below ``studentStepTolerance`` of the gradient first (then the step is exact to
    /// rounding, as at rank ≤ 2 where three steps solve the system). On the distinct-pairs matrix at
    /// rank 32 (BENCHMARKS.md) three steps cost 3.2 s a sweep against 3.7 s for eight and 6.1 s for
    /// an exact solve, and the objective after sweeps 1–6 stayed within 0.4% of exact Newton steps'
    /// (higher after sweep 2, lower from sweep 4 on); the AUC on ASSISTments 2009 did not move.
    static let studentMaxSteps = 3
    static let studentStepTolerance = 1e-10

    /// Merged rows of a skill the `dsyrk` takes at a time: a few hundred KB, still in cache from
    /// the gather.
    static let skillChunk = 1024

    /// Adds the skill rows `groups` gathered in ``skillDesign`` (`√h·(1, p_u)`, residuals over `√h`
    /// in ``groupResidual``) to the skill solver's normal matrix and gradient.
    private func accumulateSkillRows(_ groups: Range<Int>, factorColumns: Int) {
        guard !groups.isEmpty else { return }
        let solver = skillSolver
        let d = solver.dimension
        let block = MatrixView(baseAddress: skillDesign + groups.lowerBound * factorColumns, rows: factorColumns, columns: groups.count)
        BLAS.syrk(.lower, .noTranspose, a: block, beta: 1,
                  c: MutableMatrixView(baseAddress: solver.normal, rows: factorColumns, columns: factorColumns, leadingDimension: d))
        BLAS.gemv(.noTranspose, a: block, x: VectorView(baseAddress: groupResidual + groups.lowerBound, count: groups.count), beta: 1,
                  y: MutableVectorView(baseAddress: solver.gradient, count: factorColumns))
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
