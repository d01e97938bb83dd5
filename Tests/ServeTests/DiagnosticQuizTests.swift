import AsyncHTTPClient
import Foundation
import LotrinhTestSupport
import Recommend
import XCTest

/// `POST /v1/students/{id}/diagnostic` and `POST /v1/classes/{id}/quiz` over a real socket: the
/// library's questions and quiz from the stored answers and the configured item bank, the key's
/// scope, the stopping rule, and bad input as problems.
final class DiagnosticQuizTests: HTTPClientTestCase {
    /// Answers (skill, item, right) of vn-grade6's first students, stored in class 6A of school A.
    private static let answers: [(student: String, skill: String, item: String, correct: Bool)] = [
        ("HS-1", "T6.14", "271", false), ("HS-1", "T6.25", "491", true), ("HS-1", "T6.26", "513", false),
        ("HS-2", "T6.14", "272", true), ("HS-2", "T6.25", "492", true), ("HS-2", "T6.26", "512", true),
        ("HS-3", "T6.01", "2", false), ("HS-3", "T6.14", "271", false),
    ]

    private func storeAnswers(_ server: ServerProcess) async throws {
        let events = Self.answers.enumerated().map { index, answer in
            var event = ServiceTests.event("d\(index)", student: answer.student, skill: answer.skill, correct: answer.correct,
                                           minute: index, classId: "6A")
            event["itemId"] = answer.item
            return event
        }
        let stored = try await client.send("POST", server.baseURL + "/v1/answers", json: ["events": events])
        XCTAssertEqual(stored.status, 200, stored.text)
    }

    /// A student's state as the service folds it in: their answers in time order.
    private func state(of student: String, _ recommender: Recommender) throws -> Recommender.State {
        let records = Self.answers.enumerated().filter { $0.element.student == student }.map { index, answer in
            AnswerRecord(skillId: answer.skill, itemId: answer.item, outcome: answer.correct ? 1 : 0,
                         time: ISO8601DateFormatter().date(from: String(format: "2026-12-01T08:%02d:00Z", index))!.timeIntervalSince1970)
        }
        return try recommender.state(after: records)
    }

    /// The bank read from responses.csv split by hand (no quoted fields there): each item once,
    /// in order of first appearance, with its skills in that order.
    private func bank() throws -> [DiagnosticItem] {
        let lines = try String(contentsOfFile: ServerProcess.itemsFile, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let itemColumn = try XCTUnwrap(header.firstIndex(of: "item_id")), skillColumn = try XCTUnwrap(header.firstIndex(of: "skill_id"))
        var order: [String] = []
        var skills: [String: [String]] = [:]
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let item = fields[itemColumn], skill = fields[skillColumn]
            if skills[item] == nil { order.append(item) }
            if !(skills[item]?.contains(skill) ?? false) { skills[item, default: []].append(skill) }
        }
        return order.map { DiagnosticItem(id: $0, skillIds: skills[$0]!) }
    }

    func testDiagnosticProposesTheLibrarysQuestionsAndStopsAtTheBudget() async throws {
        let server = try ServerProcess(items: ServerProcess.itemsFile)
        try server.start()
        defer { server.stop() }
        try await storeAnswers(server)
        let url = server.baseURL + "/v1/students/HS-1/diagnostic"
        let reply = try await client.send("POST", url, json: ["goals": ["T6.26"], "questions": 3, "seed": 7])
        XCTAssertEqual(reply.status, 200, reply.text)

        let recommender = try Recommender(modelPath: server.modelPath)
        let expected = try recommender.diagnose(try state(of: "HS-1", recommender), bank: try bank(), request: DiagnosticRequest(
            goals: ["T6.26"], threshold: 0.8, confidence: 0.9, questions: 3, askedItems: ["271", "491", "513"], seed: 7))
        XCTAssertEqual(expected.status, .asking)
        XCTAssertEqual(expected.questions.count, 3)
        struct Body: Decodable {
            struct Question: Decodable { var itemId: String; var skillIds: [String]; var expectedSuccess: Double; var expectedInformation: Double; var informs: [String] }
            struct Skill: Decodable { var skillId: String; var name: String; var probabilityMastered: Double; var settled: Bool; var verdict: String }
            var answers: Int, status: String, finished: Bool, summary: String
            var questions: [Question]
            var skills: [Skill]
        }
        let body = try JSONDecoder().decode(Body.self, from: reply.body)
        XCTAssertEqual(body.answers, 3)
        XCTAssertEqual(body.status, "asking")
        XCTAssertFalse(body.finished)
        // No language asked: English, as lotrinh-path words it.
        XCTAssertEqual(body.summary, "Ask these questions next (3 answers so far).")
        XCTAssertEqual(body.skills.map(\.verdict), expected.skills.map {
            $0.probabilityMastered >= 0.9 ? "mastered" : $0.probabilityMastered <= 0.1 ? "not mastered" : "not yet clear"
        })
        XCTAssertEqual(body.questions.map(\.itemId), expected.questions.map(\.itemId))
        XCTAssertEqual(body.questions.map(\.skillIds), expected.questions.map(\.skillIds))
        XCTAssertEqual(body.questions.map(\.expectedSuccess), expected.questions.map(\.expectedSuccess))
        XCTAssertEqual(body.questions.map(\.expectedInformation), expected.questions.map(\.expectedInformation))
        XCTAssertEqual(body.questions.map(\.informs), expected.questions.map(\.informs))
        XCTAssertTrue(Set(body.questions.map(\.itemId)).isDisjoint(with: ["271", "491", "513"]), "an answered item came back")
        // The first question's expected success, straight from the model's prediction in the student's state.
        let first = try XCTUnwrap(expected.questions.first)
        XCTAssertEqual(body.questions.first?.expectedSuccess,
                       try recommender.successProbability(of: AnswerRecord(skillIds: first.skillIds, itemId: first.itemId, outcome: 0),
                                                          in: try state(of: "HS-1", recommender)))
        // T6.26 and its prerequisites (prerequisites.csv: T6.14 and T6.25 lead to it), with Vietnamese names.
        XCTAssertEqual(Set(body.skills.map(\.skillId)).isSuperset(of: ["T6.14", "T6.25", "T6.26"]), true)
        XCTAssertEqual(body.skills.map(\.skillId), expected.skills.map(\.skillId))
        XCTAssertEqual(body.skills.map(\.probabilityMastered), expected.skills.map(\.probabilityMastered))
        let names = Dictionary(uniqueKeysWithValues: zip(recommender.model.metadata.skillIds, recommender.model.metadata.skillNames))
        XCTAssertEqual(body.skills.map(\.name), body.skills.map { names[$0.skillId]! })
        XCTAssertTrue(body.skills.contains { $0.name.unicodeScalars.contains { (0x1EA0...0x1EF9).contains($0.value) || "ăâđêôơư".unicodeScalars.contains($0) } },
                      "skill names should be the model's Vietnamese ones: \(body.skills.map(\.name))")

        // The stopping rule: a budget of three questions is spent by the three stored answers.
        let spent = try await client.send("POST", url, json: ["goals": ["T6.26"], "maxQuestions": 3, "language": "vi"])
        XCTAssertEqual(spent.status, 200, spent.text)
        XCTAssertEqual(spent.object["status"] as? String, "budget-spent")
        XCTAssertEqual(spent.object["summary"] as? String, "Đã hết số câu hỏi dành cho chẩn đoán (đã trả lời 3 câu).")
        let verdicts = try XCTUnwrap(spent.object["skills"] as? [[String: Any]]).map { $0["verdict"] as? String }
        XCTAssertEqual(verdicts, expected.skills.map {
            $0.probabilityMastered >= 0.9 ? "đã thành thạo" : $0.probabilityMastered <= 0.1 ? "chưa thành thạo" : "chưa rõ"
        })
        XCTAssertEqual(spent.object["finished"] as? Bool, true)
        XCTAssertEqual((spent.object["questions"] as? [Any])?.count, 0)

        // School B's key cannot tell that school A's student exists.
        let otherSchool = try await client.send("POST", url, key: ServerProcess.keyB, json: ["questions": 1])
        XCTAssertEqual(otherSchool.status, 404, otherSchool.text)
        let missing = try await client.send("POST", server.baseURL + "/v1/students/HS-404/diagnostic", json: ["questions": 1])
        XCTAssertEqual(otherSchool.object["detail"] as? String, missing.object["detail"] as? String)

        for (options, status, code, named) in [(["questions": 0], 400, "invalid-request", "questions 0"),
                                               (["confidence": 0.5], 400, "invalid-request", "confidence must be a number in (0.5, 1), got 0.5"),
                                               (["threshold": 1], 400, "invalid-request", "threshold must be a number in (0, 1), got 1.0"),
                                               (["goals": ["T9.99"]], 422, "unknown-skill", "T9.99")] as [([String: Any], Int, String, String)] {
            let bad = try await client.send("POST", url, json: options)
            XCTAssertEqual(bad.status, status, "\(options): \(bad.text)")
            XCTAssertEqual(bad.contentType, "application/problem+json")
            XCTAssertEqual(bad.object["code"] as? String, code, bad.text)
            XCTAssertTrue((bad.object["detail"] as? String ?? "").contains(named), bad.text)
        }
    }

    func testQuizIsTheLibrarysForTheClassAndEachItemsSuccessIsTheClassMean() async throws {
        let server = try ServerProcess(items: ServerProcess.itemsFile)
        try server.start()
        defer { server.stop() }
        try await storeAnswers(server)
        let url = server.baseURL + "/v1/classes/6A/quiz"
        let reply = try await client.send("POST", url, json: ["questions": 6, "targetSuccess": 0.6, "stepsAhead": 2])
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(reply.object["students"] as? Int, 3)

        let recommender = try Recommender(modelPath: server.modelPath)
        let states = try ["HS-1", "HS-2", "HS-3"].map { try state(of: $0, recommender) }
        let expected = try recommender.assembleQuiz(for: states, bank: try bank(),
                                                    request: QuizRequest(questions: 6, targetSuccess: 0.6, stepsAhead: 2))
        struct Body: Decodable {
            struct Item: Decodable { var itemId: String; var skillIds: [String]; var expectedSuccess: Double }
            struct Coverage: Decodable { var skillId: String; var name: String; var students: Int; var items: Int }
            var items: [Item]
            var coverage: [Coverage]
        }
        let body = try JSONDecoder().decode(Body.self, from: reply.body)
        XCTAssertEqual(body.items.count, 6)
        XCTAssertEqual(body.items.map(\.itemId), expected.items.map(\.itemId))
        XCTAssertEqual(body.coverage.map(\.skillId), expected.coverage.map(\.skillId))
        XCTAssertEqual(body.coverage.map(\.students), expected.coverage.map(\.students))
        XCTAssertEqual(body.coverage.map(\.items), expected.coverage.map(\.items))
        XCTAssertEqual(body.coverage.map(\.items).reduce(0, +), 6)
        // Each student has two next steps: the demand sums to 3 × 2 over the covered skills.
        XCTAssertEqual(body.coverage.map(\.students).reduce(0, +), 6)
        for item in body.items {
            let answer = AnswerRecord(skillIds: item.skillIds, itemId: item.itemId, outcome: 0)
            let mean = try states.map { try recommender.successProbability(of: answer, in: $0) }.reduce(0, +) / 3
            XCTAssertEqual(item.expectedSuccess, mean, accuracy: 1e-12, item.itemId)
        }

        let otherSchool = try await client.send("POST", url, key: ServerProcess.keyB, json: [:])
        XCTAssertEqual(otherSchool.status, 404, otherSchool.text)
        let bad = try await client.send("POST", url, json: ["targetSuccess": 1])
        XCTAssertEqual(bad.status, 400, bad.text)
        XCTAssertEqual(bad.contentType, "application/problem+json")
        XCTAssertTrue((bad.object["detail"] as? String ?? "").contains("targetSuccess 1"), bad.text)
    }

    func testWithoutAnItemBankBothOperationsSaySoAndOtherMethodsAre405() async throws {
        let server = try ServerProcess()
        try server.start()
        defer { server.stop() }
        try await storeAnswers(server)
        for url in ["/v1/students/HS-1/diagnostic", "/v1/classes/6A/quiz"] {
            let reply = try await client.send("POST", server.baseURL + url, json: [:])
            XCTAssertEqual(reply.status, 422, reply.text)
            XCTAssertEqual(reply.object["code"] as? String, "no-item-bank", reply.text)
            XCTAssertTrue((reply.object["detail"] as? String ?? "").contains("\"items\""), reply.text)
            let get = try await client.send("GET", server.baseURL + url)
            XCTAssertEqual(get.status, 405, get.text)
            XCTAssertEqual(get.object["code"] as? String, "method-not-allowed", get.text)
        }
    }

    func testABankNamingASkillTheModelLacksStopsTheStartNamingFileLineColumnAndValue() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lotrinh-bank-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bankPath = folder.appendingPathComponent("items.csv").path
        try Data("item_id,skill_id\n1,T6.01\n2,T9.99\n".utf8).write(to: URL(fileURLWithPath: bankPath))
        let server = try ServerProcess(items: bankPath)
        XCTAssertThrowsError(try server.start()) { error in
            XCTAssertTrue("\(error)".contains("the item bank: \(bankPath):3:2: unknown skill in column 'skill_id': \"T9.99\""), "\(error)")
        }
    }
}
