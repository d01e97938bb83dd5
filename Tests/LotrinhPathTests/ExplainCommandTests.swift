import Foundation
import LotrinhTestSupport
import XCTest

final class ExplainCommandTests: XCTestCase {
    private let model = ["--model", "models/vn-grade6.lotrinh"]

    private func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try CommandRunner.run("lotrinh-path", arguments + ["--json"])
        XCTAssertEqual(result.status, 0, result.standardError)
        return try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as! [String: Any]
    }

    /// The evidence's "mastery without answer k" is checked independently: the student's rows
    /// minus that answer are written to a file and `student` refits them from scratch.
    func testLeaveOneOutEvidenceMatchesARefitWithoutTheAnswer() throws {
        let csv = try String(contentsOfFile: RepositoryPaths.root.appendingPathComponent("datasets/vn-grade6/responses.csv").path, encoding: .utf8)
        let lines = csv.split(separator: "\n").map(String.init)
        let rows = lines.dropFirst().filter { $0.hasPrefix("17,") }
        let directory = TemporaryDirectory("lotrinh-path-explain")
        let answers = directory.write("student-17.csv", ([lines[0]] + rows).joined(separator: "\n") + "\n")
        let report = try json(["explain"] + model + ["--answers", answers, "--student", "17", "--skill", "T6.08", "--evidence", "3"])
        let evidence = report["evidence"] as! [[String: Any]]
        XCTAssertEqual(evidence.count, 3)
        let full = (report["skill"] as! [String: Any])["mastery"] as! Double
        let changes = evidence.map { abs($0["change"] as! Double) }
        XCTAssertEqual(changes, changes.sorted(by: >), "largest change first")

        // Answers are the student's rows grouped by their `order` (a two-skill question is two rows).
        let orders = rows.map { $0.split(separator: ",")[4] }
        var answerOfRow: [Int] = []
        for (index, order) in orders.enumerated() { answerOfRow.append(index > 0 && orders[index - 1] == order ? answerOfRow[index - 1] : (answerOfRow.last ?? -1) + 1) }
        for entry in evidence {
            let left = (entry["answer"] as! Int) - 1
            let kept = rows.indices.filter { answerOfRow[$0] != left }.map { rows[$0] }
            let file = directory.write("without-\(left).csv", ([lines[0]] + kept).joined(separator: "\n") + "\n")
            let refit = try json(["student"] + model + ["--answers", file, "--student", "17", "--mastery", "--max-steps", "1"])
            let mastery = (refit["skills"] as! [[String: Any]]).first { $0["id"] as? String == "T6.08" }!["mastery"] as! Double
            XCTAssertEqual(entry["masteryWithout"] as! Double, mastery, accuracy: 1e-9)
            XCTAssertEqual(entry["change"] as! Double, full - mastery, accuracy: 1e-9)
        }
    }

    /// A skill on the path, a mastered one and one outside the goals' closure each get their verdict.
    func testVerdictsPrerequisitesAndGoals() throws {
        let answers = ["--answers", "datasets/vn-grade6/responses.csv", "--student", "17", "--goals", "T6.26"]
        let onPath = try json(["explain"] + model + answers + ["--skill", "T6.09"])
        XCTAssertEqual(onPath["verdict"] as? String, "onPath")
        XCTAssertEqual((onPath["prerequisites"] as! [[String: Any]]).map { $0["id"] as! String }, ["T6.02", "T6.08"])
        XCTAssertEqual((onPath["goalsNeedingIt"] as! [[String: Any]]).map { $0["id"] as! String }, ["T6.26"])
        let student = try json(["student"] + model + answers + ["--mastery"])
        let states = Dictionary(uniqueKeysWithValues: (student["skills"] as! [[String: Any]]).map { ($0["id"] as! String, $0["state"] as! String) })
        let mastered = states.first { $0.value == "mastered" }!.key
        XCTAssertEqual(try json(["explain"] + model + answers + ["--skill", mastered])["verdict"] as? String, "mastered")
        let notNeeded = states.first { $0.value == "notNeeded" }!.key
        let outside = try json(["explain"] + model + answers + ["--skill", notNeeded])
        XCTAssertEqual(outside["verdict"] as? String, "notNeeded")
        XCTAssertEqual((outside["goalsNeedingIt"] as! [Any]).count, 0)
    }

    func testTextWithoutAnswersHelpAndErrors() throws {
        let text = try CommandRunner.run("lotrinh-path", ["explain"] + model + ["--student", "17", "--skill", "T6.09", "--lang", "en"])
        XCTAssertEqual(text.status, 0, text.standardError)
        XCTAssertTrue(text.standardOutput.hasPrefix("Why Dấu hiệu chia hết cho 2, cho 5 (T6.09)? Student 17"), text.standardOutput)
        XCTAssertTrue(text.standardOutput.contains("No answers were given"), text.standardOutput)
        let help = try CommandRunner.run("lotrinh-path", ["explain", "--help"])
        XCTAssertTrue(help.standardOutput.contains("Examples:"))
        XCTAssertEqual(try CommandRunner.run("lotrinh-path", ["explain"] + model + ["--student", "17"]).status, 64, "no skill")
        let unknown = try CommandRunner.run("lotrinh-path", ["explain"] + model + ["--student", "17", "--skill", "T9.99"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.standardError.contains("'T9.99'"), unknown.standardError)
    }
}
