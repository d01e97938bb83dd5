import Dispatch
import MasteryData
import MasteryModel

/// Raw views of the training rows and the parameters for one sweep, so worker threads read and
/// write them without copy-on-write or exclusivity checks. Each worker writes only the entities
/// (students or skills) of its own range.
struct SweepPointers: @unchecked Sendable {
    let rank: Int
    let practice: Bool
    let items: Bool
    let link: ModelKind
    let rowStudent, rowSkill, rowItem: UnsafePointer<UInt32>
    let rowTarget, rowWeight, rowLogWins, rowLogFails: UnsafePointer<Float>
    let studentOffsets, skillOffsets: UnsafePointer<Int>
    let skillRows: UnsafePointer<UInt32>
    let globalBias: Double
    let studentBias, studentFactors, skillBias, skillFactors, gainCorrect, gainWrong, itemBias: UnsafeMutablePointer<Double>
}

/// Per-thread scratch, allocated once per fit.
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

    init(rank: Int, practice: Bool, itemCount: Int, link: ModelKind, regularization: Regularization) {
        studentSolver = RidgeNewtonSolver(dimension: rank + 1, chunkCapacity: 512, link: link)
        let skillDimension = rank + 1 + (practice ? 2 : 0)
        skillSolver = RidgeNewtonSolver(dimension: skillDimension, chunkCapacity: 1024, link: link)
        // The sweep's loss is measured once, in the student pass.
        skillSolver.computesLoss = false
        studentPenalty = [regularization.studentBias] + Array(repeating: regularization.studentFactors, count: rank)
        skillPenalty = [regularization.skillBias] + Array(repeating: regularization.skillFactors, count: rank)
            + (practice ? [regularization.practice, regularization.practice] : [])
        itemGradient = [Double](repeating: 0, count: itemCount)
        itemCurvature = [Double](repeating: 0, count: itemCount)
    }

    func resetStatistics() {
        itemGradient.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        itemCurvature.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        loss = 0
        weight = 0
    }

    /// One Newton step for each student of `students`, then the item statistics at the new
    /// student parameters.
    func updateStudents(_ students: Range<Int>, _ p: SweepPointers) throws(TrainingError) {
        let solver = studentSolver
        let rank = p.rank
        let dimension = rank + 1
        let theta = UnsafeMutablePointer<Double>.allocate(capacity: dimension)
        defer { theta.deallocate() }
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
            solver.begin()
            var chunkStart = start
            while chunkStart < end {
                let count = min(solver.chunkCapacity, end - chunkStart)
                for index in 0..<count {
                    let row = chunkStart + index
                    let skill = Int(p.rowSkill[row])
                    let features = solver.design + index * dimension
                    features[0] = 1
                    (features + 1).update(from: p.skillFactors + skill * rank, count: rank)
                    solver.offsets[index] = studentFreeLogit(row: row, skill: skill, p)
                    solver.targets[index] = Double(p.rowTarget[row])
                    solver.weights[index] = Double(p.rowWeight[row])
                }
                solver.accumulate(rows: count, theta: theta)
                chunkStart += count
            }
            passLoss += solver.loss
            passWeight += solver.totalWeight
            do {
                try solver.solve(theta: theta, penalty: studentPenalty)
            } catch {
                throw .linearAlgebra("student \(student): \(error)")
            }
            p.studentBias[student] = theta[0]
            (p.studentFactors + student * rank).update(from: theta + 1, count: rank)

            guard p.items else { continue }
            for row in start..<end {
                let skill = Int(p.rowSkill[row])
                var z = studentFreeLogit(row: row, skill: skill, p) + theta[0]
                z += dot(theta + 1, p.skillFactors + skill * rank, rank)
                let (gradient, curvature) = derivatives(z: z, target: Double(p.rowTarget[row]),
                                                        weight: Double(p.rowWeight[row]), link: p.link)
                let item = Int(p.rowItem[row])
                itemG[item] += gradient
                itemH[item] += curvature
            }
        }
    }

    /// One Newton step for each skill of `skills`: `(b_s, q_s, γ⁺_s, γ⁻_s)`.
    func updateSkills(_ skills: Range<Int>, _ p: SweepPointers) throws(TrainingError) {
        let solver = skillSolver
        let rank = p.rank
        let dimension = solver.dimension
        let theta = UnsafeMutablePointer<Double>.allocate(capacity: dimension)
        defer { theta.deallocate() }
        for skill in skills {
            let start = p.skillOffsets[skill]
            let end = p.skillOffsets[skill + 1]
            guard end > start else { continue }
            theta[0] = p.skillBias[skill]
            (theta + 1).update(from: p.skillFactors + skill * rank, count: rank)
            if p.practice {
                theta[rank + 1] = p.gainCorrect[skill]
                theta[rank + 2] = p.gainWrong[skill]
            }
            solver.begin()
            var chunkStart = start
            while chunkStart < end {
                let count = min(solver.chunkCapacity, end - chunkStart)
                for index in 0..<count {
                    let row = Int(p.skillRows[chunkStart + index])
                    let student = Int(p.rowStudent[row])
                    let features = solver.design + index * dimension
                    features[0] = 1
                    (features + 1).update(from: p.studentFactors + student * rank, count: rank)
                    if p.practice {
                        features[rank + 1] = Double(p.rowLogWins[row])
                        features[rank + 2] = Double(p.rowLogFails[row])
                    }
                    var offset = p.globalBias + p.studentBias[student]
                    if p.items { offset += p.itemBias[Int(p.rowItem[row])] }
                    solver.offsets[index] = offset
                    solver.targets[index] = Double(p.rowTarget[row])
                    solver.weights[index] = Double(p.rowWeight[row])
                }
                solver.accumulate(rows: count, theta: theta)
                chunkStart += count
            }
            do {
                try solver.solve(theta: theta, penalty: skillPenalty)
            } catch {
                throw .linearAlgebra("skill \(skill): \(error)")
            }
            p.skillBias[skill] = theta[0]
            (p.skillFactors + skill * rank).update(from: theta + 1, count: rank)
            if p.practice {
                p.gainCorrect[skill] = theta[rank + 1]
                p.gainWrong[skill] = theta[rank + 2]
            }
        }
    }

    @inline(__always)
    private func studentFreeLogit(row: Int, skill: Int, _ p: SweepPointers) -> Double {
        var value = p.globalBias + p.skillBias[skill]
        if p.practice {
            value += p.gainCorrect[skill] * Double(p.rowLogWins[row]) + p.gainWrong[skill] * Double(p.rowLogFails[row])
        }
        if p.items { value += p.itemBias[Int(p.rowItem[row])] }
        return value
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

@inline(__always)
func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ count: Int) -> Double {
    var sum0 = 0.0, sum1 = 0.0, sum2 = 0.0, sum3 = 0.0
    var index = 0
    while index + 4 <= count {
        sum0 += x[index] * y[index]
        sum1 += x[index + 1] * y[index + 1]
        sum2 += x[index + 2] * y[index + 2]
        sum3 += x[index + 3] * y[index + 3]
        index += 4
    }
    while index < count {
        sum0 += x[index] * y[index]
        index += 1
    }
    return (sum0 + sum1) + (sum2 + sum3)
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
