@testable import MasteryData
import XCTest

final class FieldParsingTests: XCTestCase {
    private func timestamp(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { FieldParsing.timestamp(UnsafeRawBufferPointer($0)) }
    }

    private func double(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { FieldParsing.double(UnsafeRawBufferPointer($0)) }
    }

    func testTimestampsAgreeWithFoundation() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        for text in ["1970-01-01T00:00:00Z", "2000-02-29T23:59:59Z", "2015-10-24T09:28:21+07:00", "2100-03-01T00:00:00-05:30", "1969-07-20T20:17:40Z"] {
            // Compared with Foundation's ISO 8601 parser.
            XCTAssertEqual(timestamp(text), formatter.date(from: text)!.timeIntervalSince1970, text)
        }
        XCTAssertEqual(timestamp("2015-10-24 09:28:21.25"), 1_445_678_901.25)
        XCTAssertEqual(timestamp("2015-10-24"), 1_445_644_800)
        XCTAssertEqual(timestamp("1445678901"), 1_445_678_901)
        XCTAssertEqual(timestamp("1445678901.5"), 1_445_678_901.5)
        for bad in ["2015-02-29", "2015-10-24T25:00", "2015-10-24T09:28:21Q", "yesterday", "", "2015-10-24T"] {
            XCTAssertNil(timestamp(bad), bad)
        }
    }

    func testNumbers() {
        XCTAssertEqual(double("0.75"), 0.75)
        XCTAssertEqual(double("-3"), -3)
        XCTAssertEqual(double("1e-3"), 0.001)
        XCTAssertTrue(double("NaN")!.isNaN)
        XCTAssertNil(double(" 1"))
        XCTAssertNil(double("1 "))
        XCTAssertNil(double("0,5"))
        XCTAssertNil(double(""))
    }

    func testIdTableInternsBytesAndFindsThemAgain() {
        var table = IdTable()
        var expected: [String: Int] = [:]
        for index in 0..<5000 {
            let id = index % 3 == 0 ? "học-sinh-\(index / 3)" : "s\(index % 1700)"
            let interned = table.intern(id)
            if let known = expected[id] { XCTAssertEqual(interned, known) } else { expected[id] = interned }
        }
        // Compared with a Dictionary built from the same ids.
        XCTAssertEqual(table.count, expected.count)
        for (id, index) in expected {
            XCTAssertEqual(table[index], id)
            XCTAssertEqual(table.index(of: id), index)
        }
        XCTAssertNil(table.index(of: "absent"))
        XCTAssertEqual(table.intern(""), table.count - 1)
        XCTAssertEqual(table.index(of: ""), table.count - 1)
    }

    /// Keys up to seven bytes are compared by one packed word holding their bytes and length, longer
    /// ones by their first seven bytes and then in full: ids that differ only in trailing NUL bytes,
    /// in length, in a byte past the seventh, or whose eighth byte is a small number (a length in a
    /// short key's word) must all stay distinct. Checked against a dictionary of the same ids.
    func testIdTableKeepsIdsApartThatPackAlike() {
        var ids: [String] = []
        for length in 0...10 {
            ids.append(String(repeating: "a", count: length))
            ids.append(String(repeating: "\0", count: length))
            ids.append("a" + String(repeating: "\0", count: length))
        }
        for small in 0...8 { ids.append("abcdefg" + String(UnicodeScalar(UInt8(small))) + "h") }
        ids += ["abcdefgh", "abcdefgi", "abcdefghijklmnop", "abcdefghijklmnoq", "bbcdefghijklmnop", "ab", "ba", "abc", "acb"]
        var table = IdTable()
        var expected: [String: Int] = [:]
        for round in 0..<2 {
            for id in ids {
                let interned = table.intern(id)
                if let known = expected[id] { XCTAssertEqual(interned, known, "\(id.debugDescription), round \(round)") } else { expected[id] = interned }
            }
        }
        XCTAssertEqual(table.count, Set(ids).count)
        for (id, index) in expected {
            XCTAssertEqual(table[index], id)
            XCTAssertEqual(table.index(of: id), index, id.debugDescription)
        }
    }
}
