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

    /// A per-bias penalty replaces `--lambda-bias` for its own bias only, and the model file
    /// records what the fit used.
    func testOneBiasPenaltyOverridesTheSharedOneForItsBiasOnly() throws {
        let model = NSTemporaryDirectory() + "option-bounds-\(ProcessInfo.processInfo.processIdentifier).lotrinh"
        defer { try? FileManager.default.removeItem(atPath: model) }
        let fit = try CommandRunner.run("lotrinh-train", ["fit", "--data", "datasets/vn-grade6", "--out", model, "--quiet",
                                                          "--lambda-bias", "3", "--lambda-item-bias", "0.5"])
        XCTAssertEqual(fit.status, 0, fit.standardError)
        let inspect = try CommandRunner.run("lotrinh-train", ["inspect", model])
        XCTAssertEqual(inspect.status, 0, inspect.standardError)
        XCTAssertTrue(inspect.standardOutput.contains("student bias 3.0, student factors 16.0, skill bias 3.0, skill factors 16.0, practice 1.0, item bias 0.5"),
                      inspect.standardOutput)
    }
}
