import AsyncHTTPClient
import Foundation
import LotrinhTestSupport
import MasteryData
import Recommend
import StudentStore
import XCTest

/// The built service over a real loopback socket, through a real HTTP client: every operation,
/// the scopes of API keys, bad input, and the log and database scanned for raw student ids.
final class ServiceTests: XCTestCase {
    private var server: ServerProcess!
    private var client: HTTPClient!

    override func setUp() async throws {
        client = HTTPClient(eventLoopGroupProvider: .singleton)
        server = try ServerProcess()
        try server.start()
    }

    override func tearDown() async throws {
        try await client?.shutdown()
        server?.stop()
        server = nil
    }

    static func event(_ id: String, student: String, skill: String, correct: Bool? = nil, score: Double? = nil,
                      minute: Int, school: String? = nil, classId: String? = nil) -> [String: Any] {
        var event: [String: Any] = ["eventId": id, "studentId": student, "skillId": skill,
                                    "answeredAt": String(format: "2026-12-01T08:%02d:00Z", minute)]
        if let correct { event["correct"] = correct }
        if let score { event["score"] = score }
        if let school { event["schoolId"] = school }
        if let classId { event["classId"] = classId }
        return event
    }

    /// The fold-in a client would compute itself, from the prior, in answer-time order.
    private func freshMastery(_ answers: [(skill: String, outcome: Double, minute: Int)]) throws -> [String: Double] {
        let recommender = try Recommender(modelPath: server.modelPath)
        let records = answers.sorted { $0.minute < $1.minute }.map {
            AnswerRecord(skillId: $0.skill, outcome: $0.outcome, time: ISO8601DateFormatter().date(from: String(format: "2026-12-01T08:%02d:00Z", $0.minute))!.timeIntervalSince1970)
        }
        let state = try recommender.state(after: records)
        return Dictionary(uniqueKeysWithValues: try recommender.mastery(of: state).map { ($0.skillId, $0.probability) })
    }

    func testEveryOperationAnswersAndMasteryIsTheFoldInOfTheStoredAnswers() async throws {
        let base = server.baseURL
        let status1 = try await client.send("GET", base + "/healthz", key: nil).status
        XCTAssertEqual(status1, 200)
        let status2 = try await client.send("GET", base + "/readyz", key: nil).status
        XCTAssertEqual(status2, 200)
        // Sent out of time order: the service folds in by answer time.
        let answers: [(skill: String, outcome: Double, minute: Int)] = [("T6.13", 0, 5), ("T6.14", 0.5, 1), ("T6.13", 1, 3), ("T6.01", 1, 4)]
        let events = answers.enumerated().map { index, answer in
            Self.event("e\(index)", student: "HS-0017", skill: answer.skill, score: answer.outcome, minute: answer.minute, classId: "6A")
        }
        let stored = try await client.send("POST", base + "/v1/answers", json: ["events": events])
        XCTAssertEqual(stored.status, 200, stored.text)
        XCTAssertEqual(stored.object["stored"] as? Int, 4)
        let retried = try await client.send("POST", base + "/v1/answers", json: ["events": events])
        XCTAssertEqual(retried.object["duplicates"] as? Int, 4)
        XCTAssertEqual(retried.object["stored"] as? Int, 0)

        let mastery = try await client.send("GET", base + "/v1/students/HS-0017/mastery")
        XCTAssertEqual(mastery.status, 200, mastery.text)
        let ids = try XCTUnwrap(mastery.object["skills"] as? [[String: Any]]).map { $0["skillId"] as? String ?? "" }
        let expected = try freshMastery(answers)
        XCTAssertEqual(ids.count, expected.count)
        // Exactly equal: the same arithmetic, and JSON carries a Double's shortest exact form.
        XCTAssertEqual(mastery.probabilities, ids.map { expected[$0] ?? .nan })
        // One more answer, earlier than the others: the cached estimate must not survive it.
        let more = try await client.send("POST", base + "/v1/answers", json: ["events": [
            Self.event("e9", student: "HS-0017", skill: "T6.14", score: 1, minute: 0, classId: "6A")]])
        XCTAssertEqual(more.object["stored"] as? Int, 1, more.text)
        let updated = try await client.send("GET", base + "/v1/students/HS-0017/mastery")
        let expectedAfter = try freshMastery(answers + [("T6.14", 1, 0)])
        XCTAssertEqual(updated.object["answers"] as? Int, 5)
        XCTAssertEqual(updated.probabilities, ids.map { expectedAfter[$0] ?? .nan })
        XCTAssertNotEqual(updated.probabilities, mastery.probabilities)

        let two = try await client.send("GET", base + "/v1/students/HS-0017/mastery?skill=T6.13&skill=T6.01")
        XCTAssertEqual((two.object["skills"] as? [[String: Any]])?.compactMap { $0["skillId"] as? String }, ["T6.13", "T6.01"])

        let path = try await client.send("POST", base + "/v1/students/HS-0017/path", json: ["goals": ["T6.26"], "maxSteps": 3, "language": "vi"])
        XCTAssertEqual(path.status, 200, path.text)
        let steps = try XCTUnwrap(path.object["steps"] as? [[String: Any]])
        XCTAssertEqual(steps.count, 3)
        XCTAssertTrue((steps[0]["reason"] as? String)?.contains("cần được học trước") ?? false, "\(steps[0])")

        // The stateless path on the same answers is the same path.
        let stateless = try await client.send("POST", base + "/v1/paths", json: [
            "answers": answers.map { ["skillId": $0.skill, "score": $0.outcome, "answeredAt": String(format: "2026-12-01T08:%02d:00Z", $0.minute)] },
            "options": ["goals": ["T6.26"], "maxSteps": 3, "language": "vi"]])
        XCTAssertEqual(stateless.status, 200, stateless.text)
        XCTAssertEqual((stateless.object["steps"] as? [[String: Any]])?.map { $0["skillId"] as? String }, steps.map { $0["skillId"] as? String })

        let report = try await client.send("GET", base + "/v1/classes/6A/report")
        XCTAssertEqual(report.status, 200, report.text)
        XCTAssertEqual(report.object["students"] as? Int, 1)
        let model = try await client.send("GET", base + "/v1/model")
        XCTAssertEqual(model.object["skills"] as? Int, 45)
        XCTAssertEqual(model.object["generation"] as? Int, 1)
        // A path of the contract with a method it does not have: 405 with Allow.
        let trace = try await client.send("DELETE", base + "/v1/model")
        XCTAssertEqual(trace.status, 405, trace.text)
        let metrics = try await client.send("GET", base + "/metrics", key: nil)
        XCTAssertTrue(metrics.text.contains("lotrinh_answers_stored_total 5"), metrics.text)
        XCTAssertTrue(metrics.text.contains("lotrinh_model_generation 1"), metrics.text)
    }

    /// A stored student's path is planned from masteries kept between requests: after new answers
    /// it must be the path of all of them, as the stateless operation computes it afresh.
    func testAStoredStudentsPathFollowsTheirNewAnswers() async throws {
        let base = server.baseURL
        let options: [String: Any] = ["goals": ["T6.26"], "maxSteps": 6]
        var answers: [[String: Any]] = []
        func post(_ skill: String, correct: Bool) async throws {
            let event = Self.event("p\(answers.count)", student: "HS-0042", skill: skill, correct: correct, minute: answers.count)
            let reply = try await client.send("POST", base + "/v1/answers", json: ["events": [event]])
            XCTAssertEqual(reply.status, 200, reply.text)
            answers.append(event.filter { ["skillId", "correct", "answeredAt"].contains($0.key) })
        }
        func stored() async throws -> [[String: Any]] {
            let reply = try await client.send("POST", base + "/v1/students/HS-0042/path", json: options)
            XCTAssertEqual(reply.status, 200, reply.text)
            return try XCTUnwrap(reply.object["steps"] as? [[String: Any]])
        }
        func afresh() async throws -> [[String: Any]] {
            let reply = try await client.send("POST", base + "/v1/paths", json: ["answers": answers, "options": options])
            XCTAssertEqual(reply.status, 200, reply.text)
            return try XCTUnwrap(reply.object["steps"] as? [[String: Any]])
        }
        let facts = { (steps: [[String: Any]]) in steps.map { "\($0["skillId"] ?? "") \($0["mastery"] ?? "") \($0["lower"] ?? "")" } }

        try await post("T6.01", correct: false)
        let before = try await stored()
        let beforeAfresh = try await afresh()
        XCTAssertEqual(facts(before), facts(beforeAfresh))
        let again = try await stored()
        XCTAssertEqual(facts(again), facts(before), "asked again with nothing new: the same path")
        let first = try XCTUnwrap(before.first?["skillId"] as? String)
        for _ in 0..<8 { try await post(first, correct: true) }
        let after = try await stored()
        XCTAssertNotEqual(facts(after), facts(before), "eight right answers on the first step change the path")
        let afterAfresh = try await afresh()
        XCTAssertEqual(facts(after), facts(afterAfresh))
    }

    func testAKeyForSchoolACannotTellWhetherSchoolBsStudentExists() async throws {
        let base = server.baseURL
        let inB = try await client.send("POST", base + "/v1/answers", key: ServerProcess.keyB,
                                        json: ["events": [Self.event("b1", student: "HS-B-RAW-7731", skill: "T6.01", correct: true, minute: 1, classId: "6B")]])
        XCTAssertEqual(inB.status, 200, inB.text)
        let status3 = try await client.send("GET", base + "/v1/students/HS-B-RAW-7731/mastery", key: ServerProcess.keyB).status
        XCTAssertEqual(status3, 200)

        func withoutInstance(_ reply: Reply) -> [String: String] {
            var object = reply.object.compactMapValues { "\($0)" }
            object["instance"] = nil
            return object
        }
        let existing = try await client.send("GET", base + "/v1/students/HS-B-RAW-7731/mastery", key: ServerProcess.keyA)
        let missing = try await client.send("GET", base + "/v1/students/HS-NOBODY/mastery", key: ServerProcess.keyA)
        let existingInB = try await client.send("GET", base + "/v1/students/HS-B-RAW-7731/mastery?schoolId=B", key: ServerProcess.keyA)
        XCTAssertEqual(existing.status, 404)
        XCTAssertEqual(existing.contentType, "application/problem+json")
        XCTAssertEqual(withoutInstance(existing), withoutInstance(missing))
        XCTAssertEqual(withoutInstance(existingInB), withoutInstance(missing))
        let pathB = try await client.send("POST", base + "/v1/students/HS-B-RAW-7731/path", key: ServerProcess.keyA, json: [:])
        let pathMissing = try await client.send("POST", base + "/v1/students/HS-NOBODY/path", key: ServerProcess.keyA, json: [:])
        XCTAssertEqual(pathB.status, 404)
        XCTAssertEqual(withoutInstance(pathB), withoutInstance(pathMissing))
        let status4 = try await client.send("GET", base + "/v1/classes/6B/report", key: ServerProcess.keyA).status
        XCTAssertEqual(status4, 404)
        // Writing into B with A's key is refused; the operator's key sees both.
        let intoB = try await client.send("POST", base + "/v1/answers", key: ServerProcess.keyA,
                                          json: ["events": [Self.event("a1", student: "HS-A", skill: "T6.01", correct: true, minute: 1, school: "B")]])
        XCTAssertEqual(intoB.status, 403)
        let status5 = try await client.send("GET", base + "/v1/students/HS-B-RAW-7731/mastery", key: ServerProcess.keyAll).status
        XCTAssertEqual(status5, 200)
        let status6 = try await client.send("GET", base + "/v1/model", key: nil).status
        XCTAssertEqual(status6, 401)
        let status7 = try await client.send("GET", base + "/v1/model", key: "not-a-key-of-this-service").status
        XCTAssertEqual(status7, 401)

        // No raw id in the log, the database, its WAL or shared memory: byte scans.
        server.stop()
        let raw = Data("HS-B-RAW-7731".utf8)
        XCTAssertNil(try Data(contentsOf: server.logURL).range(of: raw), "the log holds a raw student id")
        XCTAssertFalse(server.log.isEmpty)
        for name in try FileManager.default.contentsOfDirectory(atPath: server.folder.path) where name.hasPrefix("answers.sqlite") {
            XCTAssertNil(try Data(contentsOf: server.folder.appendingPathComponent(name)).range(of: raw), "\(name) holds a raw student id")
        }
        try server.start()
    }

    /// Starts the server with a config file of `json`: it must refuse, and its error must name the
    /// file and contain `expected`.
    private func assertConfigRefused(_ json: String, saying expected: String, file: StaticString = #filePath,
                                     line: UInt = #line) throws {
        let config = server.folder.appendingPathComponent("bad.json")
        try Data(json.utf8).write(to: config)
        let result = try CommandRunner.run("lotrinh-serve", ["serve", "--config", config.path])
        XCTAssertNotEqual(result.status, 0, file: file, line: line)
        XCTAssertTrue(result.standardError.contains(expected), result.standardError, file: file, line: line)
        XCTAssertTrue(result.standardError.contains(config.path), result.standardError, file: file, line: line)
    }

    func testAConfigWithAnUnknownKeyIsRefusedNamingIt() throws {
        try assertConfigRefused(#"{"model": "m.lotrinh", "database": "a.sqlite", "apiKeys": [], "prot": 8080}"#,
                                saying: "unknown key 'prot'")
    }

    func testAConfigWithoutConnectionThreadsIsRefused() throws {
        try assertConfigRefused(#"{"model": "m.lotrinh", "database": "a.sqlite", "apiKeys": [], "eventLoopThreads": 0}"#,
                                saying: "eventLoopThreads 0 must be in 1...256")
    }

    func testBadInputIsAProblemAndStoresNothingOfTheBatch() async throws {
        let url = server.baseURL + "/v1/answers"
        let good = Self.event("g1", student: "HS-BAD", skill: "T6.01", correct: true, minute: 1)
        func post(_ body: String) async throws -> Reply {
            try await client.send("POST", url, raw: Data(body.utf8))
        }
        func events(_ bad: [String: Any]) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: ["events": [good, bad]]), as: UTF8.self)
        }
        var unknownField = good
        unknownField["eventId"] = "g2"
        unknownField["grade"] = 6
        var unknownSkill = good
        unknownSkill["eventId"] = "g3"
        unknownSkill["skillId"] = "T6.99"
        var both = good
        both["eventId"] = "g4"
        both["score"] = 0.5
        var nullField = good
        nullField["eventId"] = "g6"
        nullField["classId"] = NSNull()
        var outOfRange = good
        outOfRange["eventId"] = "g5"
        outOfRange["correct"] = nil
        outOfRange["score"] = 1.5
        let cases: [(name: String, body: String, status: Int, code: String)] = [
            ("malformed JSON", #"{"events": [{"eventId": "g1","#, 400, "invalid-json"),
            ("wrong type", try events(good).replacingOccurrences(of: "true", with: "\"yes\""), 400, "invalid-request"),
            ("unknown field", try events(unknownField), 400, "invalid-request"),
            ("unknown skill", try events(unknownSkill), 422, "unknown-skill"),
            ("NaN score", try events(good).replacingOccurrences(of: "\"correct\":true", with: "\"score\":NaN"), 400, "invalid-json"),
            ("score out of range", try events(outOfRange), 422, "invalid-answer"),
            ("correct and score", try events(both), 422, "invalid-answer"),
            ("null value", try events(nullField), 400, "invalid-request"),
            ("duplicate event ids", try events(good), 422, "duplicate-event-id"),
            ("empty batch", #"{"events": []}"#, 400, "invalid-request"),
            ("oversized body", #"{"events": [], "pad": ""# + String(repeating: "x", count: 2 << 20) + #""}"#, 413, "body-too-large"),
        ]
        for (name, body, status, code) in cases {
            let reply = try await post(body)
            XCTAssertEqual(reply.status, status, "\(name): \(reply.text)")
            XCTAssertEqual(reply.contentType, "application/problem+json", name)
            XCTAssertEqual(reply.object["code"] as? String, code, "\(name): \(reply.text)")
            XCTAssertFalse((reply.object["detail"] as? String ?? "").isEmpty, name)
        }
        let tooMany = try await client.send("POST", url, json: ["events": (0..<1001).map {
            Self.event("m\($0)", student: "HS-BAD", skill: "T6.01", correct: true, minute: 1) }])
        XCTAssertEqual(tooMany.object["code"] as? String, "batch-too-large", tooMany.text)
        let wrongMedia = try await client.send("POST", url, raw: Data(try events(good).utf8), contentType: "text/plain")
        XCTAssertEqual(wrongMedia.status, 415, wrongMedia.text)
        // Every batch above held the valid g1 (or nothing): none of it was stored.
        let mastery = try await client.send("GET", server.baseURL + "/v1/students/HS-BAD/mastery")
        XCTAssertEqual(mastery.status, 404, mastery.text)
        server.stop()
        let store = try StudentStore(path: server.databasePath, pseudonymizer: try Pseudonymizer(keyFile: server.keyFile))
        XCTAssertEqual(try store.eventCounts().events, 0)
        try store.close()
        try server.start()
    }

    func testAnswerTimesAreReadAsRFC3339WithFractionsAndOffsets() async throws {
        let url = server.baseURL + "/v1/answers"
        let times = ["2026-12-01T08:00:00Z", "2026-12-01T09:30:00+07:00", "2024-02-29T23:59:59.25-05:30", "2026-12-01t08:00:01z", "1999-12-31T23:59:59.5Z"]
        let events = times.enumerated().map { index, time in
            ["eventId": "d\(index)", "studentId": "HS-DATES", "skillId": "T6.01", "correct": true, "answeredAt": time] as [String: Any]
        }
        let stored = try await client.send("POST", url, json: ["events": events])
        XCTAssertEqual(stored.status, 200, stored.text)
        for bad in ["2026-02-30T08:00:00Z", "2026-12-01 08:00:00Z", "2026-12-01T08:00:00", "2026-13-01T08:00:00Z", "2026-12-01T24:00:00Z",
                    "2026-12-01T08:00:00.Z", "2026-12-01T08:00:00+0700"] {
            let reply = try await client.send("POST", url, json: ["events": [
                ["eventId": "bad", "studentId": "HS-DATES", "skillId": "T6.01", "correct": true, "answeredAt": bad]]])
            XCTAssertEqual(reply.status, 400, "\(bad): \(reply.text)")
            XCTAssertEqual(reply.contentType, "application/problem+json", bad)
        }
        server.stop()
        let store = try StudentStore(path: server.databasePath, pseudonymizer: try Pseudonymizer(keyFile: server.keyFile))
        let answers = try store.answers(of: .init(schoolId: "A", storedId: store.storedId(of: "HS-DATES")))
        try store.close()
        // The same instants from the calendar: UTC components, minus the written offset, plus the fraction.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        func instant(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, offsetMinutes: Int = 0, fraction: Double = 0) -> Double {
            calendar.date(from: DateComponents(year: y, month: mo, day: d, hour: h, minute: mi, second: s))!.timeIntervalSince1970
                - Double(offsetMinutes * 60) + fraction
        }
        let expected = [instant(2026, 12, 1, 8, 0, 0), instant(2026, 12, 1, 9, 30, 0, offsetMinutes: 7 * 60),
                        instant(2024, 2, 29, 23, 59, 59, offsetMinutes: -(5 * 60 + 30), fraction: 0.25), instant(2026, 12, 1, 8, 0, 1),
                        instant(1999, 12, 31, 23, 59, 59, fraction: 0.5)]
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: answers.map { ($0.eventId, $0.answeredAt) }),
                       Dictionary(uniqueKeysWithValues: expected.enumerated().map { ("d\($0.offset)", $0.element) }))
        try server.start()
    }
}
