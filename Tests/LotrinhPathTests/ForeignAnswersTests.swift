import Foundation
import LotrinhTestSupport
import XCTest

/// Answers on skills the model does not know: a few are left out of a class report with a count,
/// a file from another dataset altogether is refused saying so.
final class ForeignAnswersTests: XCTestCase {
    func testRowsOnUnknownSkillsAreLeftOutWithACount() throws {
        let directory = TemporaryDirectory("foreign-answers")
        let bundled = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("datasets/vn-grade6/responses.csv"), encoding: .utf8)
        // Three rows of a class-3 student on two skills the model never saw.
        let answers = directory.write("responses.csv", bundled + "81,T6.99,q1,1,9001,1,3,6\n81,T6.99,q2,0,9002,1,3,6\n81,T7.01,q3,1,9003,1,3,6\n")
        let result = try CommandRunner.run("lotrinh-path", ["class", "--model", "models/vn-grade6.lotrinh", "--answers", answers,
                                                            "--class", "3", "--json"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardError.contains("3 rows on 2 skills the model does not know were left out"), result.standardError)
        XCTAssertTrue(result.standardError.contains("'T6.99' (2 rows)"), result.standardError)
        XCTAssertTrue(result.standardError.contains("'T7.01' (1 row)"), result.standardError)
        XCTAssertTrue(result.standardError.contains("45 of the 47 skills in the answers are in the model"), result.standardError)
        // The bundled file has 65,972 lines (header included); the rows appended are lines 65,973 to 65,975.
        let lineCount = bundled.split(separator: "\n").count
        let lines = (1...3).map { "\(answers):\(lineCount + $0)" }.joined(separator: ", ")
        XCTAssertTrue(result.standardError.contains("first rows left out: \(lines)"), result.standardError)
        let report = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as! [String: Any]
        XCTAssertEqual((report["students"] as! [Any]).count, 40)
    }

    func testAFileFromAnotherDatasetIsRefused() throws {
        let result = try CommandRunner.run("lotrinh-path", ["student", "--model", "models/vn-grade6.lotrinh",
                                                            "--answers", "datasets/junyi2015/responses.csv", "--student", "0"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertEqual(result.status, 1, "a data error, not a usage error")
        // 672 distinct skills in Junyi's file (counted by `cut -d, -f2 | sort -u`), none a vn-grade6 skill.
        XCTAssertTrue(result.standardError.contains("datasets/junyi2015/responses.csv: 0 of 672 skills in the answers are in the model "
                                                        + "— is it the model of another dataset?"), result.standardError)
    }
}
