import AsyncHTTPClient
import Foundation
import LotrinhTestSupport
import Recommend
import XCTest

/// `sessionPractice` and `sessionSchedule` in path requests: a platform that replans after every
/// answer of a session tells the service what the session already spent and what is left of the
/// schedule the learner follows, and the plan keeps each step's share and the schedule's order.
final class SessionPracticeTests: HTTPClientTestCase {
    private func planned(_ reply: Reply) -> [String: Int] {
        var answers: [String: Int] = [:]
        for step in reply.object["steps"] as? [[String: Any]] ?? [] {
            if let id = step["skillId"] as? String, let count = step["plannedAnswers"] as? Int { answers[id] = count }
        }
        return answers
    }

    func testSessionPracticeGivesTheLibrarysPlanAndIsChecked() async throws {
        let server = try ServerProcess()
        try server.start()
        defer { server.stop() }
        let url = server.baseURL + "/v1/paths"
        let answers: [[String: Any]] = [["skillId": "T6.01", "correct": false, "answeredAt": "2026-12-01T08:01:00Z"],
                                        ["skillId": "T6.02", "correct": true, "answeredAt": "2026-12-01T08:02:00Z"]]

        // The session's first plan; then the platform replans having spent 3 answers on its first step.
        let first = try await client.send("POST", url, json: ["answers": answers, "options": ["maxAnswers": 8]])
        XCTAssertEqual(first.status, 200, first.text)
        let firstStep = try XCTUnwrap((first.object["steps"] as? [[String: Any]])?.first?["skillId"] as? String)
        let spent = [firstStep: 3]
        let replanned = try await client.send("POST", url, json: ["answers": answers,
                                                                  "options": ["maxAnswers": 5, "sessionPractice": spent]])
        XCTAssertEqual(replanned.status, 200, replanned.text)

        // The independent computation: the library itself, on the same model, answers and request.
        let recommender = try Recommender(modelPath: server.modelPath)
        let records = answers.map {
            AnswerRecord(skillId: $0["skillId"] as! String, outcome: ($0["correct"] as! Bool) ? 1 : 0,
                         time: ISO8601DateFormatter().date(from: $0["answeredAt"] as! String)!.timeIntervalSince1970)
        }
        let state = try recommender.state(after: records)
        func libraryPlan(_ sessionPractice: [String: Int]) throws -> [String: Int] {
            var request = PathRequest(maximumAnswers: 5, recentSkills: PathRequest.recentSkills(of: records))
            request.sessionPractice = sessionPractice
            let path = try recommender.path(for: state, request: request)
            let ids = recommender.model.metadata.skillIds
            return Dictionary(uniqueKeysWithValues: zip(path.steps, path.plannedAnswers).map { (ids[$0.skill], $1) })
        }
        let expected = try libraryPlan(spent)
        XCTAssertEqual(planned(replanned), expected)
        // The option reached the planner: without it, the same request plans otherwise.
        let without = try await client.send("POST", url, json: ["answers": answers, "options": ["maxAnswers": 5]])
        XCTAssertEqual(planned(without), try libraryPlan([:]))
        XCTAssertNotEqual(planned(without), expected, "sessionPractice must change this plan for the test to show anything")

        // A stored student's path takes it too: the same answers stored give the same plan.
        let events = answers.enumerated().map { index, answer in
            ServiceTests.event("s\(index)", student: "HS-S", skill: answer["skillId"] as! String, correct: answer["correct"] as? Bool,
                               minute: index + 1)
        }
        let stored = try await client.send("POST", server.baseURL + "/v1/answers", json: ["events": events])
        XCTAssertEqual(stored.status, 200, stored.text)
        let student = try await client.send("POST", server.baseURL + "/v1/students/HS-S/path",
                                            json: ["maxAnswers": 5, "sessionPractice": spent])
        XCTAssertEqual(student.status, 200, student.text)
        XCTAssertEqual(planned(student), expected)

        // Checked: it needs maxAnswers, names known skills, and counts in 0...10000.
        let noBudget = try await client.send("POST", url, json: ["answers": answers, "options": ["sessionPractice": spent]])
        XCTAssertEqual(noBudget.status, 422, noBudget.text)
        XCTAssertTrue((noBudget.object["detail"] as? String ?? "").contains("needs maxAnswers"), noBudget.text)
        let unknown = try await client.send("POST", url, json: ["answers": answers,
                                                                "options": ["maxAnswers": 5, "sessionPractice": ["NO.SUCH": 1]]])
        XCTAssertEqual(unknown.status, 422, unknown.text)
        XCTAssertEqual(unknown.object["code"] as? String, "unknown-skill", unknown.text)
        let negative = try await client.send("POST", url, json: ["answers": answers,
                                                                 "options": ["maxAnswers": 5, "sessionPractice": [firstStep: -1]]])
        XCTAssertEqual(negative.status, 400, negative.text)
        XCTAssertTrue((negative.object["detail"] as? String ?? "").contains("sessionPractice[\(firstStep)] = -1"), negative.text)
    }
    func testSessionScheduleGivesTheLibrarysPlanAndIsChecked() async throws {
        let server = try ServerProcess()
        try server.start()
        defer { server.stop() }
        let url = server.baseURL + "/v1/paths"
        let answers: [[String: Any]] = [["skillId": "T6.01", "correct": false, "answeredAt": "2026-12-01T08:01:00Z"]]
        let first = try await client.send("POST", url, json: ["answers": answers, "options": ["maxAnswers": 8]])
        XCTAssertEqual(first.status, 200, first.text)
        let schedule = try XCTUnwrap(first.object["schedule"] as? [String])
        XCTAssertEqual(schedule.count, 8)
        // The learner answered the first item wrong; the platform replans with the rest of a
        // schedule that (unlike the service's) puts every remaining answer on the last step.
        let answered = answers + [["skillId": schedule[0], "correct": false, "answeredAt": "2026-12-01T08:02:00Z"]]
        let rest = Array(repeating: try XCTUnwrap(schedule.last), count: 7)
        let options: [String: Any] = ["maxAnswers": 7, "sessionPractice": [schedule[0]: 1], "sessionSchedule": rest]
        let replanned = try await client.send("POST", url, json: ["answers": answered, "options": options])
        XCTAssertEqual(replanned.status, 200, replanned.text)

        // The independent computation: the library itself, on the same model, answers and request.
        let recommender = try Recommender(modelPath: server.modelPath)
        let records = answered.map {
            AnswerRecord(skillId: $0["skillId"] as! String, outcome: ($0["correct"] as! Bool) ? 1 : 0,
                         time: ISO8601DateFormatter().date(from: $0["answeredAt"] as! String)!.timeIntervalSince1970)
        }
        var request = PathRequest(maximumAnswers: 7, recentSkills: PathRequest.recentSkills(of: records))
        request.sessionPractice = [schedule[0]: 1]
        request.sessionSchedule = rest
        let path = try recommender.path(for: try recommender.state(after: records), request: request)
        let ids = recommender.model.metadata.skillIds
        XCTAssertEqual(replanned.object["schedule"] as? [String], path.practiceSchedule.map { ids[$0] })
        // The option reached the planner: without it, the library plans otherwise.
        request.sessionSchedule = []
        XCTAssertNotEqual(try recommender.path(for: try recommender.state(after: records), request: request).practiceSchedule,
                          path.practiceSchedule, "sessionSchedule must change this plan for the test to show anything")

        let noBudget = try await client.send("POST", url, json: ["answers": answers, "options": ["sessionSchedule": rest]])
        XCTAssertEqual(noBudget.status, 422, noBudget.text)
        XCTAssertTrue((noBudget.object["detail"] as? String ?? "").contains("sessionSchedule needs maxAnswers"), noBudget.text)
        let unknown = try await client.send("POST", url, json: ["answers": answers,
                                                                "options": ["maxAnswers": 2, "sessionSchedule": ["NO.SUCH"]]])
        XCTAssertEqual(unknown.status, 422, unknown.text)
        XCTAssertEqual(unknown.object["code"] as? String, "unknown-skill", unknown.text)
    }
}
