import Foundation
import LotrinhTestSupport
import XCTest

/// lotrinh-path refuses numeric options it cannot use as lotrinh-train does: exit status 64 (a
/// usage error), the option, the range and the value named, before any file is read.
final class PathOptionBoundsTests: XCTestCase {
    func testUnusableNumericOptionsAreRefusedNamingTheRange() throws {
        let student = ["student", "--model", "models/vn-grade6.lotrinh", "--student", "1"]
        let classByList = ["class", "--model", "models/vn-grade6.lotrinh", "--students", "/nonexistent/list.txt"]
        let explain = ["explain", "--model", "models/vn-grade6.lotrinh", "--student", "1", "--skill", "T6.01"]
        let cases: [([String], String)] = [
            (student + ["--threshold", "nan"], "--threshold must be a number in (0, 1], got nan"),
            (student + ["--threshold", "inf"], "--threshold must be a number in (0, 1], got inf"),
            (student + ["--threshold", "0"], "--threshold must be a number in (0, 1], got 0.0"),
            (student + ["--confidence", "1"], "--confidence must be a number in (0, 1), got 1.0"),
            (student + ["--confidence=-inf"], "--confidence must be a number in (0, 1), got -inf"),
            (student + ["--max-steps", "0"], "--max-steps must be between 1 and 1000000, got 0"),
            (student + ["--max-steps", "100000000000"], "--max-steps must be between 1 and 1000000, got 100000000000"),
            (student + ["--max-answers", "100001"], "--max-answers must be between 1 and 100000, got 100001"),
            (classByList + ["--stuck-mastery", "nan"], "--stuck-mastery must be a number in [0, 1], got nan"),
            (classByList + ["--stuck-mastery", "1.5"], "--stuck-mastery must be a number in [0, 1], got 1.5"),
            (classByList + ["--stuck-attempts", "0"], "--stuck-attempts must be between 1 and 100000, got 0"),
            (classByList + ["--group-steps", "5000"], "--group-steps must be between 1 and 1000, got 5000"),
            (explain + ["--evidence", "0"], "--evidence must be between 1 and 10000, got 0"),
            (explain + ["--evidence", "99999999"], "--evidence must be between 1 and 10000, got 99999999"),
        ]
        for (arguments, message) in cases {
            let result = try CommandRunner.run("lotrinh-path", arguments)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.standardError)")
            XCTAssertTrue(result.standardError.contains(message), "\(arguments): \(result.standardError)")
            XCTAssertTrue(result.standardOutput.isEmpty, "\(arguments): nothing printed but the error")
        }
        // The bounds themselves are accepted (the report runs to its end).
        let edge = try CommandRunner.run("lotrinh-path", student + ["--threshold", "1", "--max-steps", "1000000", "--confidence", "0.5"])
        XCTAssertEqual(edge.status, 0, edge.standardError)
    }
}
