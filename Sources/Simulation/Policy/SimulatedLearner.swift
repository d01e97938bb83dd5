import Foundation
import MasteryData

/// The per-skill truth of a policy simulation, shared by every learner of one seed.
struct SkillTruth: Sendable {
    let difficulty: [Double]
    let gain: [Double]

    init(skillCount: Int, model: LearnerModel, seed: UInt64) {
        var random = SeededRandom(seed: seed, stream: PolicyStream.skills)
        var difficulty: [Double] = []
        var gain: [Double] = []
        for _ in 0..<skillCount {
            difficulty.append(random.nextNormal(mean: 0, standardDeviation: model.difficultySpread))
            gain.append(model.gain.lowerBound + (model.gain.upperBound - model.gain.lowerBound) * random.nextUniform())
        }
        self.difficulty = difficulty
        self.gain = gain
    }
}

/// Streams of the policy simulation, apart from the generator's (`RandomStream`) so that the
/// two never share numbers for the same seed.
enum PolicyStream {
    static let skills: UInt64 = 1 << 43
    static func student(_ index: Int) -> UInt64 { 1 << 44 + UInt64(index) }
    static func randomOrder(_ index: Int) -> UInt64 { 1 << 45 + UInt64(index) }
}

/// One simulated learner: true mastery per skill, which only the simulator reads, and the
/// learner's own stream of random numbers for answers.
struct SimulatedLearner {
    private(set) var mastery: [Double]
    private let learningRate: Double
    private var random: SeededRandom

    /// The learner `index` of a population: its traits and its answers come from its own stream,
    /// so every policy meets the same learner with the same luck.
    init(index: Int, truth: SkillTruth, model: LearnerModel, seed: UInt64) {
        var random = SeededRandom(seed: seed, stream: PolicyStream.student(index))
        let ability = random.nextNormal(mean: 0, standardDeviation: model.abilitySpread)
        learningRate = exp(random.nextNormal(mean: 0, standardDeviation: model.learningRateSpread))
        mastery = truth.difficulty.map { 1 / (1 + exp(-(ability - $0 + model.initialLogit))) }
        self.random = random
    }

    /// Answers one question of `skill` with its current mastery, then learns from it.
    mutating func practise(_ skill: Int, truth: SkillTruth, graph: PrerequisiteGraph?, model: LearnerModel) -> Bool {
        let correct = random.nextBernoulli(mastery[skill])
        let ready = graph?.prerequisites(of: skill).allSatisfy { mastery[$0] >= model.masteryThreshold } ?? true
        mastery[skill] = LearnerModel.masteryAfterPractice(
            mastery[skill], gain: truth.gain[skill] * learningRate, prerequisitesMastered: ready,
            gatedFraction: model.gatedFraction)
        return correct
    }

    /// How many of `goals` are truly mastered.
    func masteredCount(of goals: [Int], threshold: Double) -> Int {
        goals.count { mastery[$0] >= threshold }
    }
}
