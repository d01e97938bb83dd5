import AsyncHTTPClient
import Foundation
import LotrinhTestSupport
import MasteryData
import XCTest

/// Path requests that name a topic or grade (matched as `lotrinh-path --topic` matches them) and
/// steps that carry the learning material of the configured resources file.
final class CurriculumPathTests: HTTPClientTestCase {
    /// The skill ids of vn-grade6 whose topic is exactly `topic` (and grade `grade`), read from
    /// skills.csv with an exact comparison: the answer the folded matching must reach.
    private func skills(topic: String?, grade: String? = nil) throws -> [String] {
        let catalog = try SkillCatalog.load(path: ServerProcess.skillsFile, mapping: ColumnMapping()).0
        return (0..<catalog.count).filter { (topic == nil || catalog.topics[$0] == topic) && (grade == nil || catalog.grades[$0] == grade) }
            .map { catalog.ids[$0] }
    }

    private func stepIds(_ reply: Reply) -> [String] {
        (reply.object["steps"] as? [[String: Any]] ?? []).compactMap { $0["skillId"] as? String }
    }

    func testTopicAndGradeSelectTheirSkillsWhateverTheCaseAndDiacritics() async throws {
        let server = try ServerProcess()
        try server.start()
        defer { server.stop() }
        let url = server.baseURL + "/v1/paths"
        let fractions = try skills(topic: "Phân số")
        XCTAssertEqual(fractions.count, 6)
        let byGoals = try await client.send("POST", url, json: ["answers": [], "options": ["goals": fractions]])
        XCTAssertEqual(byGoals.status, 200, byGoals.text)
        XCTAssertFalse(stepIds(byGoals).isEmpty)
        for typed in ["Phân số", "PHÂN SỐ", "phan so", "  phan   SO "] {
            let reply = try await client.send("POST", url, json: ["answers": [], "options": ["topic": typed]])
            XCTAssertEqual(reply.status, 200, "\(typed): \(reply.text)")
            XCTAssertEqual(stepIds(reply), stepIds(byGoals), typed)
        }
        let everything = try await client.send("POST", url, json: ["answers": []])
        XCTAssertLessThan(stepIds(byGoals).count, stepIds(everything).count, "a topic must narrow the path")

        // Topic and grade together: the topic's skills of that grade; a grade alone: all of it.
        let integers = try skills(topic: "Số nguyên", grade: "6")
        let integersByGoals = try await client.send("POST", url, json: ["answers": [], "options": ["goals": integers]])
        let topicInGrade = try await client.send("POST", url, json: ["answers": [], "options": ["topic": "so nguyen", "grade": "6"]])
        XCTAssertEqual(stepIds(topicInGrade), stepIds(integersByGoals))
        let grade = try await client.send("POST", url, json: ["answers": [], "options": ["grade": "6"]])
        XCTAssertEqual(Set(stepIds(grade)), Set(stepIds(everything)))

        // A stored student's path takes the same options.
        let stored = try await client.send("POST", server.baseURL + "/v1/answers", json: ["events": [
            ServiceTests.event("t1", student: "HS-T", skill: "T6.13", correct: false, minute: 1)]])
        XCTAssertEqual(stored.status, 200, stored.text)
        let student = try await client.send("POST", server.baseURL + "/v1/students/HS-T/path", json: ["topic": "phan so"])
        let sameAnswers = try await client.send("POST", url, json: [
            "answers": [["skillId": "T6.13", "correct": false, "answeredAt": "2026-12-01T08:01:00Z"]], "options": ["goals": fractions]])
        XCTAssertEqual(student.status, 200, student.text)
        XCTAssertEqual(stepIds(student), stepIds(sameAnswers))

        let unknownTopic = try await client.send("POST", url, json: ["answers": [], "options": ["topic": "hinh hoc"]])
        XCTAssertEqual(unknownTopic.status, 422, unknownTopic.text)
        XCTAssertEqual(unknownTopic.contentType, "application/problem+json")
        XCTAssertEqual(unknownTopic.object["code"] as? String, "unknown-topic")
        XCTAssertTrue((unknownTopic.object["detail"] as? String ?? "").contains("'Hình học phẳng'"), unknownTopic.text)
        let unknownGrade = try await client.send("POST", url, json: ["answers": [], "options": ["grade": "7"]])
        XCTAssertEqual(unknownGrade.object["code"] as? String, "unknown-grade", unknownGrade.text)
        XCTAssertTrue((unknownGrade.object["detail"] as? String ?? "").contains("'6'"), unknownGrade.text)
    }

    func testStepsCarryTheResourcesOfTheirSkillInFileOrder() async throws {
        let server = try ServerProcess()
        try server.start()
        defer { server.stop() }
        // resources.csv split by hand: skill_id, then a title (quoted when it has commas), then a url without commas.
        let lines = try String(contentsOfFile: ServerProcess.resourcesFile, encoding: .utf8).split(separator: "\n").dropFirst()
        var expected: [String: [[String]]] = [:]
        for line in lines {
            let skill = line.prefix { $0 != "," }
            let url = line.split(separator: ",").last!
            var title = String(line.dropFirst(skill.count + 1).dropLast(url.count + 1))
            if title.hasPrefix("\"") { title = String(title.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"") }
            expected[String(skill), default: []].append([title, String(url)])
        }
        let reply = try await client.send("POST", server.baseURL + "/v1/paths", json: ["answers": []])
        let steps = try XCTUnwrap(reply.object["steps"] as? [[String: Any]])
        XCTAssertGreaterThan(steps.count, 10)
        var withResources = 0
        for step in steps {
            let id = try XCTUnwrap(step["skillId"] as? String)
            let resources = (step["resources"] as? [[String: String]] ?? []).map { [$0["title"] ?? "", $0["url"] ?? ""] }
            XCTAssertEqual(resources, expected[id] ?? [], id)
            if !resources.isEmpty { withResources += 1 }
        }
        XCTAssertGreaterThan(withResources, 10)
    }

    func testWithoutASkillsFileATopicIsAClearProblem() async throws {
        let server = try ServerProcess(curriculum: false)
        try server.start()
        defer { server.stop() }
        let reply = try await client.send("POST", server.baseURL + "/v1/paths", json: ["answers": [], "options": ["topic": "Phân số"]])
        XCTAssertEqual(reply.status, 422, reply.text)
        XCTAssertEqual(reply.object["code"] as? String, "no-curriculum")
        XCTAssertTrue((reply.object["detail"] as? String ?? "").contains("skills"), reply.text)
        let plain = try await client.send("POST", server.baseURL + "/v1/paths", json: ["answers": []])
        XCTAssertTrue((plain.object["steps"] as? [[String: Any]] ?? []).allSatisfy { ($0["resources"] as? [Any])?.isEmpty ?? false })
    }
}
