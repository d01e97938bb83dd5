import Foundation
import Glibc
import LotrinhTestSupport
import MasteryData
@testable import MasteryModel
import XCTest

/// Every damaged, truncated, foreign or forged file is refused with a `ModelFileError`: the test
/// process would crash on a trap, and a successful load of a damaged file fails the count.
final class ModelFileCorruptionTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var good: [UInt8] = []

    override func setUpWithError() throws {
        directory = TemporaryDirectory("modelfile-corruption")
        let path = directory.path("good.lotrinh")
        try ModelFixtures.model().write(to: path)
        good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    override func tearDown() { directory = nil }

    /// Writes `bytes` to a file and loads it. Plain POSIX calls: thousands of cases run, and
    /// Foundation's file writing took most of their time.
    private func load(_ bytes: [UInt8]) -> Result<MasteryModel, ModelFileError> {
        let path = directory.path("case.lotrinh")
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(descriptor >= 0, "cannot create \(path)")
        precondition(bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } == bytes.count)
        close(descriptor)
        return Result { () throws(ModelFileError) in try MasteryModel.load(from: path) }
    }

    private func error(loading bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> ModelFileError? {
        switch load(bytes) {
        case .success: XCTFail("a damaged file loaded", file: file, line: line); return nil
        case let .failure(error): return error
        }
    }

    /// The file with its checksum recomputed, as a forger (or a buggy writer) would leave it.
    private func resealed(_ bytes: [UInt8]) -> [UInt8] {
        Array(bytes.dropLast(32)) + Digest.sha256(Array(bytes.dropLast(32)))
    }

    private func setUInt64(_ bytes: inout [UInt8], at offset: Int, _ value: UInt64) {
        for index in 0..<8 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
    }

    private func readUInt64(_ bytes: [UInt8], at offset: Int) -> Int {
        (0..<8).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
    }

    /// Byte position of the directory entry for `name`.
    private func entry(_ name: String, in bytes: [UInt8]) throws -> Int {
        let directoryOffset = readUInt64(bytes, at: 32)
        let index = try XCTUnwrap(ModelFileLayout.SectionName.allCases.firstIndex { $0.rawValue == name })
        return directoryOffset + 48 * index
    }

    func testTheGoodFileLoads() {
        XCTAssertNoThrow(try load(good).get())
    }

    func testFlippingTheLowOrHighBitOfEveryByteIsRejected() {
        var rejected = 0
        var cases = 0
        for offset in good.indices {
            for bit in [0, 7] {
                var damaged = good
                damaged[offset] ^= 1 << bit
                cases += 1
                if case .failure = load(damaged) { rejected += 1 } else { XCTFail("flip of bit \(bit) at \(offset) loaded") }
            }
        }
        XCTAssertEqual(cases, 2 * good.count)
        XCTAssertEqual(rejected, cases, "100 % of \(cases) single-bit corruptions rejected")
    }

    func testEveryTruncationIsReportedAsTruncated() {
        var rejected = 0
        for length in 0..<good.count {
            guard case let .truncated(_, expected, actual) = error(loading: Array(good.prefix(length))) else {
                XCTFail("truncation to \(length) bytes was not reported as truncated")
                continue
            }
            XCTAssertEqual(actual, length)
            XCTAssertGreaterThan(expected, actual)
            rejected += 1
        }
        XCTAssertEqual(rejected, good.count, "100 % of truncations (every length, every section boundary) rejected")
    }

    func testAppendedBytesAreRejected() {
        for extra in [1, 31, 32, 64, 4096] {
            guard case let .malformed(_, section, reason) = error(loading: good + [UInt8](repeating: 0x41, count: extra)) else {
                XCTFail("\(extra) appended bytes were not reported")
                continue
            }
            XCTAssertEqual(section, "header")
            XCTAssertTrue(reason.contains("appended"), reason)
        }
    }

    func testForeignFilesAreNotModels() {
        let foreign: [String: [UInt8]] = [
            "CSV": Array("student_id,skill_id,correct\ns1,toán6.kn1,1\n".utf8),
            "PNG": [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 200),
            "text": Array("LOTRINH model, honest\n".utf8),
            "short": [0x89, 0x4C, 0x4F, 0x54, 0x52, 0x49, 0x4E, 0x48, 0x0A],
            "line endings converted": [0x89] + Array("LOTRINH\n\u{1A}\n".utf8) + good.dropFirst(12),
        ]
        for (name, bytes) in foreign {
            guard case .notAModel = error(loading: bytes) else { return XCTFail("\(name) was not reported as not a model") }
        }
        let message = ModelFileError.notAModel(path: "/data/x.csv").description
        XCTAssertTrue(message.contains("/data/x.csv") && message.contains("not a Lotrinh model"), message)
    }

    func testANewerVersionIsReportedAsSuch() {
        var newer = good
        newer[16] = 2
        let error = error(loading: resealed(newer))
        XCTAssertEqual(error, .unsupportedVersion(path: directory.path("case.lotrinh"), found: 2, supported: 1))
        let message = error?.description ?? ""
        XCTAssertTrue(message.contains("newer Lotrinh") && message.contains("upgrade Lotrinh"), message)

        var zero = good
        zero[16] = 0
        guard case .unsupportedVersion(_, 0, 1) = self.error(loading: resealed(zero)) else { return XCTFail() }
    }

    func testCorruptionIsReportedAsChecksumMismatch() {
        var damaged = good
        damaged[good.count / 2] ^= 0x10
        XCTAssertEqual(error(loading: damaged), .checksumMismatch(path: directory.path("case.lotrinh")))
    }

    /// Files whose checksum matches but whose contents are inconsistent, as a buggy writer or a
    /// forger would make them: each is `malformed`, naming the section.
    func testForgedFilesWithValidChecksumsAreRejected() throws {
        var forgeries: [(String, [UInt8], String)] = []
        func forge(_ label: String, section: String, _ change: (inout [UInt8]) throws -> Void) rethrows {
            var bytes = good
            try change(&bytes)
            forgeries.append((label, resealed(bytes), section))
        }
        let skillBias = try entry("skillBias", in: good)
        let itemIds = try entry("itemIds", in: good)
        let metadata = try entry("metadata", in: good)
        let directoryOffset = readUInt64(good, at: 32)
        try forge("section outside the file", section: "skillBias") { setUInt64(&$0, at: skillBias + 32, 1 << 40) }
        try forge("misaligned section", section: "skillBias") { setUInt64(&$0, at: skillBias + 32, UInt64(readUInt64($0, at: skillBias + 32) + 8)) }
        try forge("count disagrees with length", section: "skillBias") { setUInt64(&$0, at: skillBias + 24, 6) }
        try forge("huge count", section: "skillBias") { setUInt64(&$0, at: skillBias + 24, .max) }
        try forge("count disagrees with the metadata", section: "skillBias") { bytes in
            setUInt64(&bytes, at: skillBias + 24, 4)
            setUInt64(&bytes, at: skillBias + 40, 32)
        }
        try forge("a NaN parameter", section: "skillBias") { bytes in
            let start = readUInt64(bytes, at: skillBias + 32)
            withUnsafeBytes(of: Double.nan.bitPattern.littleEndian) { bytes.replaceSubrange(start..<(start + 8), with: $0) }
        }
        try forge("section overlaps another", section: "skillBias") { bytes in
            // 64 bytes into the metadata JSON, which is longer than that.
            setUInt64(&bytes, at: skillBias + 32, UInt64(readUInt64(bytes, at: metadata + 32) + 64))
        }
        try forge("missing section (renamed)", section: "skillBias") { $0[skillBias] = UInt8(ascii: "X") }
        try forge("duplicate section", section: "metadata") { bytes in
            bytes.replaceSubrange(skillBias..<(skillBias + 16), with: bytes[metadata..<(metadata + 16)])
        }
        try forge("section name not ASCII", section: "directory") { $0[skillBias + 2] = 0xC3 }
        try forge("wrong kind", section: "skillBias") { $0[skillBias + 16] = 3 }
        try forge("directory in the wrong place", section: "directory") { setUInt64(&$0, at: 32, UInt64(directoryOffset - 64)) }
        try forge("wrong header size", section: "header") { $0[20] = 32 }
        try forge("unknown section with a huge count is ignored, so the renamed one is missing", section: "gainWrong") { bytes in
            let gainWrong = try entry("gainWrong", in: bytes)
            bytes[gainWrong] = UInt8(ascii: "X")
            bytes[gainWrong + 16] = 99
            setUInt64(&bytes, at: gainWrong + 24, .max)
        }
        try forge("metadata is not JSON", section: "metadata") { bytes in
            bytes[readUInt64(bytes, at: metadata + 32)] = UInt8(ascii: "[")
        }
        try forge("duplicate item id", section: "itemIds") { bytes in
            let text = readUInt64(bytes, at: itemIds + 32) + 8 * (7 + 1)
            bytes[text + "câu-".utf8.count] = UInt8(ascii: "1")  // "câu-0" becomes "câu-1"
        }
        try forge("item id not UTF-8", section: "itemIds") { bytes in
            bytes[readUInt64(bytes, at: itemIds + 32) + 8 * (7 + 1)] = 0xFF
        }
        try forge("string offsets out of order", section: "itemIds") { bytes in
            setUInt64(&bytes, at: readUInt64(bytes, at: itemIds + 32) + 8, 1000)
        }

        var rejected = 0
        for (label, bytes, section) in forgeries {
            guard case let .malformed(_, reportedSection, reason) = error(loading: bytes) else {
                XCTFail("\(label): not reported as malformed")
                continue
            }
            XCTAssertEqual(reportedSection, section, "\(label): \(reason)")
            rejected += 1
        }
        XCTAssertEqual(rejected, forgeries.count, "100 % of \(forgeries.count) forged files rejected")
    }

    func testMissingFileAndDirectoryAreIOErrorsNamingThePath() {
        let missing = directory.path("absent.lotrinh")
        XCTAssertThrowsError(try MasteryModel.load(from: missing)) { error in
            guard case let .io(path, operation, message) = error as? ModelFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, missing)
            XCTAssertEqual(operation, "open")
            XCTAssertTrue(message.contains("No such file"), message)
        }
        XCTAssertThrowsError(try MasteryModel.load(from: directory.url.path)) { error in
            guard case .io = error as? ModelFileError else { return XCTFail("\(error)") }
        }
    }
}
