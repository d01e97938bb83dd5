import Foundation
import LotrinhTestSupport
import XCTest

final class StudentCommandTests: XCTestCase {
    private func path(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run("lotrinh-path", arguments)
    }

    func testMasteryTableFromAStudentsAnswers() throws {
        let result = try path(["student", "--model", "models/vn-grade6.lotrinh", "--answers", "datasets/vn-grade6/responses.csv", "--student", "17", "--mastery", "--lang", "en"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.hasPrefix("Student 17: 156 answers folded in"), result.standardOutput)
        let lines = result.standardOutput.split(separator: "\n")
        let rows = lines.filter { $0.hasPrefix("T6.") }
        XCTAssertEqual(rows.count, 45)
        // Vietnamese names with diacritics pad to the same display width: every bar starts in one column.
        let barColumns = Set(rows.map { row in row.distance(from: row.startIndex, to: row.firstIndex { "█░".contains($0) }!) })
        XCTAssertEqual(barColumns.count, 1, "bars misaligned: \(barColumns)")
    }

    /// Vietnamese skill names make Vietnamese the interface language; plain text has no colour codes.
    func testVietnameseByDefaultAndNoColourInAPipe() throws {
        let result = try path(["student", "--model", "models/vn-grade6.lotrinh", "--answers", "datasets/vn-grade6/responses.csv", "--student", "17",
                               "--goals", "T6.26"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.hasPrefix("Học sinh 17: ước lượng từ 156 câu trả lời"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("Lộ trình: "), result.standardOutput)
        XCTAssertFalse(result.standardOutput.contains("\u{1B}["), "colour codes in a pipe")
    }

    func testJSONAndTheModelsOwnEstimate() throws {
        let result = try path(["student", "--model", "models/vn-grade6.lotrinh", "--student", "17", "--json", "--mastery"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        XCTAssertEqual(object?["student"] as? String, "17")
        XCTAssertNil(object?["answers"], "no answers were folded in")
        XCTAssertEqual((object?["skills"] as? [Any])?.count, 45)
    }

    /// A budget in answers gives a schedule of exactly that many answers, walking the planned
    /// steps in order; a budget below one is refused before anything is read.
    func testAnswerBudgetPrintsAScheduleOfExactlyThatLength() throws {
        let result = try path(["student", "--model", "models/vn-grade6.lotrinh", "--answers", "datasets/vn-grade6/responses.csv",
                               "--student", "17", "--goals", "T6.26,T6.30", "--max-answers", "12", "--json"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as! [String: Any]
        let schedule = object["practiceSchedule"] as! [String]
        XCTAssertEqual(schedule.count, 12)
        let steps = object["path"] as! [[String: Any]]
        XCTAssertEqual(schedule, steps.flatMap { Array(repeating: $0["id"] as! String, count: $0["plannedAnswers"] as! Int) })
        let refused = try path(["student", "--model", "models/vn-grade6.lotrinh", "--student", "17", "--max-answers", "0"])
        XCTAssertEqual(refused.status, 64)
        XCTAssertTrue(refused.standardError.contains("--max-answers"), refused.standardError)
    }

    /// Every step comes after the steps that teach its prerequisites (or the prerequisite is mastered),
    /// and the goal's unmastered ancestors are all on the path.
    func testPathRespectsPrerequisites() throws {
        let result = try path(["student", "--model", "models/vn-grade6.lotrinh", "--answers", "datasets/vn-grade6/responses.csv",
                               "--student", "3", "--goals", "T6.30", "--json", "--mastery", "--threshold", "0.9"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as! [String: Any]
        let steps = object["path"] as! [[String: Any]]
        XCTAssertFalse(steps.isEmpty)
        let skills = Dictionary(uniqueKeysWithValues: (object["skills"] as! [[String: Any]]).map { ($0["id"] as! String, $0["lower"] as! Double) })
        if skills["T6.30"]! < 0.9 {
            XCTAssertEqual(steps.last?["id"] as? String, "T6.30", "the goal comes after everything it needs")
        } else {
            XCTAssertFalse(steps.contains { $0["id"] as? String == "T6.30" }, "a mastered goal is not a step")
        }
        // A prerequisite may also be done by a run: the student's last three answers on it right
        // (PathRequest.rightInARowForMastery), counted here from the file in answer order.
        let rows = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("datasets/vn-grade6/responses.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
            .filter { $0[0] == "3" }.sorted { Int($0[4])! < Int($1[4])! }
        var run: [String: Int] = [:]
        for row in rows { run[row[1]] = row[3] == "1" ? run[row[1], default: 0] + 1 : 0 }
        var seen = Set<String>()
        for step in steps {
            for prerequisite in step["prerequisites"] as! [String] {
                XCTAssertTrue(seen.contains(prerequisite) || skills[prerequisite]! >= 0.9 || run[prerequisite, default: 0] >= 3,
                              "\(step["id"]!) before its prerequisite \(prerequisite)")
            }
            seen.insert(step["id"] as! String)
        }
    }

    func testErrorsAndHelp() throws {
        XCTAssertEqual(try path(["student", "--model", "models/vn-grade6.lotrinh"]).status, 64)
        let unknown = try path(["student", "--model", "models/vn-grade6.lotrinh", "--student", "nobody"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.standardError.contains("'nobody'"), unknown.standardError)
        let help = try path(["student", "--help"])
        XCTAssertTrue(help.standardOutput.contains("Examples:"))
    }
}
