import Foundation
import LotrinhTestSupport
import XCTest

/// Text from files anyone could edit reaches a terminal and a report harmlessly.
final class UntrustedTextTests: XCTestCase {
    func testValidateWarnsOfUnlinkableURLsAndEscapesControlCharacters() throws {
        let directory = TemporaryDirectory("untrusted")
        directory.write("responses.csv", "student_id,skill_id,correct\n" + (0..<40).map { "s\($0 % 8),K\($0 % 2),\($0 % 3 == 0 ? 0 : 1)" }.joined(separator: "\n") + "\n")
        directory.write("skills.csv", "skill_id,name\nK0,\"Phân số\u{1B}]0;owned\u{07}\u{1B}[2J\"\nK1,Số thập phân\n")
        directory.write("prerequisites.csv", "prerequisite_id,skill_id\nK0,K1\nK1,K0\n")
        directory.write("resources.csv", "skill_id,title,url\nK0,Bài giảng,https://hoc10.vn/k0\nK1,Trò chơi,javascript:alert(1)\n")
        let result = try CommandRunner.run("lotrinh-train", ["validate", "--data", directory.path(".")])
        XCTAssertFalse(result.standardOutput.contains("\u{1B}"), "a raw escape reached the terminal")
        XCTAssertFalse(result.standardOutput.contains("\u{07}"))
        XCTAssertTrue(result.standardOutput.contains("\\u{1B}]0;owned"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("1 resource URLs are neither http(s) nor relative (first: \"javascript:alert(1)\")"),
                      result.standardOutput)
    }

    func testTeacherTextShowsControlCharactersInNamesEscaped() throws {
        let directory = TemporaryDirectory("untrusted-names")
        directory.write("responses.csv", "student_id,skill_id,correct\n" + (0..<60).map { "s\($0 % 6),K\($0 % 2),\($0 % 3 == 0 ? 0 : 1)" }.joined(separator: "\n") + "\n")
        directory.write("skills.csv", "skill_id,name\nK0,\"Phân số\u{1B}]0;owned\u{07}\"\nK1,Số thập phân\n")
        let model = directory.path("model.lotrinh")
        let fit = try CommandRunner.run("lotrinh-train", ["fit", "--data", directory.path("."), "--rank", "1", "--max-sweeps", "3", "--quiet", "--out", model])
        XCTAssertEqual(fit.status, 0, fit.standardError)
        for format in [[], ["--markdown"]] {
            let result = try CommandRunner.run("lotrinh-path", ["student", "--model", model, "--student", "s1", "--mastery"] + format)
            XCTAssertEqual(result.status, 0, result.standardError)
            XCTAssertFalse(result.standardOutput.contains("\u{1B}"), "a raw escape reached the terminal (\(format))")
            // Markdown escapes the backslash and the bracket itself: `\\u{1B}\]0;owned`.
            XCTAssertTrue(result.standardOutput.contains("u{1B}") && result.standardOutput.contains("0;owned"), result.standardOutput)
        }
        let json = try CommandRunner.run("lotrinh-path", ["student", "--model", model, "--student", "s1", "--mastery", "--json"])
        XCTAssertTrue(json.standardOutput.contains("\\u001b]0;owned"), "JSON keeps the name, escaped by JSON itself: \(json.standardOutput)")
    }
}
