import LotrinhTestSupport
import MasteryData
import XCTest

final class CSVReaderTests: XCTestCase {
    private let directory = TemporaryDirectory("csv")

    private func records(_ text: String, chunkSize: Int = 1 << 20) throws -> [[String]] {
        try records(bytes: Array(text.utf8), chunkSize: chunkSize).map(\.fields)
    }

    private func records(bytes: [UInt8], chunkSize: Int = 1 << 20,
                         limits: CSVReader.Limits = .init()) throws -> [(line: Int, fields: [String])] {
        let path = directory.write("input.csv", bytes: bytes)
        let reader = try CSVReader(path: path, displayName: "input.csv", limits: limits, chunkSize: chunkSize)
        var result: [(Int, [String])] = []
        while try reader.nextRecord() { result.append((reader.line, reader.strings())) }
        return result
    }

    func testPlainRowsAndLastLineWithoutNewline() throws {
        XCTAssertEqual(try records("a,b,c\n1,2,3\n4,,6"), [["a", "b", "c"], ["1", "2", "3"], ["4", "", "6"]])
    }

    func testQuotesEscapedQuotesAndCommasInsideQuotes() throws {
        XCTAssertEqual(try records("name,note\n\"Phân số, hỗn số\",\"say \"\"hi\"\"\"\n\"\",x\n"),
                       [["name", "note"], ["Phân số, hỗn số", "say \"hi\""], ["", "x"]])
    }

    func testQuotedNewlinesCountAsLines() throws {
        let result = try records(bytes: Array("id,text\n1,\"two\nlines\"\n2,after\n".utf8))
        XCTAssertEqual(result.map(\.fields), [["id", "text"], ["1", "two\nlines"], ["2", "after"]])
        // The record after a two-line field starts on physical line 4.
        XCTAssertEqual(result.map(\.line), [1, 2, 4])
    }

    func testCRLFAndByteOrderMarkAreInvisible() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("student_id,correct\r\n\"s1\",1\r\ns2,0\r\n".utf8)
        XCTAssertEqual(try records(bytes: bytes).map(\.fields), [["student_id", "correct"], ["s1", "1"], ["s2", "0"]])
    }

    func testEmptyLinesAreSkippedButCounted() throws {
        let result = try records(bytes: Array("a\n\n1\r\n\n2\n\n".utf8))
        XCTAssertEqual(result.map(\.fields), [["a"], ["1"], ["2"]])
        XCTAssertEqual(result.map(\.line), [1, 3, 5])
    }

    func testUnclosedQuoteNamesTheLine() {
        XCTAssertThrowsError(try records("a,b\n1,\"open\nstill open\n")) { error in
            let error = error as! InputError
            XCTAssertEqual(error.reason, .malformedCSV)
            XCTAssertEqual(error.file, "input.csv")
            XCTAssertEqual(error.column, 2)
        }
    }

    func testTextAfterClosingQuoteIsAnError() {
        XCTAssertThrowsError(try records("a,b\n1,\"x\"y\n")) { error in
            let error = error as! InputError
            XCTAssertEqual(error.reason, .malformedCSV)
            XCTAssertEqual(error.line, 2)
            XCTAssertEqual(error.column, 2)
            XCTAssertEqual(error.value, "y")
            XCTAssertTrue(error.description.hasPrefix("input.csv:2:2: malformed CSV"), error.description)
        }
    }

    func testRecordLongerThanTheLimitIsRejected() {
        let longLine = "id\n" + String(repeating: "x", count: 10_000) + "\n"
        XCTAssertThrowsError(try records(bytes: Array(longLine.utf8), chunkSize: 64,
                                         limits: .init(maxRecordBytes: 1000, maxFields: 10))) { error in
            XCTAssertEqual((error as! InputError).reason, .tooLong)
            XCTAssertEqual((error as! InputError).line, 2)
        }
    }

    func testTooManyColumnsIsRejected() {
        let wide = String(repeating: "a,", count: 100) + "a\n"
        XCTAssertThrowsError(try records(bytes: Array(wide.utf8), limits: .init(maxRecordBytes: 1 << 20, maxFields: 50))) { error in
            XCTAssertEqual((error as! InputError).reason, .tooManyColumns)
        }
    }

    func testMissingFileIsUnreadable() {
        XCTAssertThrowsError(try CSVReader(path: directory.path("absent.csv"))) { error in
            XCTAssertEqual((error as! InputError).reason, .unreadable)
        }
    }

    /// Random CSV text (quotes, commas, CR, LF, multi-byte UTF-8), read with buffers from 1 byte up,
    /// must give exactly what an independent character-level parser gives.
    func testAgreesWithReferenceParserAtEveryChunkBoundary() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [String] = ["a", "b", "1", ",", "\"", "\n", "\r\n", "ư", "漢", " "]
        for trial in 0..<200 {
            var fields: [[String]] = []
            for _ in 0..<Int.random(in: 1...5, using: &generator) {
                fields.append((0..<Int.random(in: 1...4, using: &generator)).map { _ in
                    String((0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined())
                })
            }
            let text = fields.map { $0.map(Self.quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
            let expected = Self.referenceParse(text)
            for chunk in [1, 2, 3, 7, 64, 1 << 20] {
                XCTAssertEqual(try records(text, chunkSize: chunk), expected, "trial \(trial), chunk \(chunk): \(text.debugDescription)")
            }
        }
    }

    private static func quote(_ field: String) -> String {
        "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A plain state machine over Unicode scalars: the independent computation of the expected records.
    private static func referenceParse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if inQuotes {
                if scalar == "\"" {
                    if scalars.first == "\"" { field.unicodeScalars.append("\""); scalars.removeFirst() } else { inQuotes = false }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" {
                inQuotes = true
            } else if scalar == "," {
                record.append(field)
                field = ""
            } else if scalar == "\n" {
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else if scalar != "\r" {
                field.unicodeScalars.append(scalar)
            }
        }
        return records
    }
}
