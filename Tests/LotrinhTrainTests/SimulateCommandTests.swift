import Foundation
import LotrinhTestSupport
import XCTest

final class SimulateCommandTests: XCTestCase {
    private let tiny = ["simulate", "--learner", "gated,bkt+continuity", "--learners", "4", "--cohort", "200", "--seeds", "1",
                        "--budgets", "5,10", "--quiet"]

    func testTheBenchPrintsATablePerLearnerModelAndTheSameJSONTwice() throws {
        let text = try CommandRunner.run("lotrinh-train", tiny)
        XCTAssertEqual(text.status, 0, text.standardError)
        for expected in ["== gated ==", "== bkt+continuity ==", "open loop", "closed loop", "continuity-topological", "planner-steps-random", "oracle"] {
            XCTAssertTrue(text.standardOutput.contains(expected), expected + "\n" + text.standardOutput)
        }
        let first = try CommandRunner.run("lotrinh-train", tiny + ["--json", "--loop", "open"])
        let second = try CommandRunner.run("lotrinh-train", tiny + ["--json", "--loop", "open"])
        XCTAssertEqual(first.status, 0, first.standardError)
        XCTAssertEqual(first.standardOutput, second.standardOutput, "a seed gives the same figures")
        let report = try JSONSerialization.jsonObject(with: Data(first.standardOutput.utf8)) as? [String: Any]
        // 2 learner models × 1 loop × 9 policies × 2 budgets.
        XCTAssertEqual((report?["cells"] as? [Any])?.count, 36)
    }

    func testTraceShowsEveryAnswer() throws {
        let result = try CommandRunner.run("lotrinh-train", ["simulate", "--learner", "bkt", "--cohort", "200", "--seeds", "1",
                                                             "--policies", "planner", "--loop", "open", "--budgets", "7", "--trace", "2"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("trace: bkt, seed 1, learner 2, open loop, planner, L = 7"), result.standardOutput)
        // A header, a column line, then one line per answer.
        XCTAssertEqual(result.standardOutput.split(separator: "\n").count, 2 + 7, result.standardOutput)
    }

    func testBadOptionsAreRefusedWithTheirName() throws {
        let budgets = try CommandRunner.run("lotrinh-train", ["simulate", "--budgets", "20,x"])
        XCTAssertNotEqual(budgets.status, 0)
        XCTAssertTrue(budgets.standardError.contains("--budgets"), budgets.standardError)
        let learner = try CommandRunner.run("lotrinh-train", ["simulate", "--learner", "rasch"])
        XCTAssertNotEqual(learner.status, 0)
        XCTAssertTrue(learner.standardError.contains("rasch"), learner.standardError)
        // Both simulations read their weights with one parser: five terms for the bench, four
        // for the tally, each weight finite and not negative.
        let negative = try CommandRunner.run("lotrinh-train", ["simulate", "--score-weights", "1,0,-1,0,1"])
        XCTAssertNotEqual(negative.status, 0)
        XCTAssertTrue(negative.standardError.contains("score weight unlocks = -1.0"), negative.standardError)
        let tally = try CommandRunner.run("lotrinh-train", ["simulate-tally", "--score-weights", "1,0,0.3,0.5,1"])
        XCTAssertNotEqual(tally.status, 0)
        XCTAssertTrue(tally.standardError.contains("4 numbers (gain,closeness,unlocks,topic)"), tally.standardError)
    }

    func testTheTallySimulationStillRuns() throws {
        let result = try CommandRunner.run("lotrinh-train", ["simulate-tally", "--students", "5", "--steps", "2", "--quiet"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("scored"), result.standardOutput)
    }
}
