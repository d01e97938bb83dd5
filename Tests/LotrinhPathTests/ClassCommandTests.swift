import Foundation
import LotrinhTestSupport
import XCTest

final class ClassCommandTests: XCTestCase {
    private let base = ["class", "--model", "models/vn-grade6.lotrinh", "--answers", "datasets/vn-grade6/responses.csv"]

    private func path(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run("lotrinh-path", arguments)
    }

    private func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try path(arguments + ["--json"])
        XCTAssertEqual(result.status, 0, result.standardError)
        return try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as! [String: Any]
    }

    /// The roster's class 3 is the 40 students with class_id 3 in the CSV, and every count adds up:
    /// per skill the four states cover the class, groups share their next steps, and each
    /// student's next step is counted once.
    func testAClassFromTheRosterAddsUp() throws {
        let report = try json(base + ["--class", "3", "--goals", "T6.26"])
        let csv = try String(contentsOfFile: RepositoryPaths.root.appendingPathComponent("datasets/vn-grade6/responses.csv").path, encoding: .utf8)
        let fields: [[Substring]] = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        let expected = Set(fields.filter { $0[6] == "3" }.map { String($0[0]) })
        let students = report["students"] as! [[String: Any]]
        XCTAssertEqual(Set(students.map { $0["id"] as! String }), expected)
        XCTAssertEqual(students.count, 40)
        let skills = report["skills"] as! [[String: Any]]
        for skill in skills {
            let total = ["mastered", "ready", "needsPrerequisite", "notNeeded"].map { skill[$0] as! Int }.reduce(0, +)
            XCTAssertEqual(total, 40, "\(skill["id"]!)")
        }
        let nextSteps = Dictionary(uniqueKeysWithValues: students.map { ($0["label"] as! String, $0["nextSteps"] as! [String]) })
        XCTAssertEqual(skills.map { $0["nextStepOf"] as! Int }.reduce(0, +), nextSteps.values.filter { !$0.isEmpty }.count)
        for group in report["groups"] as! [[String: Any]] {
            let members = group["students"] as! [String]
            XCTAssertGreaterThan(members.count, 1)
            for member in members { XCTAssertEqual(nextSteps[member], group["nextSteps"] as? [String]) }
        }
        // Only prerequisites of something in scope, weakest first.
        let weakest = (report["weakestPrerequisites"] as! [[String: Any]]).map { $0["meanMastery"] as! Double }
        XCTAssertEqual(weakest, weakest.sorted())
        XCTAssertFalse((report["weakestPrerequisites"] as! [[String: Any]]).contains { $0["id"] as? String == "T6.26" }, "the goal has no dependent in scope")
    }

    /// The class JSON carries each student's whole path with the practice of every step, and
    /// each path starts with the student's next step; with a budget, each path's planned answers
    /// add up to it.
    func testEachStudentsWholePathWithPractice() throws {
        let report = try json(base + ["--class", "3", "--goals", "T6.26"])
        for student in report["students"] as! [[String: Any]] {
            let path = student["path"] as! [[String: Any]]
            XCTAssertEqual(path.prefix(1).map { $0["id"] as! String }, student["nextSteps"] as! [String])
            XCTAssertTrue(path.allSatisfy { ($0["estimatedPractice"] as! Int) >= 1 })
        }
        let budgeted = try json(base + ["--class", "3", "--goals", "T6.26", "--max-answers", "15"])
        for student in budgeted["students"] as! [[String: Any]] {
            let planned = (student["path"] as! [[String: Any]]).map { $0["plannedAnswers"] as! Int }
            XCTAssertTrue(planned.isEmpty || planned.reduce(0, +) == 15, "\(student["label"]!): \(planned)")
        }
    }

    /// A class list file gives the same students, in its order; stuck students follow the rules given.
    func testAClassListAndTheStuckRules() throws {
        let directory = TemporaryDirectory("lotrinh-path-class")
        let list = directory.write("class.txt", "# class 3, first five\n85\n81\n\n83 # new this year\n82\n84\n")
        let report = try json(base + ["--students", list, "--stuck-mastery", "0.99", "--stuck-attempts", "1000"])
        XCTAssertEqual((report["students"] as! [[String: Any]]).map { $0["id"] as! String }, ["85", "81", "83", "82", "84"])
        let stuck = report["stuck"] as! [[String: Any]]
        XCTAssertEqual(stuck.count, 5, "everyone is below a mean mastery of 0.99")
        XCTAssertTrue(stuck.allSatisfy { $0["reasons"] as? [String] == ["lowMastery"] })
        let none = try json(base + ["--students", list, "--stuck-mastery", "0.01", "--stuck-attempts", "1000"])
        XCTAssertEqual((none["stuck"] as! [Any]).count, 0)
    }

    func testTextHelpAndErrors() throws {
        let text = try path(base + ["--class", "3", "--lang", "en", "--hide-ids"])
        XCTAssertEqual(text.status, 0, text.standardError)
        XCTAssertTrue(text.standardOutput.hasPrefix("Class report: class 3 · 40 students"), text.standardOutput)
        for heading in ["Teach together", "Students who are stuck", "weakest prerequisites"] {
            XCTAssertTrue(text.standardOutput.contains(heading), heading)
        }
        XCTAssertTrue(text.standardOutput.contains("\n#40 "), "pseudonymous labels")

        let help = try path(["class", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.standardOutput.contains("Examples:") && help.standardOutput.contains("--hide-ids"))
        XCTAssertEqual(try path(["class", "--model", "models/vn-grade6.lotrinh"]).status, 64, "no class named")
        XCTAssertEqual(try path(["class", "--model", "models/vn-grade6.lotrinh", "--class", "3"]).status, 64, "roster without answers")
        XCTAssertEqual(try path(base + ["--class", "3", "--json", "--markdown"]).status, 64, "two formats")
        let missing = try path(base + ["--class", "99"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.standardError.contains("class 99"), missing.standardError)
        let directory = TemporaryDirectory("lotrinh-path-class")
        let twice = try path(base + ["--students", directory.write("twice.txt", "81\n82\n81\n")])
        XCTAssertEqual(twice.status, 1)
        XCTAssertTrue(twice.standardError.contains("twice.txt:3: student '81' is already listed on line 1"), twice.standardError)
    }
}
