import Foundation
import LotrinhTestSupport
import XCTest

final class SynthCommandTests: XCTestCase {
    private let directory = TemporaryDirectory("synth-cli")

    func testSameSeedGivesIdenticalFilesThatValidate() throws {
        for name in ["a", "b"] {
            let result = try CommandRunner.run("lotrinh-train", ["synth", "--out", directory.path(name), "--students", "50",
                                                                 "--answers-per-student", "40", "--seed", "9"])
            XCTAssertEqual(result.status, 0, result.standardError)
            XCTAssertTrue(result.standardOutput.contains("answers    2000"), result.standardOutput)
        }
        for file in ["responses.csv", "skills.csv", "prerequisites.csv", "resources.csv", "truth_students.csv"] {
            let first = try Data(contentsOf: directory.url.appendingPathComponent("a/\(file)"))
            let second = try Data(contentsOf: directory.url.appendingPathComponent("b/\(file)"))
            XCTAssertEqual(first, second, file)
        }
        let validate = try CommandRunner.run("lotrinh-train", ["validate", "--data", directory.path("a")])
        XCTAssertEqual(validate.status, 0, validate.standardOutput + validate.standardError)
        XCTAssertTrue(validate.standardOutput.contains("skills        45"), validate.standardOutput)
        XCTAssertTrue(validate.standardOutput.contains("cycles 0"))
    }

    func testRandomCurriculumOfAnySize() throws {
        let result = try CommandRunner.run("lotrinh-train", ["synth", "--out", directory.path("r"), "--curriculum", "random",
                                                             "--skills", "300", "--students", "20", "--answers", "3000", "--quiet"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let validate = try CommandRunner.run("lotrinh-train", ["validate", "--data", directory.path("r"), "--json"])
        XCTAssertEqual(validate.status, 0)
        XCTAssertTrue(validate.standardOutput.contains("\"skills\" : 300"), validate.standardOutput)
        XCTAssertTrue(validate.standardOutput.contains("\"answers\" : 3000"))
    }
}
