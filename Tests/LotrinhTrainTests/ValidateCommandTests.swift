import Foundation
import LotrinhTestSupport
import MasteryData
import XCTest

/// The analyst's command, run as a built binary: output, exit codes, JSON.
final class ValidateCommandTests: XCTestCase {
    private let directory = TemporaryDirectory("validate-cli")

    private func train(_ arguments: String...) throws -> CommandResult {
        try CommandRunner.run("lotrinh-train", arguments)
    }

    /// `--version` names the library and the BLAS this process loaded, so a slow run on reference
    /// BLAS is explained by its first line; both tools say the same.
    func testVersionNamesTheLibraryAndTheBLAS() throws {
        let version = try train("--version")
        XCTAssertEqual(version.status, 0, version.standardError)
        XCTAssertTrue(version.standardOutput.hasPrefix("Lotrinh 0.1.0 (BLAS: "), version.standardOutput)
        let pathVersion = try CommandRunner.run("lotrinh-path", ["--version"])
        XCTAssertEqual(pathVersion.standardOutput, version.standardOutput)
    }

    func testHelpTeachesTheSubcommandsAndExamples() throws {
        let help = try train("--help")
        XCTAssertEqual(help.status, 0)
        for text in ["validate", "synth", "Examples:"] { XCTAssertTrue(help.standardOutput.contains(text), text) }
        let validateHelp = try train("validate", "--help")
        for text in ["--preset", "--column", "--skip-invalid", "--break-cycles", "--json", "Examples:"] {
            XCTAssertTrue(validateHelp.standardOutput.contains(text), text)
        }
    }

    func testBundledAssistmentsSummary() throws {
        let result = try train("validate", "--data", "datasets/assist2009")
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("answers       52,003  (60,915 rows"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("students      830"))
        XCTAssertTrue(result.standardOutput.contains("correct rate  0.6413"))
        XCTAssertEqual(result.standardError, "", "no progress line when standard error is a pipe")
    }

    func testJSONSummaryDecodesAndACycleFailsTheRun() throws {
        let result = try train("validate", "--data", "datasets/junyi2015", "--json")
        XCTAssertEqual(result.status, 1, "a prerequisite cycle is an error")
        let summary = try JSONDecoder().decode(DatasetSummary.self, from: Data(result.standardOutput.utf8))
        XCTAssertEqual(summary.students, 2_000)
        XCTAssertEqual(summary.graph?.cycles.count, 1)
        XCTAssertEqual(summary.graph?.cycles.first?.count, 4)

        let broken = try train("validate", "--data", "datasets/junyi2015", "--json", "--break-cycles")
        XCTAssertEqual(broken.status, 0, broken.standardOutput)
        let fixed = try JSONDecoder().decode(DatasetSummary.self, from: Data(broken.standardOutput.utf8))
        XCTAssertEqual(fixed.graph?.cycles, [])
        XCTAssertEqual(fixed.graph?.edges, 978)
        XCTAssertNotNil(fixed.graph?.depth)
    }

    func testInvalidValueStopsWithItsLocation() throws {
        let path = directory.write("answers.csv", "student_id,skill_id,correct\ns1,k1,1\ns1,k2,0.5\n")
        let result = try train("validate", "--responses", path)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardError.contains("\(path):3:3: value out of range in column 'correct': \"0.5\""), result.standardError)
        XCTAssertEqual(result.standardOutput, "")
    }

    func testSkipInvalidContinuesAndSummarizesReasons() throws {
        let path = directory.write("answers.csv", "student_id,skill_id,correct\ns1,k1,1\ns1,k2,9\ns2,k1,0\n,k1,1\n")
        let result = try train("validate", "--responses", path, "--skip-invalid")
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("Skipped rows"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("1  value out of range"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("1  empty value"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("warning: 2 invalid rows were skipped"), result.standardOutput)
    }

    func testColumnMappingAndBadMappingOption() throws {
        let path = directory.write("export.csv", "user,kc,ok\nu1,a,1\n")
        let mapped = try train("validate", "--responses", path, "--column", "student=user", "--column", "skill=kc", "--column", "correct=ok")
        XCTAssertEqual(mapped.status, 0, mapped.standardError)
        let unmapped = try train("validate", "--responses", path)
        XCTAssertEqual(unmapped.status, 1)
        XCTAssertTrue(unmapped.standardError.contains("--column student=HEADER"), unmapped.standardError)
        let bad = try train("validate", "--responses", path, "--column", "pupil=user")
        XCTAssertEqual(bad.status, 64, "a usage error")
        XCTAssertTrue(bad.standardError.contains("unknown role 'pupil'"), bad.standardError)
    }

    func testNoInputIsAUsageError() throws {
        let result = try train("validate")
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.standardError.contains("--data DIR"), result.standardError)
    }

    func testPseudonymizedImportHidesStudentIds() throws {
        let key = directory.write("key", String(repeating: "ab", count: 32))
        let path = directory.write("answers.csv", "student_id,skill_id,correct\nnguyen.van.a,k1,1\n")
        let result = try train("validate", "--responses", path, "--pseudonym-key", key, "--json")
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertFalse(result.standardOutput.contains("nguyen.van.a"))
        let shortKey = directory.write("short", "abcd")
        let rejected = try train("validate", "--responses", path, "--pseudonym-key", shortKey)
        XCTAssertEqual(rejected.status, 1)
        XCTAssertTrue(rejected.standardError.contains("short"), rejected.standardError)
    }

    // MARK: - Legacy encodings (issue 15)

    /// "HS-Lê Hà" and "HS-Lê Há" in Windows-1258 (à = E0, á = E1): they differ only in bytes that
    /// are not UTF-8.
    private func legacyAnswers() -> String {
        directory.write("legacy/responses.csv", bytes: Array("student_id,skill_id,correct\n".utf8)
            + Array("HS-L".utf8) + [0xEA] + Array(" H".utf8) + [0xE0] + Array(",T6.01,1\n".utf8)
            + Array("HS-L".utf8) + [0xEA] + Array(" H".utf8) + [0xE1] + Array(",T6.02,0\n".utf8))
    }

    /// Regression: `validate` died with SIGILL in IdTable's subscript (from DatasetSummary).
    func testLegacyEncodedIdsAreRefusedWithAHintInsteadOfCrashing() throws {
        let path = legacyAnswers()
        let result = try train("validate", "--responses", path)
        XCTAssertEqual(result.status, 1, result.standardError)
        XCTAssertTrue(result.standardError.contains("\(path):2:1: not valid text: \"HS-L\\xEA H\\xE0\""), result.standardError)
        XCTAssertTrue(result.standardError.contains("--encoding windows-1258"), result.standardError)

        let converted = try train("validate", "--responses", path, "--encoding", "windows-1258")
        XCTAssertEqual(converted.status, 0, converted.standardError)
        XCTAssertTrue(converted.standardOutput.contains("students      2"), converted.standardOutput)
    }

    /// Regression: `fit` exited 0 and replaced a good model with one every loader refused.
    func testFitOnLegacyIdsLeavesTheExistingModelAlone() throws {
        let model = directory.path("kept.lotrinh")
        let good = try train("fit", "--data", "datasets/vn-grade6", "--rank", "2", "--max-sweeps", "2", "--quiet", "--out", model)
        XCTAssertEqual(good.status, 0, good.standardError)
        let before = try Data(contentsOf: URL(fileURLWithPath: model))
        let fit = try train("fit", "--responses", legacyAnswers(), "--rank", "2", "--max-sweeps", "2", "--quiet", "--out", model)
        XCTAssertNotEqual(fit.status, 0)
        XCTAssertTrue(fit.standardError.contains("not valid text"), fit.standardError)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: model)), before)
    }

    func testFormatOptionsAreOfferedAndChecked() throws {
        let help = try train("validate", "--help")
        for option in ["--encoding", "--delimiter", "--decimal-comma", "--no-decimal-comma", "--timestamp-unit"] {
            XCTAssertTrue(help.standardOutput.contains(option), option)
        }
        let wrong = try train("validate", "--responses", legacyAnswers(), "--encoding", "latin9")
        XCTAssertEqual(wrong.status, 64, wrong.standardError)
        XCTAssertTrue(wrong.standardError.contains("windows-1258"), wrong.standardError)
    }

    func testSemicolonExportWithDecimalCommasAndMilliseconds() throws {
        let path = directory.write("semicolon.csv",
                                   "student_id;skill_id;score;timestamp\ns1;A;0,5;1445678901000\ns1;B;0,25;1445678961000\n")
        let refused = try train("validate", "--responses", path)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.standardError.contains("\(path):2:4: bad timestamp"), refused.standardError)
        XCTAssertTrue(refused.standardError.contains("--timestamp-unit ms"), refused.standardError)
        let read = try train("validate", "--responses", path, "--timestamp-unit", "ms")
        XCTAssertEqual(read.status, 0, read.standardError)
        // Mean of 0.5 and 0.25.
        XCTAssertTrue(read.standardOutput.contains("mean score    0.3750"), read.standardOutput)
    }
}
