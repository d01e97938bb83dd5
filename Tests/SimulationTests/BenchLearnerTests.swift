import MasteryData
@testable import Simulation
import XCTest

/// The bench's learner models, each update rule against a hand computation.
final class BenchLearnerTests: XCTestCase {
    private let graph = BenchGraph(.smallTenSkills)

    func testGatedRuleByHand() {
        // Ready: 0.2 + 0.3 · (1 − 0.2) = 0.44. Not ready: the gain is 0.3 · 0.1 = 0.03, 0.2 + 0.03 · 0.8 = 0.224.
        XCTAssertEqual(LearningRule.gated(0.2, gain: 0.3, prerequisitesMastered: true, gatedFraction: 0.1), 0.44, accuracy: 1e-12)
        XCTAssertEqual(LearningRule.gated(0.2, gain: 0.3, prerequisitesMastered: false, gatedFraction: 0.1), 0.224, accuracy: 1e-12)
    }

    func testDampedRuleByHand() {
        // Skill 2 with prerequisites 0 (0.5) and 1 (0.8) and dependent 3 (0.1); damping 0.9, spill-over 0.3, gain 0.4:
        // factor = (1 − 0.9 · 0.5)(1 − 0.9 · 0.2) = 0.55 · 0.82 = 0.451; Δ = 0.4 · 0.451 · (1 − 0.2) = 0.14432;
        // skill 2 → 0.34432; dependent 3 → 0.1 + 0.3 · 0.14432 · 0.9 = 0.1389664; skill 0 and 1 unchanged.
        var mastery = [0.5, 0.8, 0.2, 0.1]
        LearningRule.damped(&mastery, skill: 2, gain: 0.4, prerequisites: [0, 1], dependents: [3], damping: 0.9, spillOver: 0.3)
        XCTAssertEqual(mastery[2], 0.34432, accuracy: 1e-12)
        XCTAssertEqual(mastery[3], 0.1389664, accuracy: 1e-12)
        XCTAssertEqual(mastery[0], 0.5)
        XCTAssertEqual(mastery[1], 0.8)
    }

    func testDampingHasNoStepAtTheThreshold() {
        // Continuous in every prerequisite: just below and just above 0.8 differ by 0.9 · 0.0002.
        let below = LearningRule.dampingFactor(prerequisiteMasteries: [0.7999], damping: 0.9)
        let above = LearningRule.dampingFactor(prerequisiteMasteries: [0.8001], damping: 0.9)
        XCTAssertEqual(above - below, 0.9 * 0.0002, accuracy: 1e-12)
        // Every prerequisite counts: a second weak one shrinks the gain again, 0.55 · 0.55.
        XCTAssertEqual(LearningRule.dampingFactor(prerequisiteMasteries: [0.5, 0.5], damping: 0.9), 0.3025, accuracy: 1e-12)
    }

    func testBKTRulesByHand() {
        XCTAssertEqual(LearningRule.bktCorrect(known: 1, slip: 0.1, guess: 0.2), 0.9, accuracy: 1e-12)
        XCTAssertEqual(LearningRule.bktCorrect(known: 0, slip: 0.1, guess: 0.2), 0.2, accuracy: 1e-12)
        // 0.25 known: 0.25 · 0.9 + 0.75 · 0.2 = 0.375.
        XCTAssertEqual(LearningRule.bktCorrect(known: 0.25, slip: 0.1, guess: 0.2), 0.375, accuracy: 1e-12)
        XCTAssertEqual(LearningRule.bktLearn(0.3, prerequisitesKnown: 1, unreadyFactor: 0.2), 0.3, accuracy: 1e-12)
        XCTAssertEqual(LearningRule.bktLearn(0.3, prerequisitesKnown: 0, unreadyFactor: 0.2), 0.06, accuracy: 1e-12)
        // 0.5 · (1 − 0.02) + 0.5 · 0.3 = 0.64.
        XCTAssertEqual(LearningRule.bktExpected(known: 0.5, learnNow: 0.3, forget: 0.02), 0.64, accuracy: 1e-12)
    }

    /// Answers drawn from the hidden state: right with probability 1 − slip when known, guess
    /// when not (learning and forgetting switched off so the state stays put).
    func testBKTAnswersFollowTheEmissionProbabilities() {
        var parameters = BenchLearnerParameters()
        parameters.learn = 0...0
        parameters.forget = 0...0
        let dynamics = LearnerDynamics(model: BenchLearnerModel(kind: .bkt), parameters: parameters, graph: graph, seed: 5)
        let draws = 20_000
        for known in [0.0, 1.0] {
            var learner = BenchLearner(levels: [Double](repeating: known, count: 10), lastSkill: nil, learningRate: 1,
                                       random: SeededRandom(seed: 9, stream: 1))
            let right = (0..<draws).count { _ in dynamics.answer(&learner, skill: 4) }
            let expected = known == 1 ? 1 - dynamics.truth.slip[4] : dynamics.truth.guess[4]
            // Binomial: within four standard deviations of draws · p.
            let tolerance = 4 * (Double(draws) * expected * (1 - expected)).squareRoot()
            XCTAssertEqual(Double(right), Double(draws) * expected, accuracy: tolerance)
            XCTAssertEqual(learner.levels, [Double](repeating: known, count: 10), "no learning, no forgetting")
        }
    }

    /// The continuity variant: an answer on a skill that is not next to the previous one teaches
    /// nothing; a step to a neighbour teaches exactly what the plain model does.
    func testJumpsAreWastedOnlyInTheContinuityVariant() {
        let levels = [0.9, 0.3, 0.2, 0.3, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]
        let wasteful = LearnerDynamics(model: BenchLearnerModel(kind: .gated, wastesJumps: true), parameters: .init(), graph: graph, seed: 2)
        let plain = LearnerDynamics(model: BenchLearnerModel(kind: .gated), parameters: .init(), graph: graph, seed: 2)
        func learner(last: Int?) -> BenchLearner {
            BenchLearner(levels: levels, lastSkill: last, learningRate: 1.2, random: SeededRandom(seed: 1))
        }
        // S01 (index 0) → S10 (index 9): not adjacent, so nothing is learned; the answer still moves the thread.
        var jumper = learner(last: 0)
        _ = wasteful.answer(&jumper, skill: 9)
        XCTAssertEqual(jumper.levels, levels)
        XCTAssertEqual(jumper.lastSkill, 9)
        var plainJumper = learner(last: 0)
        _ = plain.answer(&plainJumper, skill: 9)
        XCTAssertNotEqual(plainJumper.levels[9], levels[9])
        // S01 → S03 (index 2, a dependent; its only prerequisite S01 is at 0.9, so ready):
        // 0.2 + gain · 1.2 · 0.8, as the plain gated rule says.
        var neighbour = learner(last: 0)
        _ = wasteful.answer(&neighbour, skill: 2)
        XCTAssertEqual(neighbour.levels[2], 0.2 + min(1, wasteful.truth.gain[2] * 1.2) * 0.8, accuracy: 1e-12)
        // The first answer of a learner has no previous skill and always teaches.
        var first = learner(last: nil)
        _ = wasteful.answer(&first, skill: 9)
        XCTAssertNotEqual(first.levels[9], levels[9])
    }

    func testSmallCurriculumHasTenSkillsAndTwelveEdges() {
        XCTAssertEqual(Curriculum.smallTenSkills.skills.count, 10)
        XCTAssertEqual(Curriculum.smallTenSkills.prerequisites.count, 12)
        XCTAssertEqual(graph.depth, [0, 0, 1, 1, 2, 2, 3, 3, 4, 5])
        XCTAssertTrue(graph.isAdjacent(2, to: 0))
        XCTAssertTrue(graph.isAdjacent(0, to: 2))
        XCTAssertFalse(graph.isAdjacent(9, to: 0))
        XCTAssertEqual(graph.closure(of: [4]), [0, 1, 2, 4])
    }

    func testLearnerModelNames() {
        XCTAssertEqual(BenchLearnerModel.all.map(\.description),
                       ["gated", "gated+continuity", "damped", "damped+continuity", "bkt", "bkt+continuity"])
        XCTAssertEqual(BenchLearnerModel(name: "damped+continuity"), BenchLearnerModel(kind: .damped, wastesJumps: true))
        XCTAssertNil(BenchLearnerModel(name: "damped+other"))
        XCTAssertNil(BenchLearnerModel(name: "rasch"))
    }
}
