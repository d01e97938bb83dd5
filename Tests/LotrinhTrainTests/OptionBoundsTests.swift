import Foundation
import LotrinhTestSupport
import XCTest

/// Options outside what the fit can use are refused at once, naming the option and the range,
/// instead of running for minutes or failing deep in the solver.
final class OptionBoundsTests: XCTestCase {
    func testUnusableFitOptionsAreRefusedBeforeReadingTheData() throws {
        let cases: [([String], String)] = [
            (["--threads", "100000"], "--threads must be between 1 and"),
            (["--tolerance", "nan"], "--tolerance must be"),
            (["--tolerance", "inf"], "--tolerance must be"),
            (["--tolerance", "0"], "--tolerance must be"),
            (["--lambda-factors", "1e-320"], "--lambda-factors must be between 1e-10 and 1e10"),
            (["--lambda-bias", "inf"], "--lambda-bias must be between"),
            (["--lambda-item-bias", "0"], "--lambda-item-bias must be between 1e-10 and 1e10"),
            (["--lambda-student-bias", "1e11"], "--lambda-student-bias must be between"),
            (["--lambda-skill-bias", "nan"], "--lambda-skill-bias must be between"),
            (["--max-sweeps", "0"], "--max-sweeps must be between 1 and 100000"),
        ]
        for (options, message) in cases {
            let result = try CommandRunner.run("lotrinh-train", ["fit", "--data", "datasets/vn-grade6", "--out", "/tmp/never.lotrinh"] + options)
            XCTAssertEqual(result.status, 64, "\(options): \(result.standardError)")
            XCTAssertTrue(result.standardError.contains(message), "\(options): \(result.standardError)")
            XCTAssertFalse(result.standardError.contains("fit: "), "refused before any training: \(result.standardError)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/never.lotrinh"))
        }
    }
}
