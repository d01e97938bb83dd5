import Foundation
import LearningPaths
import LotrinhTestSupport
import MasteryData
import MasteryModel
import Recommend
import XCTest

/// Runs of right answers: counted the same by batch fold-in and by answer-by-answer updates, and
/// a skill answered right three times in a row leaves the path while its estimate still lags.
final class MasteryRunTests: XCTestCase {
    private let modelPath = RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path

    func testRunsCountTheLatestRightAnswersOnEachSkill() throws {
        let recommender = try Recommender(modelPath: modelPath)
        let index = Dictionary(uniqueKeysWithValues: recommender.model.metadata.skillIds.enumerated().map { ($1, $0) })
        // T6.01: right, wrong, right, right → 2. T6.02: right ×3 (one of them together with T6.03)
        // → 3. T6.03: that shared right answer, then a score of 0.4 (below one half) → no run.
        let answers = [
            AnswerRecord(skillId: "T6.01", outcome: 1), AnswerRecord(skillId: "T6.01", outcome: 0),
            AnswerRecord(skillId: "T6.02", outcome: 1), AnswerRecord(skillIds: ["T6.02", "T6.03"], outcome: 1),
            AnswerRecord(skillId: "T6.01", outcome: 1), AnswerRecord(skillId: "T6.03", outcome: 0.4),
            AnswerRecord(skillId: "T6.02", outcome: 1), AnswerRecord(skillId: "T6.01", outcome: 1),
        ]
        let expected = [index["T6.01"]!: 2, index["T6.02"]!: 3]
        XCTAssertEqual(try recommender.state(after: answers).rightAnswersInARow, expected)
        var state = recommender.newStudent()
        for answer in answers { try recommender.update(&state, with: answer) }
        XCTAssertEqual(state.rightAnswersInARow, expected)
    }

    func testThreeRightInARowTakeASkillOffThePath() throws {
        let recommender = try Recommender(modelPath: modelPath)
        let ids = recommender.model.metadata.skillIds
        let request = PathRequest(goals: ["T6.30"])
        let first = try XCTUnwrap(recommender.path(for: recommender.newStudent(), request: request).steps.first)
        let firstId = ids[first.skill]
        for rights in 1...3 {
            let state = try recommender.state(after: Array(repeating: AnswerRecord(skillId: firstId, outcome: 1), count: rights))
            let masteries = try recommender.mastery(of: state, skills: [firstId])
            // Three answers are too few for the 95 % lower end to clear 0.8: the estimate alone
            // keeps the skill on the path.
            XCTAssertLessThan(try XCTUnwrap(masteries.first).lower, 0.8)
            var byEstimate = request
            byEstimate.rightInARowForMastery = nil
            XCTAssertTrue(try recommender.path(for: state, request: byEstimate).steps.contains { $0.skill == first.skill })
            let path = try recommender.path(for: state, request: request)
            XCTAssertEqual(path.steps.contains { $0.skill == first.skill }, rights < 3, "\(rights) right in a row")
        }
    }

    func testARunCountsOnlyWithAnEstimateAtTheFloor() throws {
        let recommender = try Recommender(modelPath: modelPath)
        let ids = recommender.model.metadata.skillIds
        let request = PathRequest(goals: ["T6.30"])
        let first = try XCTUnwrap(recommender.path(for: recommender.newStudent(), request: request).steps.first)
        let firstId = ids[first.skill]
        // Many wrong answers, then three right: the run is there, the estimate is still low.
        let answers = Array(repeating: AnswerRecord(skillId: firstId, outcome: 0), count: 30)
            + Array(repeating: AnswerRecord(skillId: firstId, outcome: 1), count: 3)
        let state = try recommender.state(after: answers)
        XCTAssertEqual(state.rightAnswersInARow[first.skill], 3)
        let estimate = try XCTUnwrap(recommender.mastery(of: state, skills: [firstId]).first).probability
        XCTAssertLessThan(estimate, try XCTUnwrap(PathRequest.defaultRunEstimateFloor))
        XCTAssertTrue(try recommender.path(for: state, request: request).steps.contains { $0.skill == first.skill })
        // Without the floor the same run takes the skill off the path.
        var anyEstimate = request
        anyEstimate.runEstimateFloor = nil
        XCTAssertFalse(try recommender.path(for: state, request: anyEstimate).steps.contains { $0.skill == first.skill })
    }
}
