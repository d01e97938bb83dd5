import Foundation
import MasteryData
import XCTest

final class CSVWriterTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("csvwriter-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes with `body` and returns the file's exact bytes as a string.
    private func written(
        bufferSize: Int = 1 << 20,
        lineEnding: CSVWriter.LineEnding = .lf,
        _ body: (CSVWriter) throws -> Void
    ) throws -> String {
        let path = directory.appendingPathComponent("out.csv").path
        let writer = try CSVWriter(path: path, bufferSize: bufferSize, lineEnding: lineEnding)
        try body(writer)
        try writer.close()
        return try XCTUnwrap(String(data: Data(contentsOf: URL(fileURLWithPath: path)), encoding: .utf8))
    }

    func testPlainFieldsAreNotQuoted() throws {
        let text = try written { try $0.writeRow(["a", "b c", " lead", "x;y", "'"]) }
        XCTAssertEqual(text, "a,b c, lead,x;y,'\n")
    }

    func testFieldsWithSeparatorsQuotesAndLineBreaksAreQuoted() throws {
        let text = try written { try $0.writeRow(["a,b", "say \"hi\"", "two\nlines", "cr\rhere", "\""]) }
        XCTAssertEqual(text, "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",\"\"\"\"\n")
    }

    func testEmptyFields() throws {
        let text = try written { writer in
            try writer.writeRow(["", "b", ""])
            try writer.writeRow([""])  // must not become a blank line, which readers skip
            try writer.writeRow([])
        }
        XCTAssertEqual(text, ",b,\n\"\"\n\n")
    }

    func testIntegersIncludingExtremes() throws {
        let values = [0, 7, -1, 10, 99, 100, 1_234_567_890, Int.max, Int.min]
        let text = try written { writer in
            for value in values { try writer.write(field: value) }
            try writer.endRow()
        }
        XCTAssertEqual(text, values.map(String.init).joined(separator: ",") + "\n")
    }

    func testMixedFastPathRowAndDoubles() throws {
        let text = try written { writer in
            try writer.write(field: 42)
            try writer.write(field: "T6.01")
            try writer.write(field: 0.1)
            try writer.write(field: -2.5e-7)
            try writer.endRow()
        }
        XCTAssertEqual(text, "42,T6.01,0.1,-2.5e-07\n")
        XCTAssertEqual(Double("-2.5e-07"), -2.5e-7, "the double format must parse back exactly")
    }

    func testCRLFLineEnding() throws {
        let text = try written(lineEnding: .crlf) { writer in
            try writer.writeRow(["a", "b"])
            try writer.writeRow(["c"])
        }
        XCTAssertEqual(text, "a,b\r\nc\r\n")
    }

    func testVietnameseTextRoundTripsBytesExactly() throws {
        // Precomposed (NFC) and decomposed (NFD) forms are different bytes; both must pass through untouched.
        let precomposed = "Ước chung lớn nhất, Bội chung nhỏ nhất"
        let decomposed = "Lu\u{0303}y thu\u{031B}\u{0300}a"
        let path = directory.appendingPathComponent("vi.csv").path
        let writer = try CSVWriter(path: path)
        try writer.writeRow([precomposed, decomposed, "Số thập phân"])
        try writer.close()

        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var expected: [UInt8] = [UInt8(ascii: "\"")] + Array(precomposed.utf8) + [UInt8(ascii: "\"")]
        expected += [UInt8(ascii: ",")] + Array(decomposed.utf8)
        expected += [UInt8(ascii: ",")] + Array("Số thập phân".utf8) + [UInt8(ascii: "\n")]
        XCTAssertEqual(bytes, expected)
    }

    func testSmallBufferProducesTheSameBytesAsLargeBuffer() throws {
        func rows(_ writer: CSVWriter) throws {
            for row in 0..<500 {
                try writer.write(field: row)
                try writer.write(field: "Phân số \"\(row)\", bằng nhau")
                try writer.write(field: -row * 1_000_003)
                try writer.endRow()
            }
            // Larger than the small buffer: takes the oversized path.
            try writer.writeRow([String(repeating: "ố,\"", count: 200), "end"])
        }
        let large = try written(rows)
        let small = try written(bufferSize: 64, rows)
        XCTAssertEqual(small, large)
        XCTAssertTrue(large.hasSuffix("\"" + String(repeating: "ố,\"\"", count: 200) + "\",end\n"))
    }

    func testUnwritablePathThrowsNamingThePath() throws {
        let path = directory.appendingPathComponent("missing-dir/responses.csv").path
        XCTAssertThrowsError(try CSVWriter(path: path)) { error in
            guard let error = error as? CSVWriteError else { return XCTFail("unexpected \(error)") }
            XCTAssertEqual(error.path, path)
            XCTAssertEqual(error.operation, .open)
            XCTAssertTrue(error.description.contains(path), error.description)
        }
    }

    func testWriteErrorIsReportedNotSwallowed() throws {
        // /dev/full accepts the open and fails every write with ENOSPC: a disk-full rehearsal.
        guard FileManager.default.fileExists(atPath: "/dev/full") else {
            throw XCTSkip("no /dev/full on this system")
        }
        let writer = try CSVWriter(path: "/dev/full", bufferSize: 64)
        XCTAssertThrowsError(try {
            for row in 0..<100 { try writer.writeRow(["row", String(row)]) }
            try writer.close()
        }()) { error in
            guard let error = error as? CSVWriteError else { return XCTFail("unexpected \(error)") }
            XCTAssertEqual(error.path, "/dev/full")
            XCTAssertEqual(error.operation, .write)
            XCTAssertEqual(error.code, ENOSPC)
            XCTAssertTrue(error.description.contains("/dev/full"), error.description)
        }
    }
}
