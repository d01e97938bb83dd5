import MasteryData
import Foundation

/// Independent random streams of one seed. Each part of the truth draws from its own stream,
/// so changing, say, the number of students leaves the skills' parameters unchanged.
enum RandomStream {
    static let curriculum: UInt64 = 1
    static let skills: UInt64 = 2
    static let items: UInt64 = 3
    static let answerCounts: UInt64 = 4

    static func student(_ index: Int) -> UInt64 { 1 << 40 + UInt64(index) }
    static func pilotStudent(_ index: Int) -> UInt64 { 1 << 41 + UInt64(index) }
}

/// The skill and item side of the true model (DESIGN.md, "The model"):
/// P(correct) = σ(μ + b_u + b_s + b_i + p_u·q_s + γ⁺_s log(1 + wins) + γ⁻_s log(1 + fails)).
struct TrueParameters: Sendable {
    let rank: Int
    let itemsPerSkill: Int
    /// μ; set by calibration so the overall correct rate hits the target.
    var globalBias: Double = 0
    /// b_s per skill.
    let skillBias: [Double]
    /// q_s, row-major: skill s occupies `s * rank ..< (s + 1) * rank`.
    let skillFactors: [Double]
    /// γ⁺_s and γ⁻_s per skill.
    let gainAfterCorrect: [Double]
    let gainAfterWrong: [Double]
    /// b_i; the items of skill s are `s * itemsPerSkill ..< (s + 1) * itemsPerSkill`.
    let itemBias: [Double]
    /// For each item, the second skill it is tagged with, or -1.
    let itemSecondSkill: [Int32]

    static func draw(graph: PrerequisiteGraph, config: SyntheticDataset) -> TrueParameters {
        let skillCount = graph.skillCount
        let spread = config.spread
        var random = SeededRandom(seed: config.seed, stream: RandomStream.skills)
        var skillBias: [Double] = []
        var skillFactors: [Double] = []
        var gainAfterCorrect: [Double] = []
        var gainAfterWrong: [Double] = []
        for _ in 0..<skillCount {
            skillBias.append(random.nextNormal(mean: 0, standardDeviation: spread.skillBias))
            for _ in 0..<config.rank {
                skillFactors.append(random.nextNormal())
            }
            let gain = uniform(in: spread.gainAfterCorrect, &random)
            gainAfterCorrect.append(gain)
            gainAfterWrong.append(gain * uniform(in: spread.gainAfterWrongRatio, &random))
        }

        var itemRandom = SeededRandom(seed: config.seed, stream: RandomStream.items)
        var itemBias: [Double] = []
        var itemSecondSkill: [Int32] = []
        itemBias.reserveCapacity(skillCount * config.itemsPerSkill)
        itemSecondSkill.reserveCapacity(skillCount * config.itemsPerSkill)
        for skill in 0..<skillCount {
            for _ in 0..<config.itemsPerSkill {
                itemBias.append(itemRandom.nextNormal(mean: 0, standardDeviation: spread.itemBias))
                let tagged = itemRandom.nextBernoulli(config.multiSkillFraction)
                itemSecondSkill.append(tagged ? secondSkill(for: skill, graph: graph, &itemRandom) : -1)
            }
        }
        return TrueParameters(
            rank: config.rank, itemsPerSkill: config.itemsPerSkill, skillBias: skillBias, skillFactors: skillFactors,
            gainAfterCorrect: gainAfterCorrect, gainAfterWrong: gainAfterWrong,
            itemBias: itemBias, itemSecondSkill: itemSecondSkill)
    }

    /// A multi-skill question usually also exercises a prerequisite (a fraction question needs
    /// the least common multiple); a root skill pairs with any other skill.
    private static func secondSkill(for skill: Int, graph: PrerequisiteGraph, _ random: inout SeededRandom) -> Int32 {
        let prerequisites = graph.prerequisites(of: skill)
        if !prerequisites.isEmpty {
            return Int32(prerequisites[prerequisites.startIndex + random.nextInt(below: prerequisites.count)])
        }
        guard graph.skillCount > 1 else { return -1 }
        let other = random.nextInt(below: graph.skillCount - 1)
        return Int32(other < skill ? other : other + 1)
    }

    private static func uniform(in range: ClosedRange<Double>, _ random: inout SeededRandom) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * random.nextUniform()
    }
}

/// One learner's true parameters: b_u ~ N(0, σ_u) and p_u ~ N(0, σ_p²/k).
struct StudentTraits {
    var bias: Double = 0
    var factors: [Double]

    init(rank: Int) {
        factors = [Double](repeating: 0, count: rank)
    }

    /// Redraws in place (the factor buffer is reused from student to student).
    mutating func redraw(spread: SyntheticDataset.TruthSpread, _ random: inout SeededRandom) {
        bias = random.nextNormal(mean: 0, standardDeviation: spread.studentBias)
        let factorDeviation = factors.isEmpty ? 0 : spread.studentFactors / Double(factors.count).squareRoot()
        for index in factors.indices {
            factors[index] = random.nextNormal(mean: 0, standardDeviation: factorDeviation)
        }
    }
}

/// Answers per student: log-normal around the mean, rounded so they add up to exactly the
/// configured total, at least one each.
func drawAnswerCounts(config: SyntheticDataset) -> [Int32] {
    var random = SeededRandom(seed: config.seed, stream: RandomStream.answerCounts)
    let sigma = config.walk.answerCountSpread
    let weights = (0..<config.students).map { _ in exp(sigma * random.nextNormal()) }
    let total = weights.reduce(0, +)
    let extra = Double(config.totalAnswers - config.students)
    // Rounding the running share keeps the sum exact without sorting remainders.
    var counts: [Int32] = []
    counts.reserveCapacity(config.students)
    var cumulative = 0.0
    var assigned = 0.0
    for weight in weights {
        cumulative += weight
        let upTo = (extra * cumulative / total).rounded()
        counts.append(Int32(1 + upTo - assigned))
        assigned = upTo
    }
    return counts
}
