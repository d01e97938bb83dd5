import Foundation
import LotrinhTestSupport
import MasteryData
import XCTest

/// Pseudonymized import end to end, as an operator runs it: the key and the schools' student ids
/// appear in no model, report, export or log; the same key gives the same pseudonyms in every
/// file; a model exported for services holds no student identifier at all.
///
/// The data is the bundled vn-grade6 answers with each student id replaced by a school-style id
/// ("HS-THCS-Nguyễn-Du-2024-0017"): the real ids are 1–3 digit numbers, which occur by chance in
/// any binary, so a byte scan for them would prove nothing.
final class PrivacyTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var keyBytes: [UInt8] = []
    private var keyFile = ""
    private var responses = ""
    private var schoolIds: [String] = []

    override func setUpWithError() throws {
        directory = TemporaryDirectory("privacy")
        var generator = SystemRandomNumberGenerator()
        keyBytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        keyFile = directory.write("operator.key", keyBytes.map { String(format: "%02x", $0) }.joined() + "\n")
        let original = try String(contentsOf: RepositoryPaths.bundledDatasets.appendingPathComponent("vn-grade6/responses.csv"), encoding: .utf8)
        var lines = original.split(separator: "\n").prefix(12_000).map(String.init)
        var seen = Set<String>()
        for index in 1..<lines.count {
            var fields = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let id = "HS-THCS-Nguyễn-Du-2024-" + String(repeating: "0", count: max(0, 4 - fields[0].count)) + fields[0]
            if seen.insert(id).inserted { schoolIds.append(id) }
            fields[0] = id
            lines[index] = fields.joined(separator: ",")
        }
        responses = directory.write("responses.csv", lines.joined(separator: "\n") + "\n")
    }

    override func tearDown() { directory = nil }

    private func train(_ arguments: [String]) throws -> CommandResult {
        let result = try CommandRunner.run("lotrinh-train", arguments)
        XCTAssertEqual(result.status, 0, "\(arguments): \(result.standardError)")
        return result
    }

    /// Every form the key could leak in: raw bytes, hex (both cases), base64.
    private var keyForms: [(String, [UInt8])] {
        let hex = keyBytes.map { String(format: "%02x", $0) }.joined()
        return [("raw key", keyBytes), ("hex key", Array(hex.utf8)), ("HEX key", Array(hex.uppercased().utf8)),
                ("base64 key", Array(Data(keyBytes).base64EncodedString().utf8))]
    }

    /// Names of the needles found anywhere in `haystack` (a byte search, no decoding).
    private func leaks(_ needles: [(String, [UInt8])], in haystack: [UInt8]) -> [String] {
        let data = Data(haystack)
        return needles.filter { data.range(of: Data($0.1)) != nil }.map(\.0)
    }

    private func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    func testTheKeyAndTheSchoolIdsReachNoModelReportExportOrLog() throws {
        let model = directory.path("model.lotrinh")
        let fitArguments = ["fit", "--responses", responses, "--pseudonym-key", keyFile, "--rank", "2", "--max-sweeps", "3"]
        var outputs: [(String, [UInt8])] = []
        func record(_ name: String, _ result: CommandResult) {
            outputs.append(("\(name) stdout", Array(result.standardOutput.utf8)))
            outputs.append(("\(name) stderr", Array(result.standardError.utf8)))
        }
        record("validate", try train(["validate", "--responses", responses, "--pseudonym-key", keyFile]))
        record("fit", try train(fitArguments + ["--out", model]))
        record("fit --json", try train(fitArguments + ["--json"]))
        let inspect = try train(["inspect", model])
        record("inspect", inspect)
        record("inspect --json", try train(["inspect", model, "--json"]))
        let service = directory.path("service.lotrinh")
        record("export --out", try train(["export", model, "--out", service]))
        record("export --csv", try train(["export", model, "--csv", directory.path("csv"), "--include-students"]))
        let predictions = directory.path("predictions.csv")
        record("evaluate", try train(["evaluate", "--responses", responses, "--pseudonym-key", keyFile, "--rank", "2", "--max-sweeps", "3",
                                      "--folds", "2", "--predictions", predictions]))
        outputs.append(("evaluate --predictions", try bytes(predictions)))
        outputs.append(("model", try bytes(model)))
        outputs.append(("service model", try bytes(service)))
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path("csv")) {
            outputs.append(("csv/\(file)", try bytes(directory.path("csv/\(file)"))))
        }

        let ids = schoolIds.map { ("id \($0)", Array($0.utf8)) }
        for (name, contents) in outputs {
            XCTAssertEqual(leaks(keyForms, in: contents), [], "the key is in \(name)")
            XCTAssertEqual(leaks(ids, in: contents), [], "school ids are in \(name)")
        }
        print("privacy scan: \(outputs.count) outputs (\(outputs.reduce(0) { $0 + $1.1.count }) bytes) × \(ids.count) school ids and 4 key encodings: no match")

        // The scan would have seen them: the students are there, under their pseudonyms.
        let pseudonymizer = try Pseudonymizer(keyBytes: keyBytes)
        let students = String(decoding: try bytes(directory.path("csv/students.csv")), as: UTF8.self)
        let predicted = String(decoding: try bytes(predictions), as: UTF8.self)
        for id in schoolIds {
            XCTAssertTrue(students.contains(pseudonymizer.pseudonym(for: id) + ","), id)
            XCTAssertTrue(predicted.contains("\n" + pseudonymizer.pseudonym(for: id) + ","), "\(id) in the predictions file")
        }
        XCTAssertTrue(inspect.standardOutput.contains("pseudonyms   key \(pseudonymizer.keyFingerprint)"), inspect.standardOutput)
    }

    /// The model a service receives: not one byte sequence of a student, by school id or pseudonym.
    func testAModelExportedForServicesHoldsNoStudentIdentifier() throws {
        let model = directory.path("model.lotrinh")
        _ = try train(["fit", "--responses", responses, "--pseudonym-key", keyFile, "--rank", "2", "--max-sweeps", "3", "--quiet", "--out", model])
        let service = directory.path("service.lotrinh")
        _ = try train(["export", model, "--out", service])
        let pseudonymizer = try Pseudonymizer(keyBytes: keyBytes)
        let pseudonyms = schoolIds.map { ("pseudonym of \($0)", Array(pseudonymizer.pseudonym(for: $0).utf8)) }
        XCTAssertEqual(leaks(pseudonyms, in: try bytes(model)).count, schoolIds.count, "the trained model keys students by pseudonym")
        let exported = try bytes(service)
        XCTAssertEqual(leaks(pseudonyms + schoolIds.map { ("id \($0)", Array($0.utf8)) }, in: exported), [])
        print("service model: \(exported.count) bytes, none of \(schoolIds.count) students' ids or pseudonyms")
    }

    /// One operator key, two exports (say two terms): each student gets the same pseudonym in
    /// both, so they join; another key gives pseudonyms that match nothing.
    func testTheSameKeyGivesTheSamePseudonymsAcrossFiles() throws {
        let lines = try String(contentsOfFile: responses, encoding: .utf8).split(separator: "\n")
        let header = String(lines[0])
        let firstTerm = directory.write("term1.csv", ([header] + lines.dropFirst().enumerated().filter { $0.offset % 2 == 0 }.map { String($0.element) }).joined(separator: "\n") + "\n")
        let secondTerm = directory.write("term2.csv", ([header] + lines.dropFirst().enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }).joined(separator: "\n") + "\n")
        func pseudonyms(_ path: String, _ pseudonymizer: Pseudonymizer) throws -> Set<String> {
            let (data, _) = try ResponseLoader.load(path: path, options: ResponseLoadOptions(pseudonymize: { pseudonymizer.pseudonym(for: $0) }))
            return Set((0..<data.studentCount).map { data.studentIds[$0] })
        }
        let key = try Pseudonymizer(keyFile: URL(fileURLWithPath: keyFile))
        let first = try pseudonyms(firstTerm, key), second = try pseudonyms(secondTerm, key)
        XCTAssertEqual(first, second, "every student is in both terms, under one pseudonym")
        XCTAssertEqual(first, Set(schoolIds.map(key.pseudonym(for:))))
        let otherKey = try Pseudonymizer(keyBytes: keyBytes.map { $0 ^ 0x80 })
        XCTAssertTrue(try pseudonyms(secondTerm, otherKey).isDisjoint(with: first), "another key joins nobody")
        XCTAssertNotEqual(otherKey.keyFingerprint, key.keyFingerprint)
    }
}
