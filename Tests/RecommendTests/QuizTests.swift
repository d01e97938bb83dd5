import Foundation
@testable import Recommend
import XCTest

/// Class quizzes: the share of questions per skill, the choice toward the target success rate,
/// and near-duplicates left out, each against a hand computation.
final class QuizTests: XCTestCase {
    func testQuestionsAreSharedByDemandOneEachFirst() {
        // 10 questions, demand 6, 3, 1: one each, then the largest shortfall of 10·d/10 − share:
        // 6 − 1 = 5 goes first and keeps going until it ties, ending at 6, 3, 1.
        XCTAssertEqual(Recommender.quizShares(10, demand: [6, 3, 1], available: [9, 9, 9]), [6, 3, 1])
        // Two questions for three skills: the two most demanded.
        XCTAssertEqual(Recommender.quizShares(2, demand: [6, 3, 1], available: [9, 9, 9]), [1, 1, 0])
        // A skill with two items passes the rest of its share on.
        XCTAssertEqual(Recommender.quizShares(10, demand: [6, 3, 1], available: [2, 9, 9]), [2, 7, 1])
        // Not enough items at all: every item, no more.
        XCTAssertEqual(Recommender.quizShares(10, demand: [6, 3], available: [2, 1]), [2, 1])
    }

    func testItemsNearestTheTargetComeFirstAndNearDuplicatesAreLeftOut() throws {
        // Skills S0 (b_s = −1) and S1 (b_s = 0): for new students every path starts at S0 (the
        // gain term prefers the lower mastery), so with one step ahead only S0 is in demand.
        // Class success of an item on S0 with bias b: σ(−1 + b): b = 1.5 → 0.622, 0.01 → 0.271,
        // 0 → 0.269, −1 → 0.119. Toward 0.7: 1.5, then 0.01, then 0 — a near-duplicate of 0.01
        // (same skill, biases 0.01 apart) — is skipped for −1. Listed easier first.
        let items = ["hard": -1.0, "mid": 0.0, "mid-twin": 0.01, "easy": 1.5, "other": 0.0]
        let recommender = try RaschFixture.recommender(skillBias: [-1, 0], items: items)
        let bank = ["hard", "mid", "mid-twin", "easy"].map { DiagnosticItem(id: $0, skillIds: ["S0"]) }
            + [DiagnosticItem(id: "other", skillIds: ["S1"])]
        let students = [recommender.newStudent(), recommender.newStudent(), recommender.newStudent()]
        let quiz = try recommender.assembleQuiz(for: students, bank: bank,
                                                request: QuizRequest(questions: 3, targetSuccess: 0.7, stepsAhead: 1))
        XCTAssertEqual(quiz.items.map(\.itemId), ["easy", "mid-twin", "hard"])
        XCTAssertEqual(quiz.items[0].expectedSuccess, 1 / (1 + exp(1 - 1.5)), accuracy: 1e-9)
        XCTAssertEqual(quiz.coverage, [Quiz.Coverage(skillId: "S0", students: 3, items: 3)])
        // Two steps ahead both skills are in demand (3 students each): the tie goes to S0, and S1
        // gets its one item.
        let wider = try recommender.assembleQuiz(for: students, bank: bank,
                                                 request: QuizRequest(questions: 3, targetSuccess: 0.7, stepsAhead: 2))
        XCTAssertEqual(Set(wider.items.map(\.itemId)), ["easy", "mid-twin", "other"])
        XCTAssertThrowsError(try recommender.assembleQuiz(for: [], bank: bank))
        XCTAssertThrowsError(try recommender.assembleQuiz(for: students, bank: bank, request: QuizRequest(targetSuccess: 1)))
    }
}
