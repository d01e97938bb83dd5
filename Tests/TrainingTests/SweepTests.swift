import Foundation
import LotrinhTestSupport
import MasteryData
import MasteryModel
@testable import Training
import XCTest

/// One sweep of the trainer against the same Newton steps written out answer by answer with
/// plain loops: the sweep merges answers that share features, gathers rows pre-scaled and
/// streams skill-major columns, none of which may change the result beyond rounding. (On this
/// well-posed data every step is certified whole, so step control leaves them plain Newton; the
/// student step's conjugate gradient takes three steps, which solve its three unknowns exactly.)
final class SweepTests: XCTestCase {
    func testOneSweepEqualsNaiveNewtonStepsAnswerByAnswer() throws {
        let truth = try SyntheticTruth(students: 120, answersPerStudent: 60, rank: 2, seed: 23, multiSkillFraction: 0.2)
        let data = truth.dataset.responses
        // Every practice feature, so that the skill step's whole practice block is checked.
        let features = PracticeFeature.allCases
        let config = FitConfiguration(rank: 2, terms: ModelTerms(practiceFeatures: features), maxSweeps: 1, tolerance: 0, threads: 2, seed: 9)
        let result = try Trainer.fit(data, graph: truth.dataset.graph, configuration: config)
        let fitted = result.model
        XCTAssertFalse(fitted.relatedSkills.isEmpty, "the related features must see the curriculum's graph")
        let set = TrainingSet(data: data, recency: config.recency, useItems: config.terms.itemBias, features: features,
                              related: fitted.relatedSkills)
        let stride = set.practiceStride
        XCTAssertGreaterThan(set.itemCount, 0, "the data must exercise the item term")
        var p = Parameters(set: set, rank: 2, seed: config.seed, initialScale: config.initialScale)
        let lambda = config.regularization
        let rank = 2

        func logit(_ row: Int) -> Double { p.logit(row: row, in: set) }
        // θ + H⁻¹∇ for rows `rows` with features x(row), penalty `penalty`, current θ.
        func newtonStep(_ theta: [Double], rows: [Int], features: (Int) -> [Double], penalty: [Double]) -> [Double] {
            let d = theta.count
            var h = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
            var g = (0..<d).map { -penalty[$0] * theta[$0] }
            for row in rows {
                let x = features(row)
                let probability = 1 / (1 + exp(-logit(row)))
                let w = Double(set.weight(ofRow: row)), y = Double(set.rowTarget[row])
                let curvature = max(w * probability * (1 - probability), w * 1e-12 + 1e-300)
                for a in 0..<d {
                    g[a] += w * (y - probability) * x[a]
                    for b in 0..<d { h[a][b] += curvature * x[a] * x[b] }
                }
            }
            for j in 0..<d { h[j][j] += penalty[j] }
            return zip(theta, solveByGaussianElimination(h, g)).map { $0 + $1 }
        }

        let studentPenalty = [lambda.studentBias] + Array(repeating: lambda.studentFactors, count: rank)
        for student in 0..<set.studentCount {
            let rows = Array(set.rows(ofStudent: student))
            guard !rows.isEmpty else { continue }
            let theta = newtonStep([p.studentBias[student]] + p.studentFactors[(student * rank)..<((student + 1) * rank)],
                                   rows: rows, features: { row in
                                       let skill = Int(set.rowSkill[row])
                                       return [1] + p.skillFactors[(skill * rank)..<((skill + 1) * rank)]
                                   }, penalty: studentPenalty)
            p.studentBias[student] = theta[0]
            for j in 0..<rank { p.studentFactors[student * rank + j] = theta[1 + j] }
        }
        var itemGradient = [Double](repeating: 0, count: set.itemCount)
        var itemCurvature = [Double](repeating: 0, count: set.itemCount)
        for row in 0..<set.rowCount {
            let probability = 1 / (1 + exp(-logit(row)))
            let w = Double(set.weight(ofRow: row))
            itemGradient[Int(set.rowItem[row])] += w * (Double(set.rowTarget[row]) - probability)
            itemCurvature[Int(set.rowItem[row])] += w * probability * (1 - probability)
        }
        for item in 0..<set.itemCount {
            p.itemBias[item] += (itemGradient[item] - lambda.itemBias * p.itemBias[item]) / (itemCurvature[item] + lambda.itemBias)
        }
        let skillPenalty = [lambda.skillBias] + Array(repeating: lambda.skillFactors, count: rank)
            + Array(repeating: lambda.practice, count: stride)
        for skill in 0..<set.skillCount {
            let rows = (0..<set.rowCount).filter { Int(set.rowSkill[$0]) == skill }
            guard !rows.isEmpty else { continue }
            let theta = newtonStep([p.skillBias[skill]] + p.skillFactors[(skill * rank)..<((skill + 1) * rank)]
                                       + [p.gainCorrect[skill], p.gainWrong[skill]]
                                       + p.practiceWeights[(skill * features.count)..<((skill + 1) * features.count)],
                                   rows: rows, features: { row in
                                       let student = Int(set.rowStudent[row])
                                       return [1] + p.studentFactors[(student * rank)..<((student + 1) * rank)]
                                           + set.rowPractice[(row * stride)..<((row + 1) * stride)].map(Double.init)
                                   }, penalty: skillPenalty)
            p.skillBias[skill] = theta[0]
            for j in 0..<rank { p.skillFactors[skill * rank + j] = theta[1 + j] }
            p.gainCorrect[skill] = theta[rank + 1]
            p.gainWrong[skill] = theta[rank + 2]
            for feature in features.indices { p.practiceWeights[skill * features.count + feature] = theta[rank + 3 + feature] }
        }

        // Then the recentring, which no logit notices. First the factor shifts: `v` on every
        // student's factors with `−q_s·v` on every skill's bias, where the penalty's gradient along
        // them vanishes, `(λ_p |U| I + λ_b Σ q_s q_sᵀ) v = λ_b Σ b_s q_s − λ_p Σ p_u`; then `w` on
        // every skill's factors with `−p_u·w` on every student's bias, the same with the roles swapped.
        func factorShift(factors: [Double], factorPenalty: Double, partnerFactors: [Double], partnerBiases: [Double],
                         biasPenalty: Double) -> [Double] {
            var system = (0..<rank).map { a in (0..<rank).map { b in a == b ? factorPenalty * Double(factors.count / rank) : 0 } }
            var right = [Double](repeating: 0, count: rank)
            for (partner, bias) in partnerBiases.enumerated() {
                for a in 0..<rank {
                    right[a] += biasPenalty * bias * partnerFactors[partner * rank + a]
                    for b in 0..<rank { system[a][b] += biasPenalty * partnerFactors[partner * rank + a] * partnerFactors[partner * rank + b] }
                }
            }
            for (index, value) in factors.enumerated() { right[index % rank] -= factorPenalty * value }
            return solveByGaussianElimination(system, right)
        }
        // d/dt of the penalty along the shift, at t = 0: λ_p Σ p_u − λ_b Σ b_s q_s, per component.
        func shiftSlope(factors: [Double], factorPenalty: Double, partnerFactors: [Double], partnerBiases: [Double],
                        biasPenalty: Double) -> [Double] {
            var slope = [Double](repeating: 0, count: rank)
            for (index, value) in factors.enumerated() { slope[index % rank] += factorPenalty * value }
            for (partner, bias) in partnerBiases.enumerated() {
                for a in 0..<rank { slope[a] -= biasPenalty * bias * partnerFactors[partner * rank + a] }
            }
            return slope
        }
        // Moves the factors at `factors` by their lowest-penalty shift and each partner's bias by
        // −(its factors)·shift, then checks that the penalty's slope along the shift is zero there.
        func shiftToLowestPenalty(_ factors: WritableKeyPath<Parameters, [Double]>, factorPenalty: Double,
                                  partnerFactors: KeyPath<Parameters, [Double]>, partnerBiases: WritableKeyPath<Parameters, [Double]>,
                                  biasPenalty: Double, _ name: String) -> [Double] {
            let shift = factorShift(factors: p[keyPath: factors], factorPenalty: factorPenalty, partnerFactors: p[keyPath: partnerFactors],
                                    partnerBiases: p[keyPath: partnerBiases], biasPenalty: biasPenalty)
            for index in p[keyPath: factors].indices { p[keyPath: factors][index] += shift[index % rank] }
            let partners = p[keyPath: partnerFactors]
            for partner in p[keyPath: partnerBiases].indices {
                for a in 0..<rank { p[keyPath: partnerBiases][partner] -= partners[partner * rank + a] * shift[a] }
            }
            for value in shiftSlope(factors: p[keyPath: factors], factorPenalty: factorPenalty, partnerFactors: partners,
                                    partnerBiases: p[keyPath: partnerBiases], biasPenalty: biasPenalty) {
                XCTAssertEqual(value, 0, accuracy: 1e-9, name)
            }
            return shift
        }
        let v = shiftToLowestPenalty(\.studentFactors, factorPenalty: lambda.studentFactors, partnerFactors: \.skillFactors,
                                     partnerBiases: \.skillBias, biasPenalty: lambda.skillBias, "the student factors' shift")
        let w = shiftToLowestPenalty(\.skillFactors, factorPenalty: lambda.skillFactors, partnerFactors: \.studentFactors,
                                     partnerBiases: \.studentBias, biasPenalty: lambda.studentBias, "the skill factors' shift")
        XCTAssertGreaterThan(v.map(abs).max()! + w.map(abs).max()!, 1e-6, "the shifts must move something for the check to mean anything")
        // Then the biases: each skill whose items are all seen only on it trades a constant with
        // them, then all students with all skills, each at the minimum of the penalty along its
        // direction (the penalty's derivative is checked below).
        var skillsOfItem: [Int: Set<Int>] = [:]
        for row in 0..<set.rowCount { skillsOfItem[Int(set.rowItem[row]), default: []].insert(Int(set.rowSkill[row])) }
        for skill in 0..<set.skillCount {
            let own = skillsOfItem.filter { $0.value == [skill] }.map(\.key)
            // A row of the skill on a shared item would see b_s move without its item's bias.
            let itemsOfSkill = Set((0..<set.rowCount).filter { Int(set.rowSkill[$0]) == skill }.map { Int(set.rowItem[$0]) })
            guard !own.isEmpty, itemsOfSkill == Set(own) else { continue }
            let shift = (lambda.itemBias * own.map { p.itemBias[$0] }.reduce(0, +) - lambda.skillBias * p.skillBias[skill])
                / (lambda.skillBias + Double(own.count) * lambda.itemBias)
            p.skillBias[skill] += shift
            for item in own { p.itemBias[item] -= shift }
            // d/dc [½λ_s(b_s + c)² + ½λ_i Σ(b_i − c)²] at c = 0 after the move.
            let slope = lambda.skillBias * p.skillBias[skill] - lambda.itemBias * own.map { p.itemBias[$0] }.reduce(0, +)
            XCTAssertEqual(slope, 0, accuracy: 1e-12, "skill \(skill)'s split with its items")
        }
        // Only students and skills with answers move: the others enter no logit.
        let answeringStudents = Set(set.rowStudent.map(Int.init)), answeredSkills = Set(set.rowSkill.map(Int.init))
        let shift = (lambda.skillBias * answeredSkills.map { p.skillBias[$0] }.reduce(0, +)
            - lambda.studentBias * answeringStudents.map { p.studentBias[$0] }.reduce(0, +))
            / (Double(answeredSkills.count) * lambda.skillBias + Double(answeringStudents.count) * lambda.studentBias)
        for student in answeringStudents { p.studentBias[student] += shift }
        for skill in answeredSkills { p.skillBias[skill] -= shift }

        func assertClose(_ actual: [Double], _ expected: [Double], _ name: String) {
            XCTAssertEqual(actual.count, expected.count, name)
            for (index, (a, e)) in zip(actual, expected).enumerated() {
                XCTAssertEqual(a, e, accuracy: 1e-9 * max(1, abs(e)), "\(name)[\(index)]")
            }
        }
        assertClose(Array(fitted.studentBias), p.studentBias, "student biases")
        assertClose(Array(fitted.studentFactors), p.studentFactors, "student factors")
        assertClose(Array(fitted.itemBias), p.itemBias, "item biases")
        assertClose(Array(fitted.skillBias), p.skillBias, "skill biases")
        assertClose(Array(fitted.skillFactors), p.skillFactors, "skill factors")
        assertClose(Array(fitted.gainCorrect), p.gainCorrect, "practice gains (correct)")
        assertClose(Array(fitted.gainWrong), p.gainWrong, "practice gains (wrong)")
        assertClose(Array(fitted.practiceWeights), p.practiceWeights, "practice feature weights")
        XCTAssertTrue(p.practiceWeights.contains { abs($0) > 1e-3 }, "the features must carry weight for the check to mean anything")

        // The sweep's reported objective is that of the parameters it returns, `(Σ w ℓ + ½ Σ λ θ²) / Σ w`,
        // with the weights of multi-skill answers (1/|S|, stored per row here, not all 1).
        XCTAssertFalse(set.hasUnitWeights, "the data must exercise stored weights")
        var loss = 0.0, weight = 0.0
        for row in 0..<set.rowCount {
            let z = logit(row), y = Double(set.rowTarget[row]), w = Double(set.weight(ofRow: row))
            loss += w * (max(z, 0) + log(1 + exp(-abs(z))) - y * z)
            weight += w
        }
        XCTAssertEqual(result.history.count, 1)
        XCTAssertEqual(result.history[0].objective, (loss + p.penalty(lambda)) / weight, accuracy: 1e-10)
        XCTAssertEqual(result.history[0].trainingLoss, loss / weight, accuracy: 1e-10)
    }
}
