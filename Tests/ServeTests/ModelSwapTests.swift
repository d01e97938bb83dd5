import AsyncHTTPClient
import Foundation
import LotrinhTestSupport
import MasteryModel
import Recommend
import XCTest

/// SIGHUP under load: the new model is swapped in with no failed request and no reply mixing two
/// models; a bad file (written in place over the model) leaves the old model serving.
final class ModelSwapTests: XCTestCase {
    func testReloadUnderLoadFailsNoRequestAndABadFileKeepsTheOldModel() async throws {
        let server = try ServerProcess()
        try server.start()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let base = server.baseURL
        let answers: [(skill: String, outcome: Bool, minute: Int)] = (0..<10).map { ("T6.\(String(format: "%02d", 1 + $0 % 9))", $0 % 3 != 0, $0) }
        let events = answers.enumerated().map { ServiceTests.event("s\($0)", student: "HS-SWAP", skill: $1.skill, correct: $1.outcome, minute: $1.minute) }
        let status1 = try await client.send("POST", base + "/v1/answers", json: ["events": events]).status
        XCTAssertEqual(status1, 200)

        // What each model says about this student: the fresh fold-in of the same answers.
        // A second model that answers differently: the bundled one with its global bias moved.
        let secondModel = server.folder.appendingPathComponent("second.lotrinh").path
        var shifted = try MasteryModel.load(from: server.modelPath)
        shifted.globalBias += 0.5
        try shifted.write(to: secondModel)
        func expected(_ path: String) throws -> [Double] {
            let recommender = try Recommender(modelPath: path)
            let records = answers.map {
                AnswerRecord(skillId: $0.skill, outcome: $0.outcome ? 1 : 0,
                             time: ISO8601DateFormatter().date(from: String(format: "2026-12-01T08:%02d:00Z", $0.minute))!.timeIntervalSince1970)
            }
            return try recommender.mastery(of: recommender.state(after: records)).map(\.probability)
        }
        let byGeneration = [1: try expected(server.modelPath), 2: try expected(secondModel)]
        XCTAssertNotEqual(byGeneration[1], byGeneration[2], "the two models must differ for the test to see a mix")

        let deadline = ContinuousClock.now + .seconds(4)
        let replies = try await withThrowingTaskGroup(of: [(status: Int, generation: Int?, probabilities: [Double])].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var seen: [(status: Int, generation: Int?, probabilities: [Double])] = []
                    while ContinuousClock.now < deadline, seen.count < 5_000 {
                        let reply = try await client.send("GET", base + "/v1/students/HS-SWAP/mastery")
                        seen.append((reply.status, reply.object["modelGeneration"] as? Int, reply.probabilities))
                    }
                    return seen
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(800))
                // Deployed as a new file renamed over the old one, then SIGHUP.
                let staging = server.folder.appendingPathComponent("staging.lotrinh").path
                try FileManager.default.copyItem(atPath: secondModel, toPath: staging)
                XCTAssertEqual(rename(staging, server.modelPath), 0)
                server.signal(SIGHUP)
                for _ in 0..<100 {
                    if try await client.send("GET", base + "/v1/model").object["generation"] as? Int == 2 { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                // A bad file copied in place over the loaded model's file, then SIGHUP again.
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: server.modelPath))
                try handle.truncate(atOffset: 0)
                try handle.write(contentsOf: Data("not a model".utf8))
                try handle.close()
                server.signal(SIGHUP)
                return []
            }
            var all: [(status: Int, generation: Int?, probabilities: [Double])] = []
            for try await seen in group { all += seen }
            return all
        }
        XCTAssertGreaterThan(replies.count, 50)
        XCTAssertEqual(replies.filter { $0.status != 200 }.count, 0, "failed requests during the swap")
        var generations = Set<Int>()
        for reply in replies {
            guard let generation = reply.generation, let expected = byGeneration[generation] else {
                XCTFail("a reply without a known model generation")
                continue
            }
            generations.insert(generation)
            XCTAssertEqual(reply.probabilities, expected, "a reply of generation \(generation) is not that model's answer")
        }
        XCTAssertEqual(generations, [1, 2], "the load did not span the swap")

        let model = try await client.send("GET", base + "/v1/model")
        XCTAssertEqual(model.object["generation"] as? Int, 2, "the bad file replaced the serving model")
        let after = try await client.send("GET", base + "/v1/students/HS-SWAP/mastery")
        XCTAssertEqual(after.status, 200)
        XCTAssertTrue(server.log.contains("model reload failed"), server.log)
        let metrics = try await client.send("GET", base + "/metrics", key: nil).text
        XCTAssertTrue(metrics.contains(#"lotrinh_model_reloads_total{result="failed"} 1"#), metrics)
        try await client.shutdown()
        XCTAssertEqual(server.stop(SIGTERM), 0, "SIGTERM did not stop the server cleanly")
    }
}
