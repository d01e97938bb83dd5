import Foundation
import LotrinhTestSupport
import MasteryData
import XCTest

/// Hostile or broken inputs — a line of tens of megabytes, millions of columns, an id of
/// megabytes — are refused with an error that names the line and the limit, and the memory the
/// loader takes on the way stays near the record limit (16 MiB), whatever the input's size.
final class ResourceLimitTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUp() { directory = TemporaryDirectory("resource-limits") }
    override func tearDown() { directory = nil }

    /// Writes `head`, then `repeating` `count` times in 1 MiB pieces (the test itself must not
    /// hold the huge input in memory), then `tail`.
    private func hugeFile(_ name: String, head: String, repeating byte: UInt8, count: Int, tail: String = "") throws -> String {
        let path = directory.path(name)
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(head.utf8)))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        let piece = Data(repeating: byte, count: 1 << 20)
        var written = 0
        while written < count {
            try handle.write(contentsOf: piece.prefix(count - written))
            written += min(piece.count, count - written)
        }
        try handle.write(contentsOf: Data(tail.utf8))
        return path
    }

    private func value(_ field: String, _ status: String) -> Int? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else { return nil }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "").map { $0 * 1024 }
    }

    /// How far the resident set grew above its level before `body`: the kernel's peak (VmHWM) is
    /// reset first through /proc/self/clear_refs. Nil where that is not available.
    private func peakGrowth(_ body: () throws -> Void) throws -> Int? {
        let before = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let reset = (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
        try body()
        guard reset, let baseline = value("VmRSS", before),
              let peak = value("VmHWM", try String(contentsOfFile: "/proc/self/status", encoding: .utf8)) else { return nil }
        return peak - baseline
    }

    private func loadError(_ path: String, limits: CSVReader.Limits = .init(), file: StaticString = #filePath,
                           line: UInt = #line) -> InputError? {
        do {
            _ = try ResponseLoader.load(path: path, options: ResponseLoadOptions(limits: limits))
            XCTFail("loaded", file: file, line: line)
        } catch {
            return error
        }
        return nil
    }

    private func assertBounded(_ growth: Int?, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let growth else { return print("\(what): peak memory not measurable here") }
        // TSan's shadow memory grows with the bytes read, so the bound is only measured without it
        // (AddressSanitizer's redzones double the figure and stay within it).
        if Sanitizers.threadSanitizerIsActive { return print("\(what): peak memory not judged under ThreadSanitizer") }
        print("\(what): peak resident memory grew by \(growth >> 20) MiB")
        XCTAssertLessThan(growth, 48 << 20, "\(what) took \(growth >> 20) MiB", file: file, line: line)
    }

    func testALineOfTensOfMegabytesIsRefusedWithinBoundedMemory() throws {
        let path = try hugeFile("long-line.csv", head: "student_id,skill_id,correct\ns1,T6.01,1\n", repeating: UInt8(ascii: "x"), count: 64 << 20)
        var error: InputError?
        assertBounded(try peakGrowth { error = loadError(path) }, "a 64 MiB line")
        XCTAssertEqual(error?.reason, .tooLong)
        XCTAssertEqual(error?.line, 3)
        XCTAssertTrue(error?.description.contains("at most 16777216 bytes") ?? false, "\(String(describing: error))")
    }

    /// An opening quote that never closes would swallow the rest of the file into one field.
    func testAnUnclosedQuoteOverTensOfMegabytesIsRefusedWithinBoundedMemory() throws {
        let path = try hugeFile("unclosed.csv", head: "student_id,skill_id,correct\n\"s1,T6.01,1\n", repeating: UInt8(ascii: "\n"), count: 48 << 20)
        var error: InputError?
        assertBounded(try peakGrowth { error = loadError(path) }, "an unclosed quote before 48 MiB")
        XCTAssertEqual(error?.reason, .tooLong)
        XCTAssertEqual(error?.line, 2, "the line where the quote opened")
        XCTAssertTrue(error?.description.contains("an unclosed quote?") ?? false, "\(String(describing: error))")
    }

    func testMillionsOfColumnsAreRefusedWithinBoundedMemory() throws {
        let header = try hugeFile("wide-header.csv", head: "student_id,skill_id,correct", repeating: UInt8(ascii: ","), count: 4_000_000, tail: "\n")
        var error: InputError?
        assertBounded(try peakGrowth { error = loadError(header) }, "a header of 4 million columns")
        XCTAssertEqual(error?.reason, .tooManyColumns)
        XCTAssertEqual(error?.line, 1)
        XCTAssertTrue(error?.description.contains("at most 4096 columns") ?? false, "\(String(describing: error))")

        let row = try hugeFile("wide-row.csv", head: "student_id,skill_id,correct\ns1,T6.01,1\ns2,T6.01", repeating: UInt8(ascii: ","), count: 4_000_000, tail: "\n")
        XCTAssertEqual(loadError(row)?.reason, .tooManyColumns)
        XCTAssertEqual(loadError(row)?.line, 3)
    }

    func testIdsOfMegabytesAreRefusedNamingTheColumn() throws {
        let megabyteId = String(repeating: "7", count: 2 << 20)
        let cases: [(String, String, String)] = [
            ("student_id", "student_id,skill_id,correct\n\(megabyteId),T6.01,1\n", "an id of at most 1024 bytes"),
            ("skill_id", "student_id,skill_id,correct\ns1,\(megabyteId),1\n", "an id of at most 1024 bytes"),
            ("item_id", "student_id,skill_id,item_id,correct\ns1,T6.01,\(megabyteId),1\n", "an id of at most 1024 bytes"),
        ]
        for (column, contents, expected) in cases {
            let error = loadError(directory.write("\(column).csv", contents))
            XCTAssertEqual(error?.reason, .tooLong, column)
            XCTAssertEqual(error?.line, 2, column)
            XCTAssertEqual(error?.columnName, column)
            let message = error?.description ?? ""
            XCTAssertTrue(message.contains(expected) && message.contains("(2097152 bytes)"), message)
            XCTAssertLessThan(message.utf8.count, 400, "the message shows a prefix of the value, not megabytes")
        }
        let skills = directory.write("skills.csv", "skill_id,name\n\(megabyteId),Tập hợp\n")
        XCTAssertThrowsError(try SkillCatalog.load(path: skills, mapping: ColumnMapping())) { error in
            XCTAssertEqual((error as? InputError)?.reason, .tooLong)
            XCTAssertEqual((error as? InputError)?.columnName, "skill_id")
        }
    }

    /// The id limit is the loader's, so an operator can tighten it; ids at the limit pass.
    func testTheIdLimitIsConfigurableAndInclusive() throws {
        let path = directory.write("ids.csv", "student_id,skill_id,correct\nhs-0001,T6.01,1\n")
        XCTAssertNoThrow(try ResponseLoader.load(path: path, options: ResponseLoadOptions(limits: CSVReader.Limits(maxIdBytes: 7))))
        XCTAssertEqual(loadError(path, limits: CSVReader.Limits(maxIdBytes: 6))?.columnName, "student_id")
    }
}
