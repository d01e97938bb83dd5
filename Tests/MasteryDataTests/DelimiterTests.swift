import LotrinhTestSupport
@testable import MasteryData
import XCTest

/// Excel's exports under Vietnamese regional settings: semicolons, decimal commas, and the times
/// other tools write in milliseconds.
final class DelimiterTests: XCTestCase {
    private let directory = TemporaryDirectory("delimiter")

    private func load(_ text: String, format: InputFormat = InputFormat()) throws -> ResponseData {
        let path = directory.write("responses.csv", text)
        return try ResponseLoader.load(path: path, options: ResponseLoadOptions(format: format)).0
    }

    func testSemicolonAndTabAreRecognisedFromTheHeader() throws {
        for separator in [";", "\t"] {
            let text = ["student_id", "skill_id", "correct"].joined(separator: separator) + "\n"
                + ["s1", "\"A, B\"", "1"].joined(separator: separator) + "\n"
            let data = try load(text)
            XCTAssertEqual(data.skillIds.ids, ["A, B"], "separator \(separator.debugDescription)")
        }
    }

    /// Regression: "0,5" was "not a number" and a semicolon header was one missing column.
    func testSemicolonFileReadsDecimalCommasUnlessToldOtherwise() throws {
        let text = "student_id;skill_id;score\ns1;A;0,5\ns1;B;0,25\ns2;A;1\n"
        XCTAssertEqual(try load(text).rowOutcome, [0.5, 0.25, 1])
        XCTAssertThrowsError(try load(text, format: InputFormat(decimalComma: false))) { error in
            XCTAssertEqual((error as! InputError).reason, .notANumber)
        }
    }

    func testDecimalCommaInACommaFileIsAskedForOrHinted() throws {
        let text = "student_id,skill_id,score\ns1,A,\"0,5\"\n"
        XCTAssertThrowsError(try load(text)) { error in
            XCTAssertTrue((error as! InputError).expected.contains("--decimal-comma"), "\(error)")
        }
        XCTAssertEqual(try load(text, format: InputFormat(decimalComma: true)).rowOutcome, [0.5])
    }

    func testAmbiguousThousandsAndDecimalMarksAreRefused() {
        let parse = { (text: String) in Array(text.utf8).withUnsafeBytes { FieldParsing.double($0, decimalComma: true) } }
        XCTAssertEqual(parse("0,75"), 0.75)
        XCTAssertEqual(parse("0.75"), 0.75)
        XCTAssertNil(parse("1.000,5"))
    }

    func testOneColumnHeaderSaysWhichDelimiterItLooksLike() throws {
        let semicolons = directory.write("a.csv", "student_id;skill_id;correct\ns1;A;1\n")
        let options = ResponseLoadOptions(format: InputFormat(delimiter: .comma))
        XCTAssertThrowsError(try ResponseLoader.load(path: semicolons, options: options)) { error in
            XCTAssertTrue((error as! InputError).expected.contains("looks separated by ';': read it with --delimiter semicolon"), "\(error)")
        }
        let pipes = directory.write("b.csv", "student_id|skill_id|correct\ns1|A|1\n")
        XCTAssertThrowsError(try ResponseLoader.load(path: pipes)) { error in
            XCTAssertTrue((error as! InputError).expected.contains("looks separated by '|', which Lotrinh does not read"), "\(error)")
        }
    }

    func testExplicitDelimiterWinsOverTheHeader() throws {
        // Commas inside the names, semicolons between fields, one comma-only header.
        let path = directory.write("skills.csv", "skill_id;name\nA;Lũy thừa, căn\n")
        let (catalog, _) = try SkillCatalog.load(path: path, mapping: ColumnMapping(), format: InputFormat(delimiter: .semicolon))
        XCTAssertEqual(catalog.names, ["Lũy thừa, căn"])
    }

    // MARK: - Timestamps

    /// Regression: milliseconds were read as seconds (a half-life in days then off by 1000).
    func testMillisecondTimestampsAreRefusedWithAHintOrReadWhenAsked() throws {
        let text = "student_id,skill_id,correct,timestamp\ns1,A,1,1445678901000\ns1,B,0,1445678961500\n"
        XCTAssertThrowsError(try load(text)) { error in
            let error = error as! InputError
            XCTAssertEqual(error.line, 2)
            XCTAssertTrue(error.expected.contains("--timestamp-unit ms"), error.expected)
        }
        let data = try load(text, format: InputFormat(timestampUnit: .milliseconds))
        // 1445678901000 ms = 1445678901 s; 60.5 s later.
        XCTAssertEqual(data.rowTime, [1_445_678_901, 1_445_678_961.5])
    }

    func testSecondsAndISODatesAreUnaffected() throws {
        let text = "student_id,skill_id,correct,timestamp\ns1,A,1,1445678901\ns1,B,0,2015-10-24T09:29:21Z\n"
        // 2015-10-24T09:29:21Z = 16732 days × 86400 + 9×3600 + 29×60 + 21 = 1445678961.
        XCTAssertEqual(try load(text).rowTime, [1_445_678_901, 1_445_678_961])
    }
}
