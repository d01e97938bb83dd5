import Foundation
import LotrinhTestSupport
import MasteryData
import XCTest

/// Inputs that `scripts/fuzz` found misread, kept as tests so the fixes stay. Each names the fuzz
/// target that found it.
final class FuzzRegressionTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUp() { directory = TemporaryDirectory("fuzz-regressions") }
    override func tearDown() { directory = nil }

    private func read(_ bytes: [UInt8], chunkSize: Int, limits: CSVReader.Limits = .init()) -> (records: [[String]], error: InputError?) {
        let path = directory.write("input.csv", bytes: bytes)
        var records: [[String]] = []
        do {
            let reader = try CSVReader(path: path, displayName: "input.csv", limits: limits, chunkSize: chunkSize)
            while try reader.nextRecord() { records.append(reader.strings()) }
            return (records, nil)
        } catch {
            return (records, error)
        }
    }

    /// fuzz-csv-chunks: a first chunk of one or two bytes could not hold the byte order mark, so
    /// the mark became part of the first header name.
    func testAByteOrderMarkIsRemovedWhateverTheChunkSize() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("student_id,x\n1,2\n".utf8)
        for chunkSize in 1...8 {
            XCTAssertEqual(read(bytes, chunkSize: chunkSize).records, [["student_id", "x"], ["1", "2"]], "chunk \(chunkSize)")
        }
    }

    /// fuzz-csv-chunks: with a buffer larger than the record limit, a quoted field longer than the
    /// limit was accepted (the limit was only checked outside quotes); with a smaller one it was
    /// refused. Now it is refused whatever the buffer.
    func testAQuotedFieldLongerThanTheLimitIsRefusedWhateverTheChunkSize() {
        let bytes = Array(("a,b\nc,\"" + String(repeating: "x\n", count: 400) + "\"\n").utf8)
        let limits = CSVReader.Limits(maxRecordBytes: 512)
        for chunkSize in [7, 64, 1 << 20] {
            let (records, error) = read(bytes, chunkSize: chunkSize, limits: limits)
            XCTAssertEqual(records, [["a", "b"]], "chunk \(chunkSize)")
            XCTAssertEqual(error?.reason, .tooLong, "chunk \(chunkSize)")
            XCTAssertEqual(error?.line, 2, "chunk \(chunkSize)")
        }
    }

    /// fuzz-csv-chunks: a buffer that grew by doubling stopped at the limit instead of one byte
    /// past it, so a row of exactly the limit (and its line end) was refused when read in small
    /// chunks and accepted in large ones. The limit is inclusive, whatever the chunk size.
    func testARowOfExactlyTheLimitIsAcceptedWhateverTheChunkSize() {
        let row = String(repeating: "x", count: 512)
        let limits = CSVReader.Limits(maxRecordBytes: 512)
        for chunkSize in [7, 8, 64, 512, 1 << 20] {
            let (records, error) = read(Array("a\n\(row)\nb\n".utf8), chunkSize: chunkSize, limits: limits)
            XCTAssertNil(error, "chunk \(chunkSize)")
            XCTAssertEqual(records, [["a"], [row], ["b"]], "chunk \(chunkSize)")
            XCTAssertEqual(read(Array("a\n\(row)x\nb\n".utf8), chunkSize: chunkSize, limits: limits).error?.reason, .tooLong,
                           "one byte more, chunk \(chunkSize)")
        }
    }

    /// fuzz-csv-chunks: an unclosed quote was reported on the file's last line, "opened on line"
    /// that last line too; the analyst needs the line where the quote opened.
    func testAnUnclosedQuoteNamesTheLineWhereItOpened() {
        let (_, error) = read(Array("a,b\n1,\"two\n3,4\n5,6\n".utf8), chunkSize: 1 << 20)
        XCTAssertEqual(error?.reason, .malformedCSV)
        XCTAssertEqual(error?.line, 2)
        XCTAssertEqual(error?.column, 2)
        XCTAssertTrue(error?.description.contains("opened on line 2") ?? false, "\(String(describing: error))")
    }
}
