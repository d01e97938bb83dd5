import Foundation
import LotrinhTestSupport
import MasteryData
import XCTest

/// The reader scans plain records eight bytes at a time and leaves the rest (quotes, empty lines,
/// records that may be too long or run past the buffer) to its byte-by-byte scan. A buffer of a
/// few bytes seldom holds a whole record and the eight bytes after its start, so it reads most
/// records byte by byte: both scans must give the same records, lines and errors.
final class CSVWordScanTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUp() { directory = TemporaryDirectory("word-scan") }
    override func tearDown() { directory = nil }

    private struct Reading: Equatable {
        var records: [[[UInt8]]] = []
        var lines: [Int] = []
        var error: InputError?
    }

    private func read(_ bytes: [UInt8], chunkSize: Int, limits: CSVReader.Limits = .init()) -> Reading {
        let path = directory.write("input.csv", bytes: bytes)
        var reading = Reading()
        do {
            let reader = try CSVReader(path: path, displayName: "input.csv", limits: limits, chunkSize: chunkSize)
            while try reader.nextRecord() {
                reading.records.append((0..<reader.fieldCount).map { [UInt8](reader.field($0)) })
                reading.lines.append(reader.line)
            }
        } catch {
            reading.error = error
        }
        return reading
    }

    /// Hand-read: line ends on and across word boundaries, a quote inside a field (plain, since it
    /// does not open the field), a lone CR (plain), CRLF, an empty line, a quoted field, accented
    /// text in the word that holds the line end, and a decomposed accent (normalized to NFC).
    func testPlainRecordsReadAsWritten() {
        let text = "student_id,skill_id,correct\nu1234,s7,1\r\nu1,ab\"c,0\n\nu2,x\ry,1\nu3,\"q,r\",0\nu4,sé,1\nu5,e\u{301},0\nabcdefg\n"
        let reading = read(Array(text.utf8), chunkSize: 1 << 16)
        XCTAssertNil(reading.error)
        // Bytes, not strings: String equality would take the decomposed accent for the composed one.
        let expected: [[String]] = [
            ["student_id", "skill_id", "correct"], ["u1234", "s7", "1"], ["u1", "ab\"c", "0"], ["u2", "x\ry", "1"],
            ["u3", "q,r", "0"], ["u4", "sé", "1"], ["u5", "\u{e9}", "0"], ["abcdefg"],
        ]
        XCTAssertEqual(reading.records, expected.map { $0.map { Array($0.utf8) } })
        XCTAssertEqual(reading.lines, [1, 2, 3, 5, 6, 7, 8, 9])
    }

    /// An invalid byte in a record's first word is reported with its line and column, as the byte
    /// scan reports it (the line after it gives the word scan its eight bytes).
    func testAnInvalidByteKeepsItsLineAndColumn() {
        let bytes = Array("a,b\nc,d\n".utf8) + [UInt8(ascii: "x"), UInt8(ascii: ","), 0xFF, UInt8(ascii: "y"), UInt8(ascii: "\n")]
            + Array("more,bytes,after\n".utf8)
        let words = read(bytes, chunkSize: 1 << 16)
        XCTAssertEqual(words.error?.line, 3)
        XCTAssertEqual(words.error?.column, 2)
        XCTAssertEqual(words, read(bytes, chunkSize: 2))
    }

    /// Seeded random files over the bytes that matter to the scanner, read through two-to-five-byte
    /// buffers (mostly bytes) and one large buffer (words where they apply): the same readings.
    func testWordScanAgreesWithByteScanOnRandomFiles() {
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("bc".utf8), Array("12345678".utf8), Array(",".utf8), Array(";".utf8), Array("\n".utf8),
            Array("\r\n".utf8), Array("\r".utf8), Array("\"".utf8), Array("\"\"".utf8), Array("é".utf8), Array("e\u{301}".utf8),
            [0xFF], [0xC3], Array("\n\n".utf8), Array(",\"x,y\",".utf8),
        ]
        var random = SeededRandom(seed: 19)
        let limits = CSVReader.Limits(maxRecordBytes: 40, maxFields: 12)
        for file in 0..<400 {
            var bytes: [UInt8] = []
            for _ in 0..<random.nextInt(in: 1...120) { bytes += pieces[random.nextInt(below: pieces.count)] }
            let words = read(bytes, chunkSize: 1 << 16, limits: limits)
            let chunk = random.nextInt(in: 2...5)
            XCTAssertEqual(words, read(bytes, chunkSize: chunk, limits: limits),
                           "file \(file), chunk \(chunk): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
    }
}
