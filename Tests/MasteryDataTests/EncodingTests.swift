import Foundation
import LotrinhTestSupport
@testable import MasteryData
import XCTest

/// Files as Vietnamese schools export them: legacy code pages, UTF-16, decomposed tone marks.
final class EncodingTests: XCTestCase {
    private let directory = TemporaryDirectory("encoding")

    /// "HS-Lê Hà" and "HS-Lê Há" in Windows-1258: ê = EA, à = E0, á = E1 (CP1258.TXT).
    private let twoStudents1258: [UInt8] = Array("student_id,skill_id,correct\n".utf8)
        + Array("HS-L".utf8) + [0xEA] + Array(" H".utf8) + [0xE0] + Array(",T6.01,1\n".utf8)
        + Array("HS-L".utf8) + [0xEA] + Array(" H".utf8) + [0xE1] + Array(",T6.01,0\n".utf8)

    // MARK: - Invalid UTF-8

    /// Regression: decoded with replacement, the two ids collapsed into one name and
    /// `DatasetSummary` trapped in `IdTable`'s subscript; now the first invalid byte is refused.
    func testLegacyBytesAreRefusedWithLocationHexAndHint() throws {
        let path = directory.write("responses.csv", bytes: twoStudents1258)
        XCTAssertThrowsError(try Dataset.load(DatasetFiles(responses: path))) { error in
            let error = error as! InputError
            XCTAssertEqual(error.reason, .badEncoding)
            XCTAssertEqual(error.line, 2)
            XCTAssertEqual(error.column, 1)
            XCTAssertEqual(error.value, "HS-L\\xEA H\\xE0")
            // "HS-L" is 4 bytes, so EA is the 5th; as Windows-1258 the field reads "HS-Lê Hà".
            XCTAssertTrue(error.expected.contains("the bytes EA at byte 5 of the field"), error.expected)
            XCTAssertTrue(error.expected.contains("--encoding windows-1258"), error.expected)
            XCTAssertTrue(error.expected.contains("\"HS-Lê Hà\""), error.expected)
        }
    }

    func testWindows1258ExportKeepsBothStudentsApart() throws {
        let path = directory.write("responses.csv", bytes: twoStudents1258)
        let options = DatasetLoadOptions(format: InputFormat(encoding: .windows1258))
        let dataset = try Dataset.load(DatasetFiles(responses: path), options: options)
        XCTAssertEqual(dataset.responses.studentIds.ids, ["HS-Lê Hà", "HS-Lê Há"])
        let summary = DatasetSummary(dataset)
        XCTAssertEqual(summary.students, 2)
        XCTAssertEqual(summary.rows, 2)
    }

    /// Regression: skill ids "Há" / "Hà" (E1 / E0) collapsed, so a skills file matching the answers
    /// byte for byte was refused ("listed twice") and edges attached to the wrong skill.
    func testWindows1258SkillIdsStayDistinctAcrossAllFiles() throws {
        let ha = Array("H".utf8) + [0xE0], haAcute = Array("H".utf8) + [0xE1]
        let files = DatasetFiles(
            responses: directory.write("d/responses.csv", bytes: Array("student_id,skill_id,correct\ns1,".utf8) + haAcute
                + Array(",1\ns1,".utf8) + ha + Array(",0\n".utf8)),
            skills: directory.write("d/skills.csv", bytes: Array("skill_id,name\n".utf8) + ha + Array(",Huyen\n".utf8)
                + haAcute + Array(",Sac\n".utf8)),
            prerequisites: directory.write("d/prerequisites.csv", bytes: Array("prerequisite_id,skill_id\n".utf8) + ha + [0x2C] + haAcute + [0x0A]))
        XCTAssertThrowsError(try Dataset.load(files)) { error in
            XCTAssertEqual((error as! InputError).reason, .badEncoding)
        }
        let dataset = try Dataset.load(files, options: DatasetLoadOptions(format: InputFormat(encoding: .windows1258)))
        XCTAssertEqual(dataset.skills.ids.ids, ["Hà", "Há"])
        XCTAssertEqual(dataset.skills.names, ["Huyen", "Sac"])
        XCTAssertEqual(dataset.graph?.edges, [PrerequisiteGraph.Edge(prerequisite: 0, skill: 1)])
        XCTAssertEqual(dataset.responses.rowCount(ofSkill: 0), 1)
        XCTAssertEqual(dataset.responses.rowCount(ofSkill: 1), 1)
    }

    func testInvalidByteAfterAQuotedNewlineIsOnItsOwnLine() throws {
        let bytes = Array("skill_id,name\nA,\"Tập\nhợp\"\nB,\"x\ny\",".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        let path = directory.write("skills.csv", bytes: bytes)
        XCTAssertThrowsError(try SkillCatalog.load(path: path, mapping: ColumnMapping())) { error in
            let error = error as! InputError
            // Record 3 starts on line 4; its third field starts after the quoted newline, on line 5.
            XCTAssertEqual(error.line, 5)
            XCTAssertEqual(error.column, 3)
            XCTAssertTrue(error.description.contains("C3 28") == false, "only the invalid sequence: C3 cut short")
            XCTAssertTrue(error.expected.contains("the bytes C3 at byte 1"), error.expected)
        }
    }

    func testValidatorAgreesWithTheStandardLibraryOnEveryShortSequence() {
        // Independent check: Swift's own UTF-8 decoder (String(validating:)) on every 1- and
        // 2-byte sequence and on boundary 3- and 4-byte ones (overlong, surrogate, > U+10FFFF).
        var samples: [[UInt8]] = (0...255).map { [UInt8($0)] }
        for lead in 0xC0...0xFF { for next in stride(from: 0x00, through: 0xFF, by: 0x0F) { samples.append([UInt8(lead), UInt8(next)]) } }
        samples += [[0xE0, 0x9F, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF],
                    [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80]]
        for sample in samples {
            let expected = String(validating: sample, as: UTF8.self) != nil
            let valid = sample.withUnsafeBytes { UTF8Validation.firstInvalid($0) == nil }
            XCTAssertEqual(valid, expected, "\(sample)")
        }
    }

    // MARK: - Code pages

    func testWindows1258KnownVietnameseText() {
        // "Tiếng Việt" as Vietnamese Windows writes it: ê (EA) + acute (EC), ê (EA) + dot below (F2).
        let bytes: [UInt8] = [0x54, 0x69, 0xEA, 0xEC, 0x6E, 0x67, 0x20, 0x56, 0x69, 0xEA, 0xF2, 0x74]
        XCTAssertEqual(CodePage.decode(bytes, as: .windows1258).precomposedNFC, "Tiếng Việt")
        // Letters of their own in CP1258.TXT: Đ D0, đ F0, Ơ D5, ơ F5, Ư DD, ư FD, Ă C3, ă E3, ₫ FE.
        XCTAssertEqual(CodePage.decode([0xD0, 0xF0, 0xD5, 0xF5, 0xDD, 0xFD, 0xC3, 0xE3, 0xFE], as: .windows1258), "ĐđƠơƯưĂă₫")
        // "Ngữ văn": ư (FD) + tilde (DE), ă (E3).
        XCTAssertEqual(CodePage.decode([0x4E, 0x67, 0xFD, 0xDE, 0x20, 0x76, 0xE3, 0x6E], as: .windows1258).precomposedNFC, "Ngữ văn")
    }

    func testWindows1252MatchesFoundationsTable() {
        // Independent check: Foundation's own Windows-1252 converter, byte by byte.
        for byte in UInt8(0x80)...UInt8(0xFF) {
            let ours = CodePage.windows1252[Int(byte) - 0x80]
            let theirs = String(bytes: [byte], encoding: .windowsCP1252)
            if ours == 0 { continue }  // 81 8D 8F 90 9D: undefined in CP1252.TXT
            XCTAssertEqual(theirs?.unicodeScalars.first?.value, ours, "byte \(byte)")
        }
        XCTAssertEqual(CodePage.decode([0x63, 0x61, 0x66, 0xE9, 0x20, 0x80, 0x8A], as: .windows1252), "café €Š")
    }

    func testUndefinedCodePageByteIsLocated() throws {
        let path = directory.write("skills.csv", bytes: Array("skill_id,name\nA,x\nB,".utf8) + [0x81] + Array("\n".utf8))
        XCTAssertThrowsError(try SkillCatalog.load(path: path, mapping: ColumnMapping(), format: InputFormat(encoding: .windows1258))) { error in
            let error = error as! InputError
            XCTAssertEqual(error.reason, .badEncoding)
            XCTAssertEqual(error.line, 3)
            XCTAssertTrue(error.expected.contains("byte 81 has no character in windows-1258"), error.expected)
        }
    }

    func testUTF8FileReadAsACodePageIsRefused() throws {
        let path = directory.write("skills.csv", "skill_id,name\nT6.01,Tập hợp\n")
        XCTAssertThrowsError(try SkillCatalog.load(path: path, mapping: ColumnMapping(), format: InputFormat(encoding: .windows1258))) { error in
            XCTAssertTrue((error as! InputError).expected.contains("is already UTF-8"), "\(error)")
        }
    }

    // MARK: - UTF-16

    private func utf16(_ text: String, bigEndian: Bool, mark: Bool) -> [UInt8] {
        var bytes: [UInt8] = mark ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let (high, low) = (UInt8(unit >> 8), UInt8(unit & 0xFF))
            bytes += bigEndian ? [high, low] : [low, high]
        }
        return bytes
    }

    func testUTF16WithAMarkIsDecodedInBothByteOrders() throws {
        let text = "skill_id\tname\r\nT6.01\tTập hợp\r\nT6.02\tSố 𝑥\r\n"  // 𝑥 is a surrogate pair
        for bigEndian in [false, true] {
            let path = directory.write("skills-\(bigEndian).csv", bytes: utf16(text, bigEndian: bigEndian, mark: true))
            let (catalog, _) = try SkillCatalog.load(path: path, mapping: ColumnMapping())
            XCTAssertEqual(catalog.names, ["Tập hợp", "Số 𝑥"], "big endian: \(bigEndian)")
        }
    }

    /// A UTF-16 file's UTF-8 is about half its size: its byte count must not drive progress or the
    /// row estimate (which would reserve twice the memory).
    func testConvertedFilesHaveNoSizeToCompareWith() throws {
        let path = directory.write("u.csv", bytes: utf16("a,b\n1,2\n", bigEndian: false, mark: true))
        XCTAssertNil(try CSVReader(path: path).fileSize)
        XCTAssertEqual(try CSVReader(path: directory.write("plain.csv", "a,b\n1,2\n")).fileSize, 8)
    }

    func testUTF16WithoutAMarkNeedsTheOptionAndSaysSo() throws {
        let path = directory.write("skills.csv", bytes: utf16("skill_id,name\nA,Hà\n", bigEndian: false, mark: false))
        XCTAssertThrowsError(try SkillCatalog.load(path: path, mapping: ColumnMapping())) { error in
            XCTAssertTrue((error as! InputError).expected.contains("--encoding utf-16"), "\(error)")
        }
        let (catalog, _) = try SkillCatalog.load(path: path, mapping: ColumnMapping(), format: InputFormat(encoding: .utf16))
        XCTAssertEqual(catalog.names, ["Hà"])
    }

    func testTranscodedRecordsDoNotDependOnTheChunkSize() throws {
        let text = "skill_id,name\n" + (1...40).map { "K\($0),\"Tiếng Việt, bài \($0)\"\n" }.joined()
        let path = directory.write("skills.csv", bytes: utf16(text, bigEndian: false, mark: true))
        let whole = try CSVReader(path: path)
        var expected: [[String]] = []
        while try whole.nextRecord() { expected.append(whole.strings()) }
        XCTAssertEqual(expected.count, 41)
        for chunkSize in [3, 4, 5, 7, 64] {
            let reader = try CSVReader(path: path, chunkSize: chunkSize)
            var records: [[String]] = []
            while try reader.nextRecord() { records.append(reader.strings()) }
            XCTAssertEqual(records, expected, "chunk size \(chunkSize)")
        }
    }

    /// Records before a broken character come out whole at every buffer size, then the error.
    func testRecordsBeforeAnUndecodableUnitDoNotDependOnTheChunkSize() throws {
        var bytes = utf16("a;b\n1;2\n3;4\n", bigEndian: false, mark: true)
        bytes += [0x00, 0xDC] + utf16(";5\n", bigEndian: false, mark: false)  // a lone trail surrogate on line 4
        let path = directory.write("broken.csv", bytes: bytes)
        for chunkSize in [3, 5, 8, 1 << 16] {
            let reader = try CSVReader(path: path, chunkSize: chunkSize)
            var records: [[String]] = []
            XCTAssertThrowsError(try { while try reader.nextRecord() { records.append(reader.strings()) } }()) { error in
                XCTAssertEqual((error as! InputError).line, 4, "chunk size \(chunkSize)")
                XCTAssertTrue((error as! InputError).expected.contains("surrogate"), "\(error)")
            }
            XCTAssertEqual(records, [["a", "b"], ["1", "2"], ["3", "4"]], "chunk size \(chunkSize)")
        }
    }

    /// The delimiter is judged on the whole header row, however small the first read.
    func testDelimiterOfALongHeaderDoesNotDependOnTheChunkSize() throws {
        // Commas early, more semicolons later: only the whole row shows semicolons win.
        let path = directory.write("long.csv", "a,b;c;d;e\n1,2;3;4;5\n")
        for chunkSize in [3, 4, 6, 64] {
            let reader = try CSVReader(path: path, chunkSize: chunkSize)
            XCTAssertEqual(reader.delimiter, .semicolon, "chunk size \(chunkSize)")
            XCTAssertTrue(try reader.nextRecord())
            XCTAssertEqual(reader.strings(), ["a,b", "c", "d", "e"])
        }
    }

    /// A file refused while the reader starts (here: UTF-16 without a mark) must close its
    /// descriptor: a service that validates uploads would otherwise run out of them.
    func testAFileRefusedAtTheStartIsClosed() throws {
        let path = directory.write("unmarked.csv", bytes: utf16("a,b\n", bigEndian: false, mark: false))
        func openDescriptors() throws -> Int { try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count }
        let before = try openDescriptors()
        for _ in 0..<100 { XCTAssertThrowsError(try CSVReader(path: path)) }
        XCTAssertEqual(try openDescriptors(), before)
    }

    // MARK: - Normalization

    func testDecomposedAndPrecomposedIdsAreOneId() throws {
        // "Hà" precomposed (U+00E0) in one row, "Ha" + U+0300 in the next: one student, NFC.
        let path = directory.write("responses.csv", "student_id,skill_id,correct\nH\u{E0},A,1\nHa\u{300},A,0\n")
        let dataset = try Dataset.load(DatasetFiles(responses: path))
        XCTAssertEqual(dataset.responses.studentCount, 1)
        XCTAssertEqual(Array(dataset.responses.studentIds[0].unicodeScalars), ["H", "\u{E0}"])
    }

    /// The reader skips the normalizer for text in U+0080–U+02FF and U+1E00–U+1EFF; that is only
    /// right if NFC (Foundation's, computed independently) leaves every such character alone and
    /// none of them joins the letter before it.
    func testTheRangesThatSkipNormalizationAreStableUnderNFC() {
        let ranges: [ClosedRange<UInt32>] = [0x80...0x2FF, 0x1E00...0x1EFF]
        for value in ranges.joined() {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for prefix in ["", "a", "e", "o", "u", "A", "ơ", "\u{300}"] {
                let text = prefix + String(Character(scalar))
                XCTAssertEqual(Array(text.precomposedNFC.unicodeScalars), Array(text.unicodeScalars), "U+\(String(value, radix: 16)) after '\(prefix)'")
                Array(text.utf8).withUnsafeBytes { bytes in
                    let expected = prefix == "\u{300}"  // the combining mark itself is outside the ranges
                    XCTAssertEqual(UTF8Validation.scan(bytes).mayNeedNormalization, expected, "U+\(String(value, radix: 16))")
                }
            }
        }
    }

    /// The converter composes a letter with the tone after it; whatever order the marks come in,
    /// the field must equal Foundation's NFC of the text (computed here independently).
    func testWindows1258FieldsEqualNFCWhateverTheMarkOrder() throws {
        // a + acute + dot below (not canonical order), â + dot below, ư + tilde, ê + grave + hook.
        let field: [UInt8] = [0x61, 0xEC, 0xF2, 0x20, 0xE2, 0xF2, 0x20, 0xFD, 0xDE, 0x20, 0xEA, 0xCC, 0xD2]
        let path = directory.write("marks.csv", bytes: Array("name\n".utf8) + field + [0x0A])
        let reader = try CSVReader(path: path, format: InputFormat(encoding: .windows1258))
        XCTAssertTrue(try reader.nextRecord())
        XCTAssertTrue(try reader.nextRecord())
        let expected = "a\u{301}\u{323} \u{E2}\u{323} \u{1B0}\u{303} \u{EA}\u{300}\u{309}".precomposedStringWithCanonicalMapping
        XCTAssertEqual(Array(reader.string(0).unicodeScalars), Array(expected.unicodeScalars))
    }

    func testSkillsFromA1258FileMatchUTF8Answers() throws {
        // The skills file in Windows-1258 (decomposed tone), the answers in UTF-8 (precomposed).
        let skills = directory.write("skills.csv", bytes: Array("skill_id,name\nH".utf8) + [0x61, 0xCC] + Array(",x\n".utf8))
        let (catalog, _) = try SkillCatalog.load(path: skills, mapping: ColumnMapping(), format: InputFormat(encoding: .windows1258))
        XCTAssertEqual(catalog.ids.index(of: "H\u{E0}"), 0)
    }
}
