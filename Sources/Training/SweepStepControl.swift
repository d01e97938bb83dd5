import LinearAlgebra
import MasteryModel

/// Step control for the sweep's Newton steps, so that every sweep lowers the penalized objective.
///
/// Given the other side, each student's (and each skill's) share of the objective depends only on
/// its own θ, so lowering every entity's share lowers the whole. A full Newton step usually does;
/// ``RidgeNewtonSolver/certifiedFraction(decrement:cubicSum:)`` proves it without evaluating a
/// logarithm, from the change of each row's logit, which costs a few multiplications per merged
/// row. Only a step the bound cannot certify (saturated rows far from their optimum, as on data
/// where one skill is nearly always answered wrong) has its objective evaluated, by backtracking.
extension SweepWorker {
    /// The step length to take along a Newton step whose full length is not certified: the first
    /// of 1, ½, ¼, … above `certified` whose `objective(length)` falls by the Armijo fraction of
    /// `length · decrement` below `objective(0)`, else `certified`, which falls by a quarter of it.
    func controlStep(decrement: Double, certified: Double, objective: (Double) -> Double) -> Double {
        let start = objective(0)
        var length = 1.0
        while length > certified {
            let value = objective(length)
            if value <= start - RidgeNewtonSolver.sufficientDecrease * length * decrement { return length }
            length *= 0.5
        }
        return certified
    }

    /// A student's penalized objective at `origin + length·step`: the loss of its rows
    /// `rows`, whose slots hold `x·origin` in ``slotLinear`` and `x·step` in ``slotChange``.
    func studentObjective(rows: Range<Int>, origin: UnsafePointer<Double>, step: UnsafePointer<Double>, length: Double,
                          _ p: SweepPointers) -> Double {
        var loss = LossSum(link: p.link)
        for row in rows {
            let skill = Int(p.rowSkill[row])
            let slot = Int(slotOfSkill[skill])
            let z = studentFreeLogit(row: row, skill: skill, p) + slotLinear[slot] + length * slotChange[slot]
            loss.add(z: z, target: Double(p.rowTarget[row]), weight: p.weight(ofRow: row))
        }
        var penalty = 0.0
        for j in 0..<(p.rank + 1) {
            let value = origin[j] + length * step[j]
            penalty += 0.5 * studentPenalty[j] * value * value
        }
        return loss.value + penalty
    }

    /// `Σ w|δz|³` for the change `δz` of each of a skill's rows' logit (skill-major, grouped by
    /// student) under the full `step`, and the rows' loss at `origin + length·step`, from ``groupLinear`` (each group's logit part at `origin`) and
    /// ``groupChange`` (the change of that part under `step`).
    func skillLoss(rows: Range<Int>, origin: UnsafePointer<Double>, step: UnsafePointer<Double>, length: Double,
                   _ p: SweepPointers) -> (loss: Double, cubicSum: Double) {
        let rank = p.rank
        let gains = rank + 1
        var loss = LossSum(link: p.link)
        var cubicSum = 0.0
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2)
        defer { scratch.deallocate() }
        var group = 0
        var index = rows.lowerBound
        while index < rows.upperBound {
            let student = Int(p.skillStudent[index])
            let sharedChange = groupChange[group]
            let shared = groupLinear[group] + length * sharedChange
            group += 1
            repeat {
                var z = shared
                var change = sharedChange
                if p.items { z += p.itemBias[Int(p.skillItem[index])] }
                let x = p.practice(ofSkillRow: index, scratch: scratch)
                for term in 0..<p.practiceCount {
                    let value = Double(x[term])
                    z += (origin[gains + term] + length * step[gains + term]) * value
                    change += step[gains + term] * value
                }
                let w = p.weight(ofSkillRow: index)
                loss.add(z: z, target: p.target(ofSkillRow: index), weight: w)
                cubicSum += w * abs(change * change * change)
                index += 1
            } while index < rows.upperBound && Int(p.skillStudent[index]) == student
        }
        return (loss.value, cubicSum)
    }

    /// `½ Σ λ_j θ_j²`.
    func penaltyValue(_ theta: UnsafePointer<Double>, _ penalty: [Double]) -> Double {
        var total = 0.0
        for j in penalty.indices { total += 0.5 * penalty[j] * theta[j] * theta[j] }
        return total
    }
}
