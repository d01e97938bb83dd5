import Foundation
import LotrinhTestSupport
@testable import MasteryData
import XCTest

/// A file parsed in parts on several threads must load exactly as one reader loads it: the same
/// ids in the same order, the same rows, the same reports, the same errors with the same lines.
/// The reference is the same file read with `threads: 1`; parts are made tiny so that small files
/// are cut in many places.
final class ParallelLoadTests: XCTestCase {
    private let directory = TemporaryDirectory("parallel-load")

    private func options(threads: Int, skipInvalid: Bool = false) -> ResponseLoadOptions {
        var options = ResponseLoadOptions(skipInvalid: skipInvalid)
        options.threads = threads
        options.minimumPartBytes = 256
        return options
    }

    /// Loads `text` with one reader and with `threads` and checks that both give the same result.
    private func assertSameLoad(_ text: String, threads: Int = 4, skipInvalid: Bool = false, catalog: SkillCatalog? = nil,
                                file: StaticString = #filePath, line: UInt = #line) throws {
        let path = directory.write("responses.csv", text)
        let (one, oneReport) = try ResponseLoader.load(path: path, displayName: "r.csv", catalog: catalog,
                                                       options: options(threads: 1, skipInvalid: skipInvalid))
        let (many, manyReport) = try ResponseLoader.load(path: path, displayName: "r.csv", catalog: catalog,
                                                         options: options(threads: threads, skipInvalid: skipInvalid))
        XCTAssertEqual(many.studentIds, one.studentIds, file: file, line: line)
        XCTAssertEqual(many.skillIds, one.skillIds, file: file, line: line)
        XCTAssertEqual(many.itemIds, one.itemIds, file: file, line: line)
        XCTAssertEqual(many.rowStudent, one.rowStudent, file: file, line: line)
        XCTAssertEqual(many.rowSkill, one.rowSkill, file: file, line: line)
        XCTAssertEqual(many.rowItem, one.rowItem, file: file, line: line)
        XCTAssertEqual(many.rowOutcome, one.rowOutcome, file: file, line: line)
        XCTAssertEqual(many.rowAnswer, one.rowAnswer, file: file, line: line)
        XCTAssertEqual(many.rowTime, one.rowTime, file: file, line: line)
        XCTAssertEqual(many.rowSplit, one.rowSplit, file: file, line: line)
        XCTAssertEqual(many.splitLabels, one.splitLabels, file: file, line: line)
        XCTAssertEqual(many.studentOffsets, one.studentOffsets, file: file, line: line)
        XCTAssertEqual(many.skillOffsets, one.skillOffsets, file: file, line: line)
        XCTAssertEqual(manyReport.skipped, oneReport.skipped, file: file, line: line)
        XCTAssertEqual(manyReport.skillNames, oneReport.skillNames, file: file, line: line)
        XCTAssertEqual(manyReport.skillNameConflicts, oneReport.skillNameConflicts, file: file, line: line)
        XCTAssertEqual(manyReport.roster.studentSchool, oneReport.roster.studentSchool, file: file, line: line)
        XCTAssertEqual(manyReport.roster.studentClass, oneReport.roster.studentClass, file: file, line: line)
        XCTAssertEqual(manyReport.roster.schoolIds, oneReport.roster.schoolIds, file: file, line: line)
        XCTAssertEqual(manyReport.roster.conflicts, oneReport.roster.conflicts, file: file, line: line)
        XCTAssertEqual(manyReport.bytesRead, Int64(text.utf8.count), file: file, line: line)
        XCTAssertEqual(oneReport.bytesRead, Int64(text.utf8.count), file: file, line: line)
    }

    /// Rows in scrambled student order (so the sort runs), ids first seen in later parts, every
    /// optional column filled.
    private func richFile(rows: Int, seed: UInt64) -> String {
        var random = SeededRandom(seed: seed)
        var text = "student_id,skill_id,item_id,correct,order,school_id,class_id,skill_name,split\n"
        for row in 0..<rows {
            let student = random.nextInt(below: 40)
            let skill = random.nextInt(below: 25)
            text += "st\(student),sk\(skill),i\(random.nextInt(below: 60)),\(random.nextInt(below: 2)),\(rows - row),"
            text += "school\(student % 3),class\(student % 7),\"Kỹ năng \(skill)\",\(["train", "test", "valid"][row % 3])\n"
        }
        return text
    }

    func testPartsGiveWhatOneReaderGives() throws {
        let text = richFile(rows: 600, seed: 3)
        XCTAssertGreaterThan(text.utf8.count, 256 * 16, "the file must be cut into several parts")
        for threads in [2, 3, 8] { try assertSameLoad(text, threads: threads) }
        let parsed = ResponseLoader.parseInParallel(path: directory.write("rich.csv", text), displayName: nil, catalog: nil,
                                                    options: options(threads: 3))
        XCTAssertNotNil(parsed, "a clean file is read in parts, not by one reader")
        XCTAssertEqual(parsed?.rows.count, 600)
    }

    func testCatalogSkillsMergeUnchanged() throws {
        var catalog = SkillCatalog()
        for skill in (0..<30).reversed() { catalog.add(id: "sk\(skill)") }  // indices follow the catalog, not the file
        try assertSameLoad(richFile(rows: 400, seed: 5), catalog: catalog)
    }

    /// A quoted field with line breaks across the place where a part would start: the part before
    /// it ends inside the quotes, so the file is read again by one reader, which gets it right.
    func testQuotedLineBreaksAcrossACut() throws {
        let name = "\"a\nlong\n\nname, with \"\"quotes\"\"\n\""
        var text = "student_id,skill_id,correct,skill_name\n"
        for row in 0..<200 { text += "s\(row / 10),k\(row % 13),\(row % 2),\(name)\n" }
        try assertSameLoad(text, threads: 4)
        let path = directory.write("quoted.csv", text)
        XCTAssertNil(ResponseLoader.parseInParallel(path: path, displayName: nil, catalog: nil, options: options(threads: 4)),
                     "a cut inside quotes must send the file to one reader")
        let (data, report) = try ResponseLoader.load(path: path, options: options(threads: 4))
        XCTAssertEqual(data.rowCount, 200)
        XCTAssertEqual(report.skillNames.first, "a\nlong\n\nname, with \"quotes\"\n")
    }

    /// Errors and skipped rows in a later part carry the line one reader reports.
    func testErrorsInALaterPartKeepTheirLines() throws {
        var lines = richFile(rows: 500, seed: 7).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[401] = "st1,sk2,i3,7,5,school1,class1,name,train"  // correct = 7 on line 402
        lines[450] = ",sk2,i3,1,5,school1,class1,name,train"  // empty student on line 451
        let text = lines.joined(separator: "\n")
        let path = directory.write("bad.csv", text)
        XCTAssertThrowsError(try ResponseLoader.load(path: path, displayName: "bad.csv", options: options(threads: 4))) { error in
            let error = error as? InputError
            XCTAssertEqual(error?.line, 402)
            XCTAssertEqual(error?.column, 4)
            XCTAssertEqual(error?.value, "7")
            XCTAssertEqual(error?.reason, .outOfRange)
        }
        try assertSameLoad(text, skipInvalid: true)
        let (_, report) = try ResponseLoader.load(path: path, displayName: "bad.csv", options: options(threads: 4, skipInvalid: true))
        XCTAssertEqual(report.skipped.examples.map(\.line), [402, 451])
    }

    /// A student whose class differs between two parts is one conflict per differing row, as one
    /// reader counts it.
    func testRosterConflictAcrossPartsCountsLikeOneReader() throws {
        var text = "student_id,skill_id,correct,class_id\n"
        for row in 0..<300 { text += "s\(row % 5),k\(row % 11),\(row % 2),\(row < 200 ? "A" : "B")\n" }
        try assertSameLoad(text)
        let (_, report) = try ResponseLoader.load(path: directory.write("roster.csv", text), options: options(threads: 4))
        // One reader: each student's first class is A (rows 0..<200), so each of rows 200..<300 conflicts.
        XCTAssertEqual(report.roster.conflicts, 100)
    }
}

/// A pipe gives its bytes once: the loader that reads large files in parts must not open it to
/// look before the one reader that reads it (`lotrinh-train fit --responses <(zcat x.csv.gz)`
/// lost its header that way).
final class PipedResponsesTests: XCTestCase {
    func testAPipeIsReadWholeByOneReader() throws {
        let text = "student_id,skill_id,correct\n" + (0..<2_000).map { "s\($0 % 37),k\($0 % 11),\($0 % 3 == 0 ? 1 : 0)" }.joined(separator: "\n") + "\n"
        XCTAssertLessThan(text.utf8.count, 60_000, "fits in the pipe's buffer, so it is written before it is read")
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data(text.utf8))
        try pipe.fileHandleForWriting.close()
        // The path a shell's `<(…)` passes: opening it opens the same pipe again.
        let path = "/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)"
        var options = ResponseLoadOptions()
        options.threads = 4
        options.minimumPartBytes = 256
        let (data, report) = try ResponseLoader.load(path: path, displayName: "piped.csv", options: options)
        // 2,000 rows of 37 students and 11 skills, every third right: counted without the loader.
        XCTAssertEqual(data.rowCount, 2_000)
        XCTAssertEqual(data.studentIds.count, 37)
        XCTAssertEqual(data.skillIds.count, 11)
        XCTAssertEqual(data.rowOutcome.reduce(0) { $0 + Int($1) }, 667, "rows 0, 3, …, 1998 are right")
        XCTAssertEqual(report.bytesRead, Int64(text.utf8.count))
    }
}
