import Foundation
import LotrinhTestSupport
import MasteryData
import MasteryModel
@testable import Training
import XCTest

/// The next-answer terms' fit (``NextAnswerFit``): each answer seen from the state before it, the
/// weights at the penalized optimum, a known effect found, and the terms added by default only
/// where they can be fitted.
final class NextAnswerFitTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUp() { directory = TemporaryDirectory("next-answer-fit") }
    override func tearDown() { directory = nil }

    private func load(_ lines: [String]) throws -> ResponseData {
        try ResponseLoader.load(path: directory.write("responses.csv", lines.joined(separator: "\n") + "\n")).0
    }

    func testEachAnswerIsRecordedFromTheAnswersBeforeIt() throws {
        let data = try load(["student_id,skill_id,correct,order", "s,a,1,0", "s,a,0,1", "s,b,1,2", "t,b,0,3"])
        var config = FitConfiguration(rank: 0, threads: 1)
        config.terms.nextAnswerFeatures = [.previousWin, .totalFails]
        let model = try Trainer.fit(data, configuration: config).model
        let t = try XCTUnwrap(data.studentIds.index(of: "t"))
        // Student t's rows left out, as a training subset would.
        let rows = (0..<data.rowCount).filter { Int(data.rowStudent[$0]) != t }
        let sample = NextAnswerFit.onlineSample(model, data: data, trainRows: rows, threads: 1)
        XCTAssertEqual(sample.count, 3)
        // By hand: (previous outcome, log(1 + wrong answers so far)) before each of s's answers.
        XCTAssertEqual(sample.values, [0, 0, 1, 0, 0, Float(log1p(1.0))])
        XCTAssertEqual(sample.outcomes, [1, 0, 1])
        var state = model.initialState()
        let a = try XCTUnwrap(data.skillIds.index(of: "a")), b = try XCTUnwrap(data.skillIds.index(of: "b"))
        var base = model
        base.nextAnswerWeights = ParameterArray([0, 0])
        for (index, (skill, outcome)) in [(a, 1.0), (a, 0.0), (b, 1.0)].enumerated() {
            let answer = StudentAnswer(skill: skill, outcome: outcome)
            XCTAssertEqual(sample.offsets[index], base.logit(of: answer, for: state), accuracy: 1e-12, "answer \(index)")
            try base.update(&state, with: answer)
        }
    }

    func testTheWeightsAreWhereThePenalizedLikelihoodIsFlat() throws {
        var random = SeededRandom(seed: 7)
        let truth = [0.8, -0.5, 0.3]
        var sample = NextAnswerFit.Sample(featureCount: 3)
        for _ in 0..<400 {
            let x = (0..<3).map { _ in Float(random.nextUniform() * 2) }
            let offset = random.nextUniform() * 2 - 1
            let z = offset + zip(truth, x).reduce(0) { $0 + $1.0 * Double($1.1) }
            sample.values += x
            sample.offsets.append(offset)
            sample.outcomes.append(random.nextUniform() < 1 / (1 + exp(-z)) ? 1 : 0)
        }
        let weights = try NextAnswerFit.solve(sample, penalty: 1)
        // The objective written out again, naively, and its gradient by central differences:
        // Σ log(1 + e^z) − y·z + ½·|w|², strictly convex, so a zero gradient is its minimum.
        func objective(_ w: [Double]) -> Double {
            var total = 0.5 * w.reduce(0) { $0 + $1 * $1 }
            for answer in 0..<400 {
                var z = sample.offsets[answer]
                for j in 0..<3 { z += w[j] * Double(sample.values[answer * 3 + j]) }
                total += log(1 + exp(z)) - sample.outcomes[answer] * z
            }
            return total
        }
        for j in 0..<3 {
            var up = weights, down = weights
            up[j] += 1e-5
            down[j] -= 1e-5
            XCTAssertEqual((objective(up) - objective(down)) / 2e-5, 0, accuracy: 1e-4, "∂/∂w\(j)")
        }
        // And near the truth (400 answers: within a few standard errors of about 0.2).
        for j in 0..<3 { XCTAssertEqual(weights[j], truth[j], accuracy: 0.6) }
    }

    /// Outcomes that follow the previous answer: right with probability σ(−0.4 + 1.2·[previous right]),
    /// which a model of students and skills alone cannot say; the terms' two weights must differ by
    /// about 1.2 (previous fail's weight takes the difference between −0.4 and the model's mean logit).
    func testTheFitFindsAnEffectOfThePreviousAnswer() throws {
        var random = SeededRandom(seed: 12)
        var lines = ["student_id,skill_id,correct,order"]
        var order = 0
        for student in 0..<2000 {
            var previous: Bool?
            for answer in 0..<10 {
                let logit = previous.map { -0.4 + ($0 ? 1.2 : 0) } ?? 0.2
                let right = random.nextUniform() < 1 / (1 + exp(-logit))
                lines.append("s\(student),k\(answer % 3),\(right ? 1 : 0),\(order)")
                order += 1
                previous = right
            }
        }
        let data = try load(lines)
        var config = FitConfiguration(rank: 0, threads: 2)
        config.terms.practice = false
        config.regularization.studentBias = 1e4
        config.terms.nextAnswerFeatures = [.previousWin, .previousFail]
        let model = try Trainer.fit(data, configuration: config).model
        let win = model.nextAnswerWeights[0], fail = model.nextAnswerWeights[1]
        // 18,000 answers after a first one; this seed gives a difference within 0.05 of 1.2.
        XCTAssertEqual(win - fail, 1.2, accuracy: 0.15)
    }

    func testTheDefaultTermsAreAddedToZeroOneAnswersOnlyAndNamedTermsAreChecked() throws {
        var config = FitConfiguration()
        config.addsNextAnswerTerms = true
        config.terms.practiceFeatures = [.recentWins]
        let resolved = config.resolvingNextAnswerTerms(binary: true)
        XCTAssertEqual(resolved.terms.nextAnswerFeatures, FitConfiguration.recommendedNextAnswerFeatures.filter { $0 != .recentWins })
        XCTAssertFalse(resolved.addsNextAnswerTerms)
        XCTAssertEqual(config.resolvingNextAnswerTerms(binary: false).terms.nextAnswerFeatures, [], "graded scores get none")
        XCTAssertEqual(FitConfiguration().resolvingNextAnswerTerms(binary: true).terms.nextAnswerFeatures, [],
                       "a configuration built in code fits what it names")

        let graded = try load(["student_id,skill_id,score", "s,a,0.5", "s,b,0.25", "t,a,1"])
        var named = FitConfiguration(rank: 0, threads: 1)
        named.terms.nextAnswerFeatures = [.previousWin]
        XCTAssertThrowsError(try Trainer.fit(graded, configuration: named)) { error in
            XCTAssertTrue("\(error)".contains("need 0/1 outcomes"), "\(error)")
        }
        named.terms.nextAnswerFeatures = [.relatedWins]
        let binary = try load(["student_id,skill_id,correct", "s,a,1", "s,b,0", "t,a,1"])
        XCTAssertThrowsError(try Trainer.fit(binary, configuration: named)) { error in
            XCTAssertTrue("\(error)".contains("cannot be a next-answer feature"), "\(error)")
        }
    }
}
