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
}
