import AsyncHTTPClient
import Foundation
@testable import lotrinh_serve
import MasteryData
import Recommend
import XCTest

/// The service builds its path reply from the planned path, not from the library's full
/// `PathResponse` (which writes both languages' sentences and lists the reply never shows). Its
/// steps must still say what the library's response says: the independent computation here is
/// `Recommender.pathResponse` on the same model, curriculum, answers and request.
final class PathReplyContentTests: HTTPClientTestCase {
    func testServedStepsAreTheLibrarysResponseInTheRequestedLanguage() async throws {
        let server = try ServerProcess()
        try server.start()
        defer { server.stop() }
        let answers = [("T6.13", false, 1), ("T6.13", true, 2), ("T6.14", true, 3), ("T6.02", false, 4), ("T6.02", false, 5)]
        let events = answers.enumerated().map { index, answer in
            ServiceTests.event("c\(index)", student: "HS-C", skill: answer.0, correct: answer.1, minute: answer.2)
        }
        let stored = try await client.send("POST", server.baseURL + "/v1/answers", json: ["events": events])
        XCTAssertEqual(stored.status, 200, stored.text)

        // The library as the server loads it: the model with vi-grade6's learning material and topics.
        let model = try Recommender(modelPath: server.modelPath).model
        let catalog = try SkillCatalog.load(path: ServerProcess.skillsFile, mapping: ColumnMapping()).0
        let recommender = try Recommender(model: model,
                                          resources: try Recommender.resources(csvPath: ServerProcess.resourcesFile, model: model),
                                          topics: CurriculumSelection.topics(modelSkillIds: model.metadata.skillIds, catalog: catalog))
        let records = answers.map { answer in
            AnswerRecord(skillId: answer.0, outcome: answer.1 ? 1 : 0,
                         time: ISO8601DateFormatter().date(from: String(format: "2026-12-01T08:%02d:00Z", answer.2))!.timeIntervalSince1970)
        }
        let state = try recommender.state(after: records)
        let recent = PathRequest.recentSkills(of: records)

        let cases: [(body: [String: Any], request: PathRequest, language: Language)] = [
            ([:], PathRequest(recentSkills: recent), .en),
            (["maxSteps": 20, "language": "vi"], PathRequest(maximumSteps: 20, recentSkills: recent), .vi),
            (["goals": ["T6.26"], "maxAnswers": 12, "language": "en"],
             PathRequest(goals: ["T6.26"], maximumAnswers: 12, recentSkills: recent), .en),
        ]
        var sawResources = false
        for (body, request, language) in cases {
            let reply = try await client.send("POST", server.baseURL + "/v1/students/HS-C/path", json: body)
            XCTAssertEqual(reply.status, 200, reply.text)
            let served = try JSONDecoder().decode(Components.Schemas.PathReport.self, from: reply.body)
            let expected = try recommender.pathResponse(for: state, request: request)
            XCTAssertFalse(expected.steps.isEmpty, "\(body)")
            // The sentence written out from the planned path's reasons: the words of `language`,
            // naming the step's skill (and not the other language's, which differ).
            let planned = try recommender.path(for: state, request: request)
            let other: Language = language == .vi ? .en : .vi
            for (step, plannedStep) in zip(served.steps, planned.steps) {
                let name = model.metadata.skillNames[plannedStep.skill]
                XCTAssertEqual(step.reason, PathSentences(language: language).reasonSentence(plannedStep.reason, skill: name), "\(body)")
                XCTAssertNotEqual(step.reason, PathSentences(language: other).reasonSentence(plannedStep.reason, skill: name), "\(body)")
                XCTAssertTrue(step.reason.contains(name), step.reason)
            }
            if request.maximumAnswers != nil {
                XCTAssertFalse(expected.practiceSchedule.isEmpty, "a budget must give a schedule for the check to mean anything")
                XCTAssertTrue(served.steps.contains { ($0.plannedAnswers ?? 0) > 0 }, reply.text)
            }
            sawResources = sawResources || served.steps.contains { !$0.resources.isEmpty }
            XCTAssertEqual(served.steps.map(\.skillId), expected.steps.map(\.skillId), "\(body)")
            for (step, library) in zip(served.steps, expected.steps) {
                XCTAssertEqual(step.name, library.name)
                XCTAssertEqual(step.reason, library.reasonSentence[language], "\(body)")
                XCTAssertEqual(step.mastery, library.mastery, accuracy: 1e-12)
                XCTAssertEqual(step.lower, library.lower, accuracy: 1e-12)
                XCTAssertEqual(step.upper, library.upper, accuracy: 1e-12)
                XCTAssertEqual(step.practice, library.estimatedPractice)
                XCTAssertEqual(step.practiceReachesThreshold, library.practiceReachesThreshold)
                XCTAssertEqual(step.plannedAnswers, library.plannedAnswers)
                XCTAssertEqual(step.resources.map(\.url), library.resources.map(\.url))
                XCTAssertEqual(step.resources.map(\.title), library.resources.map(\.title))
            }
            XCTAssertEqual(served.omitted, expected.omittedByLength)
            XCTAssertEqual(served.graphGiven, expected.graphGiven)
            XCTAssertEqual(served.schedule ?? [], expected.practiceSchedule)
        }
        XCTAssertTrue(sawResources, "some step must carry learning material for the check to mean anything")
    }
}
