import Foundation
import LotrinhTestSupport
import XCTest

/// lotrinh-path reads answers with lotrinh-train's options: a file in another layout, with invalid
/// rows, or with ids to pseudonymize gives the report the same answers in Lotrinh's layout give.
final class AnswerReadingOptionsTests: XCTestCase {
    private let model = "models/vn-grade6.lotrinh"
    private var directory: TemporaryDirectory!
    /// Student 17's rows of the bundled answers, in Lotrinh's layout.
    private var rows: [[String]] = []
    private let header = ["student_id", "skill_id", "item_id", "correct", "order", "school_id", "class_id", "grade"]

    override func setUpWithError() throws {
        directory = TemporaryDirectory("path-reading")
        let bundled = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("datasets/vn-grade6/responses.csv"), encoding: .utf8)
        let lines = bundled.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(lines[0], header)
        rows = lines.dropFirst().filter { $0[0] == "17" }
        XCTAssertGreaterThan(rows.count, 20)
    }

    override func tearDown() { directory = nil }

    private func csv(_ header: [String], _ rows: [[String]]) -> String {
        ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    private func report(_ answers: String, _ options: [String] = []) throws -> CommandResult {
        try CommandRunner.run("lotrinh-path", ["student", "--model", model, "--answers", answers, "--student", "17", "--json"] + options)
    }

    func testAnotherLayoutIsReadWithColumnsOrAPreset() throws {
        let reference = try report(directory.write("lotrinh.csv", csv(header, rows)))
        XCTAssertEqual(reference.status, 0, reference.standardError)

        // A school's export: other names, other order.
        let renamed = directory.write("school.csv", csv(["ok", "kn", "hs", "cau", "stt"], rows.map { [$0[3], $0[1], $0[0], $0[2], $0[4]] }))
        let unmapped = try report(renamed)
        XCTAssertEqual(unmapped.status, 1)
        XCTAssertTrue(unmapped.standardError.contains("missing column"), unmapped.standardError)
        let mapped = try report(renamed, ["--column", "student=hs", "--column", "skill=kn", "--column", "correct=ok",
                                          "--column", "item=cau", "--column", "order=stt"])
        XCTAssertEqual(mapped.status, 0, mapped.standardError)
        XCTAssertEqual(mapped.standardOutput, reference.standardOutput)

        // ASSISTments' layout (skill_idx, problem_id, seq_idx).
        let assistments = directory.write("interactions.csv", csv(["student_id", "skill_idx", "problem_id", "correct", "seq_idx"],
                                                                  rows.map { Array($0.prefix(5)) }))
        let preset = try report(assistments, ["--preset", "assistments"])
        XCTAssertEqual(preset.status, 0, preset.standardError)
        XCTAssertEqual(preset.standardOutput, reference.standardOutput)

        // Items are optional in the preset too: a file without problem_id is read without items,
        // as the file with it is when `--column item=` unsets the role.
        let withoutItems = directory.write("no-items.csv", csv(["student_id", "skill_idx", "correct", "seq_idx"],
                                                               rows.map { [$0[0], $0[1], $0[3], $0[4]] }))
        let noItems = try report(withoutItems, ["--preset", "assistments"])
        XCTAssertEqual(noItems.status, 0, noItems.standardError)
        let unset = try report(assistments, ["--preset", "assistments", "--column", "item="])
        XCTAssertEqual(unset.status, 0, unset.standardError)
        XCTAssertEqual(unset.standardOutput, noItems.standardOutput)
        XCTAssertNotEqual(unset.standardOutput, preset.standardOutput, "item biases do change the estimate")

        let badRole = try report(assistments, ["--column", "pupil=x"])
        XCTAssertEqual(badRole.status, 64, "a usage error, as in lotrinh-train")
        XCTAssertTrue(badRole.standardError.contains("--column unknown role 'pupil'"), badRole.standardError)
    }

    func testInvalidRowsStopTheReportOrAreSkippedAndCounted() throws {
        var damaged = rows
        damaged.insert(["17", "T6.01", "1", "7", "0", "1", "1", "6"], at: 2)
        damaged.insert(["17", "", "1", "1", "0", "1", "1", "6"], at: 5)
        let answers = directory.write("damaged.csv", csv(header, damaged))
        let strict = try report(answers)
        XCTAssertEqual(strict.status, 1)
        XCTAssertTrue(strict.standardError.contains("\(answers):4:4"), "the first bad row, line 4, column 4: \(strict.standardError)")

        let skipping = try report(answers, ["--skip-invalid"])
        XCTAssertEqual(skipping.status, 0, skipping.standardError)
        XCTAssertTrue(skipping.standardError.contains("2 invalid rows were skipped"), skipping.standardError)
        XCTAssertTrue(skipping.standardError.contains("\(answers):4:4"), skipping.standardError)
        XCTAssertTrue(skipping.standardError.contains("\(answers):7:"), skipping.standardError)
        let clean = try report(directory.write("clean.csv", csv(header, rows)))
        XCTAssertEqual(skipping.standardOutput, clean.standardOutput, "the other rows give the same report")
    }

    /// With the operator's key, the answers' ids are read as pseudonyms and the teacher's
    /// `--student 17` finds the student by the same hash; the raw id is never needed in the file.
    func testAPseudonymKeyHashesTheAnswersAndTheLookup() throws {
        let key = directory.write("operator.key", String(repeating: "5a", count: 32) + "\n")
        let answers = directory.write("answers.csv", csv(header, rows))
        let plain = try report(answers)
        let keyed = try report(answers, ["--pseudonym-key", key])
        XCTAssertEqual(keyed.status, 0, keyed.standardError)
        XCTAssertEqual(keyed.standardOutput, plain.standardOutput, "the same student found, the same report")

        // Another student's rows under id 17 would be found without the key but not with it, since
        // only a hash of "17" is looked up among hashed ids.
        let other = directory.write("other.csv", csv(header, rows.map { ["x17"] + $0.dropFirst() }))
        let missing = try report(other, ["--pseudonym-key", key, "--lang", "en"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.standardError.contains("student '17' has no answers"), missing.standardError)

        let badKey = try report(answers, ["--pseudonym-key", directory.write("short.key", "abc\n")])
        XCTAssertEqual(badKey.status, 1)
        XCTAssertTrue(badKey.standardError.contains("short.key"), badKey.standardError)
    }
}
