import Foundation
import Glibc
import LotrinhTestSupport
import XCTest

/// No output replaces one of the command's inputs, a symlink in an export folder is replaced
/// rather than followed, and files of student rows are readable by their owner only.
final class OutputSafetyTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var data = ""
    private let responses = "student_id,skill_id,correct\n"
        + (0..<400).map { "hs\($0 % 40),T\($0 % 7),\($0 % 3 == 0 ? 0 : 1)" }.joined(separator: "\n") + "\n"

    override func setUp() {
        directory = TemporaryDirectory("output-safety")
        data = directory.write("responses.csv", responses)
    }

    override func tearDown() { directory = nil }

    private func train(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run("lotrinh-train", arguments)
    }

    private func fit(out: String) throws -> CommandResult {
        try train(["fit", "--responses", data, "--rank", "2", "--max-sweeps", "3", "--quiet", "--out", out])
    }

    private func mode(_ path: String) -> mode_t {
        var info = stat()
        XCTAssertEqual(lstat(path, &info), 0, path)
        return info.st_mode & 0o777
    }

    func testFitRefusesToWriteOverItsOwnInput() throws {
        for spelling in [data, directory.path(".") + "/responses.csv"] {
            let result = try fit(out: spelling)
            XCTAssertNotEqual(result.status, 0)
            XCTAssertTrue(result.standardError.contains("it is the input"), result.standardError)
            XCTAssertEqual(try String(contentsOfFile: data, encoding: .utf8), responses, "the answers are intact")
        }
    }

    func testAMissingOutputFolderIsReportedBeforeTraining() throws {
        let result = try fit(out: directory.path("no-such-folder") + "/model.lotrinh")
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.standardError.contains("does not exist"), result.standardError)
        XCTAssertFalse(result.standardError.contains("sweep"), "reported before any training: \(result.standardError)")
    }

    func testModelsWithStudentRowsAreCreatedOwnerOnlyAndReplacedFilesKeepTheirMode() throws {
        let model = directory.path("model.lotrinh")
        XCTAssertEqual(try fit(out: model).status, 0)
        XCTAssertEqual(mode(model), 0o600, "student rows: owner only")
        let service = directory.path("service.lotrinh")
        XCTAssertEqual(try train(["export", model, "--out", service]).status, 0)
        XCTAssertEqual(mode(service), 0o644, "no student row: readable by the services that load it")
        XCTAssertEqual(chmod(model, 0o640), 0)
        XCTAssertEqual(try fit(out: model).status, 0)
        XCTAssertEqual(mode(model), 0o640, "a file replaced keeps its mode")
    }

    func testExportReplacesASymlinkInsteadOfWritingThroughIt() throws {
        let model = directory.path("model.lotrinh")
        XCTAssertEqual(try fit(out: model).status, 0)
        let folder = directory.path("export")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let victim = directory.write("victim.txt", "do not touch\n")
        XCTAssertEqual(symlink(victim, folder + "/skills.csv"), 0)
        let result = try train(["export", model, "--csv", folder, "--include-students"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "do not touch\n")
        var info = stat()
        XCTAssertEqual(lstat(folder + "/skills.csv", &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFREG, "the symlink itself was replaced by the export")
        XCTAssertEqual(mode(folder + "/students.csv"), 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [])
    }

    func testExportRefusesADatasetFolder() throws {
        let model = directory.path("model.lotrinh")
        XCTAssertEqual(try fit(out: model).status, 0)
        let skills = directory.write("skills.csv", "skill_id,name\nT0,Tập hợp\n")
        let result = try train(["export", model, "--csv", directory.path(".")])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.standardError.contains("responses.csv"), result.standardError)
        XCTAssertEqual(try String(contentsOfFile: skills, encoding: .utf8), "skill_id,name\nT0,Tập hợp\n")
    }

    func testReportsRefuseToWriteOverTheirInputs() throws {
        let model = directory.path("model.lotrinh")
        XCTAssertEqual(try fit(out: model).status, 0)
        let result = try CommandRunner.run("lotrinh-path", ["student", "--model", model, "--answers", data, "--student", "hs1",
                                                            "--html", data])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.standardError.contains("it is the input"), result.standardError)
        XCTAssertEqual(try String(contentsOfFile: data, encoding: .utf8), responses)
    }
}

/// Replacing a model made with one pseudonymization key by one made with another is said aloud.
final class KeyChangeWarningTests: XCTestCase {
    func testFitWarnsWhenTheKeyDiffersFromTheModelItReplaces() throws {
        let directory = TemporaryDirectory("key-change")
        let data = directory.write("responses.csv", "student_id,skill_id,correct\n"
            + (0..<200).map { "hs\($0 % 20),T\($0 % 5),\($0 % 3 == 0 ? 0 : 1)" }.joined(separator: "\n") + "\n")
        let firstKey = directory.write("first.key", String(repeating: "ab", count: 32) + "\n")
        let secondKey = directory.write("second.key", String(repeating: "cd", count: 32) + "\n")
        let model = directory.path("model.lotrinh")
        func fit(_ key: String) throws -> CommandResult {
            try CommandRunner.run("lotrinh-train", ["fit", "--responses", data, "--pseudonym-key", key, "--rank", "1",
                                                    "--max-sweeps", "3", "--quiet", "--out", model])
        }
        XCTAssertEqual(try fit(firstKey).status, 0)
        let same = try fit(firstKey)
        XCTAssertFalse(same.standardError.contains("pseudonym key"), same.standardError)
        let other = try fit(secondKey)
        XCTAssertEqual(other.status, 0, other.standardError)
        XCTAssertTrue(other.standardError.contains("was made with pseudonym key k"), other.standardError)
        XCTAssertTrue(other.standardError.contains("will not match"), other.standardError)
    }
}
