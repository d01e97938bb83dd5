import AsyncHTTPClient
import Foundation
@testable import lotrinh_serve
import XCTest

/// The stored student's path reply is written by hand (`PathReport.json()`); these tests hold it
/// to the bytes of the generated `Codable` encoder with the server's options (compact, sorted
/// keys, slashes unescaped), and `StudentPathRoute` to the generated server's reading of the request.
final class PathReplyJSONTests: HTTPClientTestCase {
    /// What the generated code writes for the same value, with the options ServiceRunner gives it.
    private func generated(_ report: Components.Schemas.PathReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    private func step(_ skillId: String, name: String, mastery: Double, lower: Double, upper: Double, practice: Int = 3,
                      planned: Int? = nil, reason: String,
                      resources: [(String, String)] = []) -> Components.Schemas.PathStep {
        .init(skillId: skillId, name: name, mastery: mastery, lower: lower, upper: upper, practice: practice,
              practiceReachesThreshold: practice < 40, plannedAnswers: planned, reason: reason,
              resources: resources.map { .init(title: $0.0, url: $0.1) })
    }

    func testHandWrittenReplyIsTheGeneratedEncodersBytes() throws {
        let everyControl = String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self)
        let reports: [Components.Schemas.PathReport] = [
            .init(answers: 0, modelGeneration: 1, steps: [], omitted: 0, graphGiven: false),
            .init(answers: 3, modelGeneration: 1, steps: [
                step("T6.01", name: "Tập hợp", mastery: 0.6980963799375931, lower: 0.2845430167789586, upper: 0.930767281870059,
                     reason: "Tập hợp cần được học trước 1 kỹ năng mục tiêu.",
                     resources: [("Bài giảng: Tập hợp", "https://thuvien.example.edu.vn/toan6/bai-giang/t6-01")]),
                step("T6.02", name: "Cách ghi số tự nhiên", mastery: 1, lower: 0, upper: 1, practice: 0, reason: "Đã thành thạo."),
            ], omitted: 11, graphGiven: true),
            .init(answers: 50, modelGeneration: 7, steps: [
                step("K-\"q\"\\", name: "tab\there, newline\nand \(everyControl) 🙂 ư\u{7f}\u{2028}", mastery: 1e-5, lower: .leastNonzeroMagnitude,
                     upper: 0.1, practice: 40, planned: 2, reason: "quote \" backslash \\ slash /",
                     resources: [("", ""), ("a/b", "c\\d")]),
                step("K2", name: "", mastery: 0.5, lower: 0.25, upper: 0.75, planned: 0, reason: ""),
            ], omitted: 0, graphGiven: true, schedule: ["K-\"q\"\\", "K-\"q\"\\", "K2"]),
            .init(answers: 1, modelGeneration: 2, steps: [], omitted: 1_000, graphGiven: false, schedule: []),
        ]
        for report in reports {
            XCTAssertEqual(String(decoding: try report.json(), as: UTF8.self), try generated(report))
        }
    }

    func testANumberJSONCannotCarryIsAnErrorNotABrokenReply() throws {
        let report = Components.Schemas.PathReport(answers: 0, modelGeneration: 1, steps: [
            step("T6.01", name: "Tập hợp", mastery: .nan, lower: 0, upper: 1, reason: "")], omitted: 0, graphGiven: true)
        XCTAssertThrowsError(try report.json()) { error in
            XCTAssertEqual((error as? Problem)?.status, 500)
            XCTAssertTrue((error as? Problem)?.detail.contains("mastery of T6.01") ?? false, "\(error)")
        }
    }

    /// Real replies from the server (Vietnamese names and reasons, learning material with URLs,
    /// a schedule): each is exactly what the generated encoder writes for the decoded reply.
    func testServedPathsAreTheGeneratedEncodersBytes() async throws {
        let server = try ServerProcess()
        try server.start()
        defer { server.stop() }
        let events = [("T6.13", false, 1), ("T6.13", true, 2), ("T6.14", true, 3)].enumerated().map { index, answer in
            ServiceTests.event("p\(index)", student: "HS-Ư 17", skill: answer.0, correct: answer.1, minute: answer.2)
        }
        let stored = try await client.send("POST", server.baseURL + "/v1/answers", json: ["events": events])
        XCTAssertEqual(stored.status, 200, stored.text)
        let bodies: [[String: Any]] = [
            [:], ["maxSteps": 20, "language": "vi"], ["goals": ["T6.26"], "maxAnswers": 12, "language": "en"],
            ["topic": "phan so", "maxSteps": 5, "language": "vi"],
        ]
        // The id percent-encoded in the path, as a client must send it; the generated code decoded it.
        let url = server.baseURL + "/v1/students/HS-%C6%AF+17/path"
        for body in bodies {
            let reply = try await client.send("POST", url, json: body)
            XCTAssertEqual(reply.status, 200, reply.text)
            XCTAssertEqual(reply.contentType, "application/json; charset=utf-8")
            let report = try JSONDecoder().decode(Components.Schemas.PathReport.self, from: reply.body)
            XCTAssertEqual(report.answers, 3)
            XCTAssertFalse(report.steps.isEmpty, reply.text)
            XCTAssertEqual(reply.text, try generated(report))
        }
        let vi = try await client.send("POST", url, json: ["maxSteps": 20, "language": "vi"])
        XCTAssertTrue(vi.text.contains(#""name":"Tập hợp","#) && vi.text.contains("là một mục tiêu."), vi.text)
        let scheduled = try JSONDecoder().decode(Components.Schemas.PathReport.self,
                                                 from: try await client.send("POST", url, json: ["maxAnswers": 12]).body)
        XCTAssertEqual(scheduled.schedule?.count, 12)
        let material = try await client.send("POST", url, json: ["topic": "phan so", "maxSteps": 5])
        XCTAssertTrue(material.text.contains("\"url\":\"https://thuvien.example.edu.vn/"), material.text)
    }

    /// The request as the generated server read it: content types, the body's checks, the
    /// school named in the query, the problem of a missing student.
    func testTheRequestIsReadAsTheGeneratedServerReadIt() async throws {
        let server = try ServerProcess()
        try server.start()
        defer { server.stop() }
        let stored = try await client.send("POST", server.baseURL + "/v1/answers", key: ServerProcess.keyAll, json: ["events": [
            ServiceTests.event("q1", student: "HS-Q", skill: "T6.01", correct: true, minute: 1, school: "A")]])
        XCTAssertEqual(stored.status, 200, stored.text)
        let url = server.baseURL + "/v1/students/HS-Q/path"
        let options = Data(#"{"maxSteps": 2}"#.utf8)
        for type in ["application/json", "application/json; charset=utf-8", "Application/JSON", "*/*", "application/*", "nonsense"] {
            let reply = try await client.send("POST", url, raw: options, contentType: type)
            XCTAssertEqual(reply.status, 200, "\(type): \(reply.text)")
        }
        for type in ["text/plain", "application/xml", "application/json-patch+json"] {
            let reply = try await client.send("POST", url, raw: options, contentType: type)
            XCTAssertEqual(reply.status, 415, "\(type): \(reply.text)")
            XCTAssertEqual(reply.object["code"] as? String, "unsupported-media-type", reply.text)
        }
        let cases: [(body: String, status: Int, code: String)] = [
            ("", 400, "invalid-json"), (#"{"maxSteps": 2"#, 400, "invalid-json"), (#"{"maxSteps": "two"}"#, 400, "invalid-request"),
            (#"{"maxStep": 2}"#, 400, "invalid-request"), (#"{"language": "fr"}"#, 400, "invalid-request"),
            (#"{"maxSteps": null}"#, 400, "invalid-request"), (#"{"goals": ["NO-SUCH-SKILL"]}"#, 422, "unknown-skill"),
        ]
        for (body, status, code) in cases {
            let reply = try await client.send("POST", url, raw: Data(body.utf8))
            XCTAssertEqual(reply.status, status, "\(body): \(reply.text)")
            XCTAssertEqual(reply.contentType, "application/problem+json", body)
            XCTAssertEqual(reply.object["code"] as? String, code, "\(body): \(reply.text)")
        }
        let inSchool = try await client.send("POST", url + "?schoolId=A", key: ServerProcess.keyAll, raw: options)
        XCTAssertEqual(inSchool.status, 200, inSchool.text)
        let otherSchool = try await client.send("POST", url + "?schoolId=B", key: ServerProcess.keyAll, raw: options)
        let outOfScope = try await client.send("POST", url + "?schoolId=B", key: ServerProcess.keyA, raw: options)
        let missing = try await client.send("POST", server.baseURL + "/v1/students/HS-NOBODY/path", raw: options)
        for reply in [otherSchool, outOfScope, missing] {
            XCTAssertEqual(reply.status, 404, reply.text)
            XCTAssertEqual(reply.object["detail"] as? String, "no such student in the schools of this API key")
        }
        let metrics = try await client.send("GET", server.baseURL + "/metrics", key: nil)
        XCTAssertTrue(metrics.text.contains(#"route="/v1/students/{studentId}/path",status="200""#), metrics.text)
    }

    func testQueryAndPathValuesDecodeAsOpenAPIRuntimeDecodesThem() {
        XCTAssertEqual(StudentPathRoute.uriDecoded("HS-%C6%AF+17"), "HS-Ư 17")
        XCTAssertEqual(StudentPathRoute.uriDecoded("a%2Bb"), "a+b")
        XCTAssertEqual(StudentPathRoute.uriDecoded("bad%zz"), "")
        // Nothing to decode: the id itself, Vietnamese letters included.
        XCTAssertEqual(StudentPathRoute.uriDecoded("HS-Ư-17"), "HS-Ư-17")
        XCTAssertEqual(StudentPathRoute.queryValue("schoolId", in: "x=1&schoolId=tr%C6%B0%E1%BB%9Dng+A&schoolId=B"), "trường A")
        XCTAssertEqual(StudentPathRoute.queryValue("schoolId", in: "schoolId"), "")
        XCTAssertNil(StudentPathRoute.queryValue("schoolId", in: "school=A"))
        XCTAssertNil(StudentPathRoute.queryValue("schoolId", in: nil))
    }
}
