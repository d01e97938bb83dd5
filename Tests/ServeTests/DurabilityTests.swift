import AsyncHTTPClient
import Foundation
import MasteryData
import Recommend
import StudentStore
import XCTest

/// The server killed with SIGKILL while clients post answers: after a restart every acknowledged
/// event is stored exactly once, and each student's mastery is the fresh fold-in of what is stored.
final class DurabilityTests: XCTestCase {
    func testEveryAcknowledgedEventSurvivesSIGKILLExactlyOnce() async throws {
        let server = try ServerProcess()
        try server.start()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let skills = try Recommender(modelPath: server.modelPath).model.metadata.skillIds
        let clients = 8
        let students = 12
        let url = server.baseURL + "/v1/answers"

        // Each client posts batches of 10 until the server dies (bounded: at most 200 batches each).
        let acknowledged = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<clients {
                group.addTask {
                    var acked: [String] = []
                    for batch in 0..<200 {
                        let events = (0..<10).map { index -> [String: Any] in
                            let n = batch * 10 + index
                            return ServiceTests.event("w\(worker)-\(n)", student: "HS-\((worker + n) % students)", skill: skills[(n * 7 + worker) % skills.count],
                                                      correct: (n * 31 + worker) % 3 != 0, minute: n % 60)
                        }
                        guard let reply = try? await client.send("POST", url, json: ["events": events]) else { break }
                        if reply.status == 200 { acked += events.map { $0["eventId"] as! String } }
                    }
                    return acked
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(1500))
                server.stop(SIGKILL)
                return []
            }
            var all: [String] = []
            for try await acked in group { all += acked }
            return all
        }
        XCTAssertGreaterThan(acknowledged.count, 100, "too few answers were acknowledged before the kill to test anything")

        let store = try StudentStore(path: server.databasePath, pseudonymizer: try Pseudonymizer(keyFile: server.keyFile))
        for id in acknowledged {
            XCTAssertTrue(try store.contains(eventId: id, school: "A"), "acknowledged event \(id) is lost")
        }
        let counts = try store.eventCounts()
        XCTAssertEqual(counts.events, counts.distinct, "an event is stored twice")
        XCTAssertGreaterThanOrEqual(counts.events, acknowledged.count)
        try store.close()

        try server.start()
        let reopened = try StudentStore(path: server.databasePath, pseudonymizer: try Pseudonymizer(keyFile: server.keyFile))
        let recommender = try Recommender(modelPath: server.modelPath)
        for student in 0..<students {
            let found = try reopened.student("HS-\(student)", inSchools: ["A"])
            guard let stored = found.first else { continue }
            let answers = try reopened.answers(of: stored.key)
            let state = try recommender.state(after: answers.map {
                AnswerRecord(skillId: $0.skillId, itemId: $0.itemId, outcome: $0.outcome, time: $0.answeredAt)
            })
            let expected = try recommender.mastery(of: state)
            let reply = try await client.send("GET", server.baseURL + "/v1/students/HS-\(student)/mastery")
            XCTAssertEqual(reply.object["answers"] as? Int, answers.count)
            XCTAssertEqual(reply.probabilities, expected.map(\.probability), "student \(student)")
        }
        try reopened.close()
        try await client.shutdown()
        server.stop()
    }
}
