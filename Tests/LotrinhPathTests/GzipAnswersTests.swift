import Foundation
import LotrinhTestSupport
import XCTest

/// Both command lines read a `.csv.gz` export as the CSV inside it, compressed by the system's
/// gzip (real deflate blocks, not only the stored ones of `GzipInputTests`).
final class GzipAnswersTests: XCTestCase {
    private func gzip(_ source: String, to target: String) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/gzip") else { throw XCTSkip("no /usr/bin/gzip to compress with") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        process.arguments = ["-c", "-6", source]
        FileManager.default.createFile(atPath: target, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: target))
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
    }

    func testBothCommandsReadACompressedExportAsThePlainOne() throws {
        let directory = TemporaryDirectory("gzip-answers")
        let plain = RepositoryPaths.root.appendingPathComponent("datasets/vn-grade6/responses.csv").path
        let compressed = directory.path("responses.csv.gz")
        try gzip(plain, to: compressed)
        XCTAssertLessThan(try FileManager.default.attributesOfItem(atPath: compressed)[.size] as! Int, 1_000_000, "really compressed (the CSV is 1.6 MB)")

        let student = ["student", "--model", "models/vn-grade6.lotrinh", "--student", "17", "--json", "--answers"]
        let fromPlain = try CommandRunner.run("lotrinh-path", student + [plain])
        let fromGzip = try CommandRunner.run("lotrinh-path", student + [compressed])
        XCTAssertEqual(fromGzip.status, 0, fromGzip.standardError)
        XCTAssertEqual(fromGzip.standardOutput, fromPlain.standardOutput)

        let validatePlain = try CommandRunner.run("lotrinh-train", ["validate", "--responses", plain, "--json"])
        let validateGzip = try CommandRunner.run("lotrinh-train", ["validate", "--responses", compressed, "--json"])
        XCTAssertEqual(validateGzip.status, 0, validateGzip.standardError)
        XCTAssertEqual(validateGzip.standardOutput.replacingOccurrences(of: compressed, with: plain), validatePlain.standardOutput)

        // Cut short, as an interrupted download leaves it: an error naming the file, no binary.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: compressed))
        let cut = directory.write("cut.csv.gz", bytes: Array(bytes.prefix(bytes.count / 2)))
        for result in [try CommandRunner.run("lotrinh-path", student + [cut]),
                       try CommandRunner.run("lotrinh-train", ["validate", "--responses", cut])] {
            XCTAssertEqual(result.status, 1, result.standardError)
            XCTAssertTrue(result.standardError.contains("\(cut): unreadable file — expected a complete gzip file"), result.standardError)
            XCTAssertTrue(result.standardError.unicodeScalars.allSatisfy { $0.value >= 0x20 || $0 == "\n" }, result.standardError)
        }
    }
}
