import Foundation
import LotrinhTestSupport
import XCTest

/// A report built on the model's training-time estimate, instead of the student's current
/// answers, says so on standard error (a teacher who forgot --answers would otherwise see a
/// different picture without knowing), and stays a report: the warning is not fatal.
final class TrainingEstimateWarningTests: XCTestCase {
    private let model = ["--model", "models/vn-grade6.lotrinh"]
    private let answers = ["--answers", "datasets/vn-grade6/responses.csv"]

    private func run(_ arguments: [String], status: Int32 = 0, file: StaticString = #filePath, line: UInt = #line) throws -> CommandResult {
        let result = try CommandRunner.run("lotrinh-path", arguments)
        XCTAssertEqual(result.status, status, "\(arguments): \(result.standardError)", file: file, line: line)
        return result
    }

    private func warnings(_ result: CommandResult) -> [Substring] {
        result.standardError.split(separator: "\n").filter { $0.hasPrefix("warning:") }
    }

    /// The responses of the students kept, in a file of their own.
    private func answersFile(keeping students: Set<String>, in folder: TemporaryDirectory) throws -> String {
        let rows = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("datasets/vn-grade6/responses.csv"), encoding: .utf8)
            .split(separator: "\n")
        let kept = [rows[0]] + rows.dropFirst().filter { students.contains(String($0.prefix { $0 != "," })) }
        let file = folder.url.appendingPathComponent("answers.csv")
        try (kept.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    func testStudentWithoutAnswersIsWarnedAbout() throws {
        let alone = try run(["student"] + model + ["--student", "17", "--json", "--lang", "en"])
        XCTAssertEqual(warnings(alone), ["warning: showing the model's training-time estimate for student 17; pass --answers to fold in their current answers"])
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(alone.standardOutput.utf8)), "the report itself is untouched")
        let folded = try run(["student"] + model + answers + ["--student", "17", "--json", "--lang", "en"])
        XCTAssertEqual(warnings(folded), [], folded.standardError)
        let explain = try run(["explain"] + model + ["--student", "17", "--skill", "T6.05", "--lang", "en"])
        XCTAssertEqual(warnings(explain).count, 1, explain.standardError)
        XCTAssertTrue(explain.standardError.contains("training-time estimate for student 17"), explain.standardError)
    }

    /// --answers without a row of the student: the training-time estimate, the very one shown
    /// without --answers, and a warning that names the file; a student in neither is an error.
    func testStudentMissingFromTheAnswersFallsBackWithAWarning() throws {
        let folder = TemporaryDirectory("lotrinh-warnings")
        let others = try answersFile(keeping: ["3"], in: folder)
        let missing = try run(["student"] + model + ["--answers", others, "--student", "17", "--json", "--mastery", "--lang", "en"])
        XCTAssertEqual(warnings(missing), ["warning: student 17 has no answers in \(others); showing the model's training-time estimate"])
        let trained = try run(["student"] + model + ["--student", "17", "--json", "--mastery", "--lang", "en"])
        let fallback = try JSONSerialization.jsonObject(with: Data(missing.standardOutput.utf8)) as! [String: Any]
        let expected = try JSONSerialization.jsonObject(with: Data(trained.standardOutput.utf8)) as! [String: Any]
        XCTAssertNil(fallback["answers"])
        XCTAssertEqual(fallback["mastered"] as? Int, expected["mastered"] as? Int)
        XCTAssertEqual((fallback["skills"] as! [[String: Any]]).map { $0["mastery"] as! Double },
                       (expected["skills"] as! [[String: Any]]).map { $0["mastery"] as! Double })
        let nobody = try run(["student"] + model + ["--answers", others, "--student", "nobody", "--lang", "en"], status: 1)
        XCTAssertTrue(nobody.standardError.contains("student 'nobody' has no answers in \(others) and is not in the model"), nobody.standardError)
    }

    /// A class gets one warning, not one per student; --hide-ids keeps ids out of it.
    func testClassGetsOneWarning() throws {
        let folder = TemporaryDirectory("lotrinh-warnings")
        let list = folder.url.appendingPathComponent("class.txt")
        try "3\n17\n25\n".write(to: list, atomically: true, encoding: .utf8)
        let noAnswers = try run(["class"] + model + ["--students", list.path, "--lang", "en"])
        XCTAssertEqual(warnings(noAnswers), ["warning: showing the model's training-time estimates for the 3 students; pass --answers to fold in their current answers"])
        let some = try answersFile(keeping: ["3", "25"], in: folder)
        let partial = try run(["class"] + model + ["--answers", some, "--students", list.path, "--lang", "en"])
        XCTAssertEqual(warnings(partial), ["warning: 1 student has no answers in \(some) ('17'); showing the model's training-time estimates for them"])
        let hidden = try run(["class"] + model + ["--answers", some, "--students", list.path, "--hide-ids", "--lang", "en"])
        XCTAssertEqual(warnings(hidden), ["warning: 1 student has no answers in \(some) ('#2'); showing the model's training-time estimates for them"])
        let everyone = try run(["class"] + model + answers + ["--students", list.path, "--lang", "en"])
        XCTAssertEqual(warnings(everyone), [], everyone.standardError)
    }
}
