import Foundation
import LotrinhTestSupport
import XCTest

/// `--next-answer-features`: the default weighs the terms of the moment for 0/1 answers, and a
/// teacher's path, masteries, diagnostic and quiz are exactly those of the same fit without them;
/// graded scores get none by default, and a named feature that cannot be a next-answer term is refused.
final class NextAnswerFeatureOptionTests: XCTestCase {
    private let directory = TemporaryDirectory("next-answer-feature-option")

    private func run(_ executable: String, _ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run(executable, arguments)
    }

    func testTheDefaultAddsTheTermsAndLeavesPathsAndMasteriesAsTheyWere() throws {
        let with = directory.path("with.lotrinh"), without = directory.path("without.lotrinh")
        let fitted = try run("lotrinh-train", ["fit", "--data", "datasets/vn-grade6", "--rank", "2", "--max-sweeps", "4", "--out", with])
        XCTAssertEqual(fitted.status, 0, fitted.standardError)
        XCTAssertTrue(fitted.standardError.contains("9 next-answer terms"), fitted.standardError)
        XCTAssertTrue(fitted.standardError.contains("next-answer terms weighed on 60000 training answers"), fitted.standardError)
        let plain = try run("lotrinh-train", ["fit", "--data", "datasets/vn-grade6", "--rank", "2", "--max-sweeps", "4", "--quiet",
                                              "--next-answer-features", "none", "--out", without])
        XCTAssertEqual(plain.status, 0, plain.standardError)
        XCTAssertTrue(try run("lotrinh-train", ["inspect", with]).standardOutput.contains("next answer  weights"))
        XCTAssertFalse(try run("lotrinh-train", ["inspect", without]).standardOutput.contains("next answer"))

        // The same student's masteries and path, from the model's estimate and from answers folded in.
        let answers = directory.write("answers.csv", "student_id,skill_id,correct\n1,T6.01,1\n1,T6.02,0\n1,T6.02,1\n1,T6.05,0\n")
        for extra in [[], ["--answers", answers]] {
            let arguments = ["student", "--student", "1", "--mastery", "--json"] + extra
            let fromWith = try run("lotrinh-path", arguments + ["--model", with])
            let fromWithout = try run("lotrinh-path", arguments + ["--model", without])
            XCTAssertEqual(fromWith.status, 0, fromWith.standardError)
            XCTAssertEqual(fromWith.standardOutput, fromWithout.standardOutput, "the terms moved a mastery or a step (\(extra))")
            XCTAssertTrue(fromWith.standardOutput.contains("\"path\""), fromWith.standardOutput)
        }
        // A diagnostic and a quiz plan questions for later, so they weigh them without the terms.
        let bank = ["--bank", "datasets/vn-grade6/responses.csv"]
        for arguments in [["diagnose", "--answers", answers, "--questions", "6", "--exposure", "1", "--json"] + bank,
                          ["quiz", "--answers", "datasets/vn-grade6/responses.csv", "--class", "3", "--questions", "8", "--json"] + bank] {
            let fromWith = try run("lotrinh-path", arguments + ["--model", with])
            let fromWithout = try run("lotrinh-path", arguments + ["--model", without])
            XCTAssertEqual(fromWith.status, 0, fromWith.standardError)
            XCTAssertEqual(fromWith.standardOutput, fromWithout.standardOutput, "the terms moved the \(arguments[0])")
        }
    }

    func testGradedScoresGetNoneByDefaultAndAnUnfitFeatureIsRefused() throws {
        _ = directory.write("graded/responses.csv", "student_id,skill_id,score\n" + (0..<60).map { "s\($0 % 6),K\($0 % 3),0.\($0 % 10)" }.joined(separator: "\n") + "\n")
        let graded = try run("lotrinh-train", ["fit", "--data", directory.path("graded"), "--rank", "1", "--out", directory.path("graded.lotrinh")])
        XCTAssertEqual(graded.status, 0, graded.standardError)
        XCTAssertFalse(graded.standardError.contains("next-answer terms"), graded.standardError)

        let related = try run("lotrinh-train", ["fit", "--data", "datasets/vn-grade6", "--rank", "2", "--quiet",
                                                "--next-answer-features", "relatedWins", "--out", directory.path("r.lotrinh")])
        XCTAssertNotEqual(related.status, 0)
        XCTAssertTrue(related.standardError.contains("--next-answer-features"), related.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.path("r.lotrinh")))
    }
}
