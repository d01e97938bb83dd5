import Foundation
import LotrinhTestSupport
import MasteryData
@testable import Training
import XCTest

final class BKTTests: XCTestCase {
    private let directory = TemporaryDirectory("bkt")

    /// Answers simulated from BKT itself: per student and skill, a hidden state drawn from the
    /// prior, each answer right with 1 − slip when known and guess when not, then a learn/forget step.
    private func simulate(_ truths: [BKTParameters], students: Int, answersPerSkill: Int, seed: UInt64) throws -> ResponseData {
        var generator = SeededRandom(seed: seed)
        func draw(_ probability: Double) -> Bool { Double(generator.next() >> 11) / Double(1 << 53) < probability }
        var lines = ["student_id,skill_id,correct,order"]
        for student in 0..<students {
            var order = 0
            for (skill, truth) in truths.enumerated() {
                var known = draw(truth.prior)
                for _ in 0..<answersPerSkill {
                    let right = known ? !draw(truth.slip) : draw(truth.guess)
                    lines.append("s\(student),k\(skill),\(right ? 1 : 0),\(order)")
                    order += 1
                    known = known ? !draw(truth.forget) : draw(truth.learn)
                }
            }
        }
        let path = directory.write("simulated-\(seed).csv", lines.joined(separator: "\n") + "\n")
        return try ResponseLoader.load(path: path).0
    }

    private func assertClose(_ fitted: BKTParameters, _ truth: BKTParameters, within tolerance: Double,
                             file: StaticString = #filePath, line: UInt = #line) {
        for (name, path) in [("prior", \BKTParameters.prior), ("learn", \.learn), ("forget", \.forget), ("slip", \.slip), ("guess", \.guess)] {
            XCTAssertEqual(fitted[keyPath: path], truth[keyPath: path], accuracy: tolerance, "\(name): fitted \(fitted), true \(truth)",
                           file: file, line: line)
        }
    }

    func testEMRecoversTheParametersDataWereSimulatedFrom() throws {
        let truths = [BKTParameters(prior: 0.3, learn: 0.15, slip: 0.08, guess: 0.25),
                      BKTParameters(prior: 0.6, learn: 0.3, slip: 0.15, guess: 0.1)]
        let data = try simulate(truths, students: 2000, answersPerSkill: 8, seed: 3)
        let model = BKTModel.fit(data, options: BKTOptions(threads: 2))
        for (skill, truth) in truths.enumerated() {
            // Skill ids k0, k1 are interned in order of first appearance.
            XCTAssertEqual(data.skillIds[skill], "k\(skill)")
            assertClose(model.skills[skill], truth, within: 0.04)
        }
    }

    func testEMWithForgettingRecoversAForgetProbability() throws {
        let truth = BKTParameters(prior: 0.4, learn: 0.2, forget: 0.08, slip: 0.1, guess: 0.2)
        let data = try simulate([truth], students: 2000, answersPerSkill: 12, seed: 4)
        let model = BKTModel.fit(data, options: BKTOptions(forgetting: true, threads: 2))
        assertClose(model.skills[0], truth, within: 0.04)
        let standard = BKTModel.fit(data, options: BKTOptions(forgetting: false, threads: 2))
        XCTAssertEqual(standard.skills[0].forget, 0, "standard BKT never forgets")
        XCTAssertGreaterThan(model.logLikelihoods[0].last!, standard.logLikelihoods[0].last!,
                             "the forgetting variant explains data that forget better")
    }

    func testLogLikelihoodNeverFallsAcrossEMIterations() throws {
        // Data BKT fits badly: a first skill whose states barely differ, and a second whose guess
        // (0.6) lies above the bound, so that EM ends on the bound (guess = 0.5, seen in a run)
        // and the clamped M-steps are exercised too.
        let truths = [BKTParameters(prior: 0.5, learn: 0.05, slip: 0.45, guess: 0.45),
                      BKTParameters(prior: 0.2, learn: 0.4, forget: 0.2, slip: 0.02, guess: 0.6)]
        let data = try simulate(truths, students: 300, answersPerSkill: 10, seed: 5)
        for forgetting in [false, true] {
            let model = BKTModel.fit(data, options: BKTOptions(forgetting: forgetting, maxIterations: 60, tolerance: 0, threads: 2))
            for (skill, values) in model.logLikelihoods.enumerated() {
                XCTAssertGreaterThan(values.count, 10)
                for step in 1..<values.count {
                    // Rounding of a sum over a few thousand terms, not a real fall.
                    XCTAssertGreaterThanOrEqual(values[step], values[step - 1] - 1e-9 * abs(values[step - 1]),
                                                "skill \(skill), forgetting \(forgetting), iteration \(step)")
                }
            }
            XCTAssertEqual(model.skills[1].guess, BKTOptions.maximumSlipOrGuess, "the bound is active")
            for parameters in model.skills {
                XCTAssertLessThanOrEqual(parameters.slip, BKTOptions.maximumSlipOrGuess)
                XCTAssertLessThanOrEqual(parameters.guess, BKTOptions.maximumSlipOrGuess)
            }
        }
    }

    func testOnlinePredictionMatchesTheClosedFormForTwoAnswers() {
        let parameters = BKTParameters(prior: 0.4, learn: 0.2, forget: 0.1, slip: 0.1, guess: 0.25)
        let model = BKTModel(options: BKTOptions(forgetting: true), skills: [parameters], logLikelihoods: [[]])
        for (first, expectedSecond) in [(1.0, 0.70117647058823529), (0.0, 0.41714285714285714)] {
            var tracker = BKTTracker(model: model)
            // p₁ = L₀(1 − S) + (1 − L₀)G = 0.4·0.9 + 0.6·0.25 = 0.51.
            XCTAssertEqual(tracker.predict([0]), 0.51, accuracy: 1e-15)
            tracker.observe([0], outcome: first)
            // Right first answer: L₁ = L₀(1 − S) / p₁ = 0.36 / 0.51; L₂ = L₁(1 − F) + (1 − L₁)T
            // = 0.70588·0.9 + 0.29412·0.2 = 0.69412; p₂ = 0.9·L₂ + 0.25·(1 − L₂) = 0.70118.
            // Wrong first answer: L₁ = L₀S / (1 − p₁) = 0.04 / 0.49; L₂ = 0.08163·0.9 + 0.91837·0.2
            // = 0.25714; p₂ = 0.9·0.25714 + 0.25·0.74286 = 0.41714.
            XCTAssertEqual(tracker.predict([0]), expectedSecond, accuracy: 1e-12)
            tracker.reset()
            XCTAssertEqual(tracker.predict([0]), 0.51, accuracy: 1e-15, "a new student starts from the prior")
        }
    }

    /// The scaled forward–backward pass against brute force: every hidden path of a four-answer
    /// chain enumerated, its probability P(path, answers), and the posterior sums taken directly.
    func testForwardBackwardMatchesEnumerationOfHiddenPaths() {
        let p = BKTParameters(prior: 0.35, learn: 0.25, forget: 0.1, slip: 0.12, guess: 0.3)
        let outcomes: [Double] = [0, 1, 1, 0]
        var statistics = BKTStatistics()
        var workspace = ForwardBackwardWorkspace(capacity: outcomes.count)
        outcomes.withUnsafeBufferPointer { workspace.accumulate($0, parameters: p, into: &statistics) }

        var total = 0.0
        var expected = BKTStatistics()
        for path in 0..<(1 << outcomes.count) {
            let known = (0..<outcomes.count).map { path >> $0 & 1 == 1 }
            var probability = known[0] ? p.prior : 1 - p.prior
            for t in outcomes.indices {
                let right = outcomes[t] == 1
                probability *= known[t] ? (right ? 1 - p.slip : p.slip) : (right ? p.guess : 1 - p.guess)
                if t > 0 {
                    probability *= known[t - 1] ? (known[t] ? 1 - p.forget : p.forget) : (known[t] ? p.learn : 1 - p.learn)
                }
            }
            total += probability
            if known[0] { expected.firstKnown += probability }
            for t in outcomes.indices {
                if known[t] {
                    expected.known += probability
                    expected.knownWrong += probability * (1 - outcomes[t])
                } else {
                    expected.unknown += probability
                    expected.unknownRight += probability * outcomes[t]
                }
                guard t + 1 < outcomes.count else { continue }
                if known[t] { expected.fromKnown += probability } else { expected.fromUnknown += probability }
                if !known[t] && known[t + 1] { expected.learned += probability }
                if known[t] && !known[t + 1] { expected.forgot += probability }
            }
        }
        XCTAssertEqual(statistics.logLikelihood, log(total), accuracy: 1e-12)
        XCTAssertEqual(statistics.chains, 1)
        let pairs: [(Double, Double, String)] = [
            (statistics.firstKnown, expected.firstKnown, "first known"), (statistics.known, expected.known, "known"),
            (statistics.knownWrong, expected.knownWrong, "known and wrong"), (statistics.unknown, expected.unknown, "unknown"),
            (statistics.unknownRight, expected.unknownRight, "unknown and right"),
            (statistics.fromKnown, expected.fromKnown, "from known"), (statistics.fromUnknown, expected.fromUnknown, "from unknown"),
            (statistics.learned, expected.learned, "learned"), (statistics.forgot, expected.forgot, "forgot"),
        ]
        for (computed, joint, name) in pairs {
            XCTAssertEqual(computed, joint / total, accuracy: 1e-12, name)
        }
    }

    func testAMultiSkillAnswerIsPredictedByTheMeanOfItsSkillsLogits() {
        let model = BKTModel(options: BKTOptions(), skills: [BKTParameters(prior: 0.5, learn: 0.1, slip: 0.1, guess: 0.2),
                                                             BKTParameters(prior: 0.2, learn: 0.1, slip: 0.1, guess: 0.3)],
                             logLikelihoods: [[], []])
        let tracker = BKTTracker(model: model)
        // p(k0) = 0.5·0.9 + 0.5·0.2 = 0.55, p(k1) = 0.2·0.9 + 0.8·0.3 = 0.42;
        // σ((logit 0.55 + logit 0.42) / 2) = σ((0.20067 − 0.32277) / 2) = 0.48474.
        let expected = 1 / (1 + exp(-(log(0.55 / 0.45) + log(0.42 / 0.58)) / 2))
        XCTAssertEqual(tracker.predict([0, 1]), expected, accuracy: 1e-15)
    }
}
