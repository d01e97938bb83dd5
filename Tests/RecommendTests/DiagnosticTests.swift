import Foundation
import MasteryData
import MasteryModel
import Recommend
import XCTest

/// The adaptive diagnostic: its selection rule against a hand computation, content balance,
/// exposure control (measured) and its stopping rules.
final class DiagnosticTests: XCTestCase {
    private func entropy(_ p: Double) -> Double { p <= 0 || p >= 1 ? 0 : -(p * log2(p) + (1 - p) * log2(1 - p)) }
    private func normal(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    func testTheChosenItemMaximizesTheExpectedInformationComputedByHand() throws {
        // One skill, b_s = 0.5, threshold 0.5 (cut at logit 0): P(mastered) = Φ(0.5 / 1). An item
        // with bias b has p = σ(0.5 + b); after answer y one Newton step from b_u = 0 gives
        // b_u' = (y − p) / (1 + p(1 − p)) and precision 1 + p(1 − p), so P' = Φ((0.5 + b_u')·√(1 + p(1 − p))).
        // The information is H(P) − [p·H(P'(1)) + (1 − p)·H(P'(0))].
        func handInformation(itemBias: Double) -> Double {
            let p = 1 / (1 + exp(-(0.5 + itemBias)))
            let curvature = 1 + p * (1 - p)
            let after = { (y: Double) in self.normal((0.5 + (y - p) / curvature) * curvature.squareRoot()) }
            return entropy(normal(0.5)) - (p * entropy(after(1)) + (1 - p) * entropy(after(0)))
        }
        let recommender = try RaschFixture.recommender(skillBias: [0.5], items: ["easy": 2, "hard": -2.5, "fair": -0.5])
        let request = DiagnosticRequest(threshold: 0.5, confidence: 0.95, questions: 1, exposureCandidates: 1)
        for (item, bias) in [("easy", 2.0), ("hard", -2.5), ("fair", -0.5)] {
            let plan = try recommender.diagnose(recommender.newStudent(), bank: [DiagnosticItem(id: item, skillIds: ["S0"])], request: request)
            let question = try XCTUnwrap(plan.questions.first)
            XCTAssertEqual(question.expectedInformation, handInformation(itemBias: bias), accuracy: 1e-9, item)
            XCTAssertEqual(question.expectedSuccess, 1 / (1 + exp(-(0.5 + bias))), accuracy: 1e-12)
        }
        // The fair item (p = σ(0) = 0.5) informs most: it is the one chosen from the three.
        let bank = ["easy", "hard", "fair"].map { DiagnosticItem(id: $0, skillIds: ["S0"]) }
        let plan = try recommender.diagnose(recommender.newStudent(), bank: bank, request: request)
        XCTAssertEqual(plan.questions.map(\.itemId), ["fair"])
        XCTAssertGreaterThan(handInformation(itemBias: -0.5), max(handInformation(itemBias: 2), handInformation(itemBias: -2.5)))
        XCTAssertEqual(plan.status, .asking)
        XCTAssertEqual(plan.skills.first?.probabilityMastered ?? 0, normal(0.5), accuracy: 1e-9)
    }

    func testASkillAlreadyAskedCountsHalf() throws {
        // Two identical skills: the first question goes to S0 (ties go to the smaller id), the
        // second to S1 although a1 is as informative, because S0 was just asked.
        let recommender = try RaschFixture.recommender(skillBias: [0, 0], items: ["a1": 0, "a2": 0, "b1": 0, "b2": 0])
        let bank = [("a1", "S0"), ("a2", "S0"), ("b1", "S1"), ("b2", "S1")].map { DiagnosticItem(id: $0.0, skillIds: [$0.1]) }
        let plan = try recommender.diagnose(recommender.newStudent(), bank: bank,
                                            request: DiagnosticRequest(threshold: 0.5, questions: 2, exposureCandidates: 1))
        XCTAssertEqual(plan.questions.map(\.itemId), ["a1", "b1"])
        // Told a1 was asked, the first question is on S1.
        let later = try recommender.diagnose(recommender.newStudent(), bank: bank,
                                             request: DiagnosticRequest(threshold: 0.5, questions: 1, askedItems: ["a1"], exposureCandidates: 1))
        XCTAssertEqual(later.questions.map(\.itemId), ["b1"])
    }

    func testExposureControlSpreadsTheFirstQuestion() throws {
        // Twelve equally good items: always the same one without exposure control; with the five
        // best drawn at random, over 400 students no item is shown to more than a third of them
        // (one in five expected).
        let ids = (0..<12).map { String(format: "q%02d", $0) }
        let recommender = try RaschFixture.recommender(skillBias: [0], items: Dictionary(uniqueKeysWithValues: ids.map { ($0, 0.0) }))
        let bank = ids.map { DiagnosticItem(id: $0, skillIds: ["S0"]) }
        func firstQuestions(exposure: Int) throws -> [String: Int] {
            var counts: [String: Int] = [:]
            for seed in 0..<400 {
                let plan = try recommender.diagnose(recommender.newStudent(), bank: bank,
                                                    request: DiagnosticRequest(threshold: 0.5, questions: 1, exposureCandidates: exposure,
                                                                               seed: UInt64(seed)))
                counts[plan.questions[0].itemId, default: 0] += 1
            }
            return counts
        }
        XCTAssertEqual(try firstQuestions(exposure: 1), ["q00": 400])
        let spread = try firstQuestions(exposure: 5)
        XCTAssertEqual(spread.count, 5)
        XCTAssertLessThan(Double(spread.values.max()!) / 400, 1.0 / 3)
    }

    func testItStopsWhenSettledOrWhenTheBudgetIsSpent() throws {
        let recommender = try RaschFixture.recommender(skillBias: [0.5], items: ["a": 0, "b": 0, "c": 0])
        let bank = ["a", "b", "c"].map { DiagnosticItem(id: $0, skillIds: ["S0"]) }
        // Forty right answers put the skill far above 0.5 with a narrow interval: settled.
        let strong = try recommender.state(after: (0..<40).map { _ in AnswerRecord(skillId: "S0", outcome: 1) })
        let settled = try recommender.diagnose(strong, bank: bank, request: DiagnosticRequest(threshold: 0.5))
        XCTAssertEqual(settled.status, .settled)
        XCTAssertEqual(settled.questions, [])
        XCTAssertEqual(settled.skills.map(\.isSettled), [true])
        let spent = try recommender.diagnose(recommender.newStudent(), bank: bank,
                                             request: DiagnosticRequest(threshold: 0.5, maximumQuestions: 2, askedItems: ["a", "b"]))
        XCTAssertEqual(spent.status, .budgetSpent)
        let empty = try recommender.diagnose(recommender.newStudent(), bank: [bank[0]],
                                             request: DiagnosticRequest(threshold: 0.5, askedItems: ["a"]))
        XCTAssertEqual(empty.status, .noItemsLeft)
        XCTAssertThrowsError(try recommender.diagnose(recommender.newStudent(), bank: [DiagnosticItem(id: "x", skillIds: ["nope"])]))
        XCTAssertThrowsError(try recommender.diagnose(recommender.newStudent(), bank: bank, request: DiagnosticRequest(confidence: 0.4)))
    }
}
