import Foundation
import MasteryData

/// Random streams of the bench, apart from the generator's and the older policy simulation's.
enum BenchStream {
    static let skills: UInt64 = 1 << 50
    static func cohortLearner(_ index: Int) -> UInt64 { 1 << 51 + UInt64(index) }
    static func testLearner(_ index: Int) -> UInt64 { 1 << 52 + UInt64(index) }
    static func randomOrder(_ index: Int) -> UInt64 { 1 << 53 + UInt64(index) }
}

/// Per-skill truth shared by every learner of one seed.
struct SkillTruthTable: Sendable {
    /// Logit offset of the starting level: spread around the model's initial logit, lower with depth.
    let startLogit: [Double]
    let gain: [Double]
    let learn: [Double]
    let slip: [Double]
    let guess: [Double]
    let forget: [Double]

    init(graph: BenchGraph, parameters: BenchLearnerParameters, seed: UInt64) {
        var random = SeededRandom(seed: seed, stream: BenchStream.skills)
        func uniform(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + (range.upperBound - range.lowerBound) * random.nextUniform()
        }
        var startLogit: [Double] = [], gain: [Double] = [], learn: [Double] = []
        var slip: [Double] = [], guess: [Double] = [], forget: [Double] = []
        for skill in 0..<graph.skillCount {
            startLogit.append(parameters.initialLogit - parameters.depthPenalty * Double(graph.depth[skill])
                              - random.nextNormal(mean: 0, standardDeviation: parameters.difficultySpread))
            gain.append(uniform(parameters.gain))
            learn.append(uniform(parameters.learn))
            slip.append(uniform(parameters.slip))
            guess.append(uniform(parameters.guess))
            forget.append(uniform(parameters.forget))
        }
        (self.startLogit, self.gain, self.learn, self.slip, self.guess, self.forget) = (startLogit, gain, learn, slip, guess, forget)
    }
}

/// One simulated learner: a true level per skill (mastery, or for BKT 1 when known and 0 when
/// not), the skill of the last answer, a learning rate, and the learner's own random numbers.
struct BenchLearner: Sendable {
    var levels: [Double]
    var lastSkill: Int?
    let learningRate: Double
    var random: SeededRandom
}

/// The true dynamics of one learner model on one curriculum and seed.
struct LearnerDynamics: Sendable {
    let model: BenchLearnerModel
    let parameters: BenchLearnerParameters
    let graph: BenchGraph
    let truth: SkillTruthTable

    init(model: BenchLearnerModel, parameters: BenchLearnerParameters, graph: BenchGraph, seed: UInt64) {
        self.model = model
        self.parameters = parameters
        self.graph = graph
        truth = SkillTruthTable(graph: graph, parameters: parameters, seed: seed)
    }

    /// A learner drawn from `random` (ability, learning rate, then for BKT the known skills).
    func makeLearner(random: SeededRandom) -> BenchLearner {
        var random = random
        let ability = random.nextNormal(mean: 0, standardDeviation: parameters.abilitySpread)
        let rate = exp(random.nextNormal(mean: 0, standardDeviation: parameters.learningRateSpread))
        let levels = truth.startLogit.map { logit in
            let start = 1 / (1 + exp(-(ability + logit)))
            return model.kind == .bkt ? (random.nextBernoulli(start) ? 1.0 : 0.0) : start
        }
        return BenchLearner(levels: levels, lastSkill: nil, learningRate: rate, random: random)
    }

    /// The true probability of a correct answer on `skill`.
    func correctProbability(_ levels: [Double], skill: Int) -> Double {
        model.kind == .bkt ? LearningRule.bktCorrect(known: levels[skill], slip: truth.slip[skill], guess: truth.guess[skill])
            : levels[skill]
    }

    /// Mean true probability of a correct answer over `goals`.
    func goalMastery(_ levels: [Double], goals: [Int]) -> Double {
        goals.reduce(0) { $0 + correctProbability(levels, skill: $1) } / Double(goals.count)
    }

    /// Whether `skill` is truly mastered: level at the threshold, or known for BKT.
    func isMastered(_ levels: [Double], skill: Int) -> Bool {
        model.kind == .bkt ? levels[skill] >= 0.5 : levels[skill] >= parameters.masteryThreshold
    }

    /// The learner answers one question of `skill` (drawn from the level before learning), then
    /// learns from it. Returns whether the answer was right.
    func answer(_ learner: inout BenchLearner, skill: Int) -> Bool {
        let correct = learner.random.nextBernoulli(correctProbability(learner.levels, skill: skill))
        if teaches(skill, after: learner.lastSkill) {
            switch model.kind {
            case .gated, .damped:
                learnContinuous(&learner.levels, skill: skill, rate: learner.learningRate)
            case .bkt:
                let known = learner.levels[skill] == 1
                if known {
                    if learner.random.nextBernoulli(truth.forget[skill]) { learner.levels[skill] = 0 }
                } else if learner.random.nextBernoulli(bktLearnNow(learner.levels, skill: skill, rate: learner.learningRate)) {
                    learner.levels[skill] = 1
                }
            }
        }
        learner.lastSkill = skill
        return correct
    }

    /// The expected levels after one answer on `skill`: exact for gated and damped learners,
    /// whose learning does not depend on the answer; for BKT each level becomes the probability
    /// of knowing, with prerequisites taken as independent.
    func expectedAnswer(_ levels: inout [Double], lastSkill: inout Int?, skill: Int, rate: Double) {
        if teaches(skill, after: lastSkill) {
            switch model.kind {
            case .gated, .damped:
                learnContinuous(&levels, skill: skill, rate: rate)
            case .bkt:
                levels[skill] = LearningRule.bktExpected(known: levels[skill], learnNow: bktLearnNow(levels, skill: skill, rate: rate),
                                                         forget: truth.forget[skill])
            }
        }
        lastSkill = skill
    }

    /// False when this model wastes jumps and `skill` is not next to the previous answer's skill.
    func teaches(_ skill: Int, after lastSkill: Int?) -> Bool {
        guard model.wastesJumps, let lastSkill else { return true }
        return graph.isAdjacent(skill, to: lastSkill)
    }

    private func learnContinuous(_ levels: inout [Double], skill: Int, rate: Double) {
        let gain = truth.gain[skill] * rate
        if model.kind == .gated {
            let ready = graph.prerequisites[skill].allSatisfy { levels[$0] >= parameters.masteryThreshold }
            levels[skill] = LearningRule.gated(levels[skill], gain: gain, prerequisitesMastered: ready,
                                               gatedFraction: parameters.gatedFraction)
        } else {
            LearningRule.damped(&levels, skill: skill, gain: gain, prerequisites: graph.prerequisites[skill],
                                dependents: graph.dependents[skill], damping: parameters.damping,
                                spillOver: parameters.spillOver)
        }
    }

    private func bktLearnNow(_ levels: [Double], skill: Int, rate: Double) -> Double {
        let allKnown = graph.prerequisites[skill].reduce(1.0) { $0 * levels[$1] }
        return LearningRule.bktLearn(truth.learn[skill] * rate, prerequisitesKnown: allKnown,
                                     unreadyFactor: parameters.unreadyLearnFactor)
    }
}
