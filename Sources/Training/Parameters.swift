import MasteryData
import MasteryModel

/// The parameters while they are being fitted: plain arrays the sweeps write in place.
struct Parameters {
    let rank: Int
    var globalBias: Double
    var studentBias: [Double]
    /// Student-major: `p_u` at `u·rank ..< (u+1)·rank`.
    var studentFactors: [Double]
    var skillBias: [Double]
    var skillFactors: [Double]
    var gainCorrect: [Double]
    var gainWrong: [Double]
    /// The further practice features' weights, skill-major (`featureCount` per skill).
    var practiceWeights: [Double]
    let featureCount: Int
    var itemBias: [Double]

    /// Biases at zero, μ at the link of the mean outcome, factors small and random (seeded).
    init(set: TrainingSet, rank: Int, seed: UInt64, initialScale: Double) {
        self.rank = rank
        var weighted = 0.0
        var total = 0.0
        for row in 0..<set.rowCount {
            let weight = Double(set.weight(ofRow: row))
            weighted += weight * Double(set.rowTarget[row])
            total += weight
        }
        let mean = total > 0 ? min(max(weighted / total, 1e-6), 1 - 1e-6) : 0.5
        globalBias = set.isBinary ? log(mean / (1 - mean)) : mean
        // The student side is read at random by the skill pass: on 2 MB pages (``HugePages``).
        studentBias = HugePages.array(count: set.studentCount) { _ in 0 }
        skillBias = [Double](repeating: 0, count: set.skillCount)
        gainCorrect = [Double](repeating: 0, count: set.skillCount)
        gainWrong = [Double](repeating: 0, count: set.skillCount)
        featureCount = set.practiceFeatures.count
        practiceWeights = [Double](repeating: 0, count: set.skillCount * featureCount)
        itemBias = [Double](repeating: 0, count: set.itemCount)
        var random = SeededRandom(seed: seed)
        studentFactors = HugePages.array(count: set.studentCount * rank) { _ in random.nextNormal() * initialScale }
        skillFactors = (0..<(set.skillCount * rank)).map { _ in random.nextNormal() * initialScale }
    }

    /// Overwrites every value with `other`'s (the same shape), in this value's own storage.
    mutating func copyValues(from other: Parameters) {
        func copy(_ target: inout [Double], _ source: [Double]) {
            precondition(target.count == source.count, "parameters of another shape")
            target.withUnsafeMutableBufferPointer { target in
                source.withUnsafeBufferPointer { source in
                    guard let from = source.baseAddress, let to = target.baseAddress else { return }
                    to.update(from: from, count: source.count)
                }
            }
        }
        globalBias = other.globalBias
        copy(&studentBias, other.studentBias)
        copy(&studentFactors, other.studentFactors)
        copy(&skillBias, other.skillBias)
        copy(&skillFactors, other.skillFactors)
        copy(&gainCorrect, other.gainCorrect)
        copy(&gainWrong, other.gainWrong)
        copy(&practiceWeights, other.practiceWeights)
        copy(&itemBias, other.itemBias)
    }

    /// `½ Σ λ θ²` over every penalized group.
    func penalty(_ lambda: Regularization) -> Double {
        func squares(_ values: [Double]) -> Double { values.reduce(0) { $0 + $1 * $1 } }
        return 0.5 * (lambda.studentBias * squares(studentBias) + lambda.studentFactors * squares(studentFactors)
            + lambda.skillBias * squares(skillBias) + lambda.skillFactors * squares(skillFactors)
            + lambda.practice * (squares(gainCorrect) + squares(gainWrong) + squares(practiceWeights))
            + lambda.itemBias * squares(itemBias))
    }

    /// The first parameter group holding a NaN or infinity, if any.
    func firstNonFiniteGroup() -> String? {
        if !globalBias.isFinite { return "global bias μ" }
        let groups: [(String, [Double])] = [
            ("student biases", studentBias), ("student factors", studentFactors), ("skill biases", skillBias),
            ("skill factors", skillFactors), ("practice gains (correct)", gainCorrect),
            ("practice gains (wrong)", gainWrong), ("practice feature weights", practiceWeights), ("item biases", itemBias),
        ]
        return groups.first { !$0.1.allSatisfy(\.isFinite) }?.0
    }

    /// The logit of one row of `set`.
    @inline(__always)
    func logit(row: Int, in set: TrainingSet) -> Double {
        let student = Int(set.rowStudent[row])
        let skill = Int(set.rowSkill[row])
        let practice = row * set.practiceStride
        var value = globalBias + studentBias[student] + skillBias[skill]
            + gainCorrect[skill] * Double(set.rowPractice[practice]) + gainWrong[skill] * Double(set.rowPractice[practice + 1])
        for feature in 0..<featureCount {
            value += practiceWeights[skill * featureCount + feature] * Double(set.rowPractice[practice + 2 + feature])
        }
        if set.itemCount > 0 { value += itemBias[Int(set.rowItem[row])] }
        for j in 0..<rank { value += studentFactors[student * rank + j] * skillFactors[skill * rank + j] }
        return value
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
