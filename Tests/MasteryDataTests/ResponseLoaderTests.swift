import LotrinhTestSupport
import MasteryData
import XCTest

final class ResponseLoaderTests: XCTestCase {
    private let directory = TemporaryDirectory("responses")

    private func load(_ text: String, catalog: SkillCatalog? = nil,
                      options: ResponseLoadOptions = ResponseLoadOptions()) throws -> (ResponseData, ResponseLoadReport) {
        let path = directory.write("responses.csv", text)
        return try ResponseLoader.load(path: path, displayName: "responses.csv", catalog: catalog, options: options)
    }

    private func assertInputError(_ text: String, reason: InputError.Reason, line: Int?, column: Int?, value: String?,
                                  options: ResponseLoadOptions = ResponseLoadOptions(), catalog: SkillCatalog? = nil,
                                  file: StaticString = #filePath, lineNumber: UInt = #line) {
        XCTAssertThrowsError(try load(text, catalog: catalog, options: options), file: file, line: lineNumber) { error in
            guard let error = error as? InputError else { return XCTFail("\(error)", file: file, line: lineNumber) }
            XCTAssertEqual(error.reason, reason, error.description, file: file, line: lineNumber)
            XCTAssertEqual(error.file, "responses.csv", file: file, line: lineNumber)
            XCTAssertEqual(error.line, line, error.description, file: file, line: lineNumber)
            XCTAssertEqual(error.column, column, error.description, file: file, line: lineNumber)
            XCTAssertEqual(error.value, value, error.description, file: file, line: lineNumber)
        }
    }

    // MARK: - Errors that teach

    func testEveryKindOfBadValueIsLocated() {
        let header = "student_id,skill_id,correct\n"
        assertInputError(header + "s1,k1,1\ns1,k2,2\n", reason: .outOfRange, line: 3, column: 3, value: "2")
        assertInputError(header + "s1,k1,yes\n", reason: .outOfRange, line: 2, column: 3, value: "yes")
        assertInputError(header + ",k1,1\n", reason: .emptyValue, line: 2, column: 1, value: "")
        assertInputError(header + "s1,,1\n", reason: .emptyValue, line: 2, column: 2, value: "")
        assertInputError(header + "s1,k1\n", reason: .wrongFieldCount, line: 2, column: nil, value: "2 fields")
        let scores = "student_id,skill_id,score\n"
        assertInputError(scores + "s1,k1,0.5\ns1,k1,NaN\n", reason: .notANumber, line: 3, column: 3, value: "NaN")
        assertInputError(scores + "s1,k1,1.5\n", reason: .outOfRange, line: 2, column: 3, value: "1.5")
        assertInputError(scores + "s1,k1,-0.1\n", reason: .outOfRange, line: 2, column: 3, value: "-0.1")
        assertInputError(scores + "s1,k1,half\n", reason: .notANumber, line: 2, column: 3, value: "half")
        assertInputError("student_id,skill_id,correct,order\ns1,k1,1,first\n", reason: .notANumber, line: 2, column: 4, value: "first")
        assertInputError("student_id,skill_id,correct,timestamp\ns1,k1,1,2015-13-01\n", reason: .badTimestamp,
                         line: 2, column: 4, value: "2015-13-01")
    }

    func testMessageNamesFileLineColumnValueAndExpectation() {
        XCTAssertThrowsError(try load("student_id,skill_id,correct\ns1,k1,2\n")) { error in
            XCTAssertEqual("\(error)", "responses.csv:2:3: value out of range in column 'correct': \"2\" — expected 0 (wrong) or 1 (correct)")
        }
    }

    func testMissingColumnListsTheHeaderAndTheFix() {
        XCTAssertThrowsError(try load("user,skill_id,correct\ns1,k1,1\n")) { error in
            let error = error as! InputError
            XCTAssertEqual(error.reason, .missingColumn)
            XCTAssertTrue(error.description.contains("'student_id'"), error.description)
            XCTAssertTrue(error.description.contains("'user'"), error.description)
            XCTAssertTrue(error.description.contains("--column student=HEADER"), error.description)
        }
        assertInputError("student_id,skill_id\ns1,k1\n", reason: .missingColumn, line: 1, column: nil, value: nil)
    }

    /// The hint offers a preset only where one would read the file: never the preset that just
    /// failed, never when no preset's columns are there, never for a column the user named.
    func testMissingColumnOffersOnlyAPresetThatFits() throws {
        func message(_ text: String, mapping: ColumnMapping) -> String {
            do {
                _ = try load(text, options: ResponseLoadOptions(mapping: mapping))
                XCTFail("read without its required column: \(text)")
                return ""
            } catch {
                return "\(error)"
            }
        }
        // Lotrinh's own layout read with --preset assistments: only --preset lotrinh finds both required columns.
        XCTAssertEqual(message("student_id,skill_id,correct\ns1,k1,1\n", mapping: DatasetPreset.assistments.mapping),
                       "responses.csv:1: missing column — expected a column 'skill_idx' for skill (the header has 'student_id', 'skill_id', "
                       + "'correct'; map another with --column skill=HEADER, or read the file with --preset lotrinh, whose columns it has)")
        // A Statics export read without a preset.
        let statics = message("student_idx,kc_id,step_id,correct\ns1,k1,q1,1\n", mapping: ColumnMapping())
        XCTAssertTrue(statics.hasSuffix("map another with --column student=HEADER, or read the file with --preset statics, whose columns it has)"), statics)
        // No preset has a 'user' column: the hint offers none.
        let noneFits = message("user,skill_id,correct\ns1,k1,1\n", mapping: DatasetPreset.junyi.mapping)
        XCTAssertTrue(noneFits.hasSuffix("(the header has 'user', 'skill_id', 'correct'; map another with --column student=HEADER)"), noneFits)
        // A column the user named: --column outranks any preset, so only --column can fix it.
        var named = ColumnMapping()
        try named.apply(assignment: "student=learner")
        let explicit = message("student_id,skill_id,correct\ns1,k1,1\n", mapping: named)
        XCTAssertTrue(explicit.hasSuffix("'correct'; map another with --column student=HEADER)"), explicit)
    }

    func testColumnMappingReadsAnotherExport() throws {
        var mapping = ColumnMapping()
        try mapping.apply(assignment: "student=user_id")
        try mapping.apply(assignment: "correct=is_correct")
        let (data, _) = try load("is_correct,skill_id,user_id\n1,k1,u9\n", options: ResponseLoadOptions(mapping: mapping))
        XCTAssertEqual(data.studentIds.ids, ["u9"])
        XCTAssertEqual(data.rowOutcome, [1])
    }

    func testBadMappingAssignmentsAreRejected() {
        var mapping = ColumnMapping()
        XCTAssertThrowsError(try mapping.apply(assignment: "student"))
        XCTAssertThrowsError(try mapping.apply(assignment: "pupil=user_id")) { error in
            XCTAssertTrue("\(error)".contains("unknown role 'pupil'"))
        }
    }

    /// `ROLE=` with no header unsets a role: an optional column is then not read even where the
    /// file has it, and a required one is refused when a file is read, naming the role.
    func testAnEmptyHeaderUnsetsAnOptionalRoleAndIsRefusedForARequiredOne() throws {
        let text = "student_id,skill_id,item_id,correct\ns1,k1,q1,1\ns1,k2,q2,0\n"
        var withoutItems = ColumnMapping()
        try withoutItems.apply(assignment: "item=")
        let (unset, _) = try load(text, options: ResponseLoadOptions(mapping: withoutItems))
        XCTAssertFalse(unset.hasItems)
        XCTAssertEqual(unset.rowCount, 2)
        let (read, _) = try load(text)
        XCTAssertTrue(read.hasItems, "the same file with the role set reads its items")

        var withoutStudents = ColumnMapping()
        try withoutStudents.apply(assignment: "student=")
        XCTAssertThrowsError(try load(text, options: ResponseLoadOptions(mapping: withoutStudents))) { error in
            guard let error = error as? InputError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.reason, .missingColumn)
            XCTAssertTrue(error.expected.contains("--column student= cannot unset it"), error.expected)
        }
    }

    /// A preset names the columns of its published files, but the optional ones stay optional:
    /// ASSISTments exports without `problem_id` are read without items (it was required).
    func testAPresetsOptionalColumnsAreOptional() throws {
        let text = "student_id,skill_idx,correct\ns1,k1,1\ns1,k2,0\n"
        let (data, _) = try load(text, options: ResponseLoadOptions(mapping: DatasetPreset.assistments.mapping))
        XCTAssertFalse(data.hasItems)
        XCTAssertEqual(data.skillIds.ids, ["k1", "k2"])
        let (withItems, _) = try load("student_id,skill_idx,problem_id,correct\ns1,k1,p1,1\n",
                                      options: ResponseLoadOptions(mapping: DatasetPreset.assistments.mapping))
        XCTAssertEqual(withItems.itemIds.ids, ["p1"], "where the column is there, it is read under the preset's name")
        var named = DatasetPreset.assistments.mapping
        try named.apply(assignment: "item=problem_id")
        XCTAssertThrowsError(try load(text, options: ResponseLoadOptions(mapping: named)),
                             "a column the user names is required")
    }

    func testDuplicateHeaderIsAnErrorOnlyWhenTheColumnIsRead() throws {
        assertInputError("student_id,skill_id,correct,correct\ns1,k1,1,0\n", reason: .duplicateHeader, line: 1, column: 4, value: nil)
        let (data, _) = try load("student_id,skill_id,correct,note,note\ns1,k1,1,a,b\n")
        XCTAssertEqual(data.rowCount, 1)
    }

    func testEmptyFileAndHeaderOnlyFile() {
        assertInputError("", reason: .emptyFile, line: nil, column: nil, value: nil)
        assertInputError("student_id,skill_id,correct\n", reason: .emptyFile, line: nil, column: nil, value: nil)
    }

    func testCorrectAndScoreTogetherIsAmbiguous() {
        assertInputError("student_id,skill_id,correct,score\ns1,k1,1,1\n", reason: .duplicateHeader, line: 1, column: nil, value: nil)
    }

    func testUnknownSkillAgainstTheCatalog() {
        var catalog = SkillCatalog()
        catalog.add(id: "k1", name: "Phân số")
        assertInputError("student_id,skill_id,correct\ns1,k1,1\ns1,k7,0\n", reason: .unknownSkill, line: 3, column: 2,
                         value: "k7", catalog: catalog)
    }

    // MARK: - Skipping invalid rows

    func testSkipInvalidKeepsGoodRowsAndCountsTheRestByReason() throws {
        let text = "student_id,skill_id,correct\ns1,k1,1\ns1,k1,7\n,k2,0\ns2,k2,0\ns2,k1,x\n"
        let (data, report) = try load(text, options: ResponseLoadOptions(skipInvalid: true))
        XCTAssertEqual(data.rowCount, 2)
        XCTAssertEqual(data.studentIds.ids, ["s1", "s2"])
        XCTAssertEqual(report.skipped.total, 3)
        XCTAssertEqual(report.skipped.counts[.outOfRange], 2)
        XCTAssertEqual(report.skipped.counts[.emptyValue], 1)
        XCTAssertEqual(report.skipped.examples.map(\.line), [3, 4, 6])
    }

    func testAllRowsInvalidIsStillAnError() {
        XCTAssertThrowsError(try load("student_id,skill_id,correct\ns1,k1,5\n", options: ResponseLoadOptions(skipInvalid: true))) { error in
            XCTAssertEqual((error as! InputError).reason, .emptyFile)
            XCTAssertTrue("\(error)".contains("all 1 rows were invalid"))
        }
    }

    // MARK: - Storage

    func testRowsAreSortedByStudentThenOrderAndIndexedBothWays() throws {
        let text = """
        student_id,skill_id,correct,order
        b,k2,1,2
        a,k1,0,1
        b,k1,0,1
        a,k2,1,0
        b,k1,1,3

        """
        let (data, report) = try load(text)
        XCTAssertTrue(report.hasOrder)
        XCTAssertEqual(data.studentIds.ids, ["b", "a"])
        // Student b (index 0) by order: k1@1, k2@2, k1@3; then a: k2@0, k1@1.
        XCTAssertEqual(data.rowSkill.map { data.skillIds[Int($0)] }, ["k1", "k2", "k1", "k2", "k1"])
        XCTAssertEqual(data.rowOutcome, [0, 1, 1, 1, 0])
        XCTAssertEqual(data.rows(ofStudent: 0), 0..<3)
        XCTAssertEqual(data.rows(ofStudent: 1), 3..<5)
        // Compared with a naive count over all rows.
        for skill in 0..<data.skillCount {
            XCTAssertEqual(data.rowCount(ofSkill: skill), data.rowSkill.count { Int($0) == skill })
        }
        XCTAssertEqual(data.answerCount, 5)
    }

    func testTimestampsOrderRowsWhenThereIsNoOrderColumn() throws {
        let text = """
        student_id,skill_id,correct,timestamp
        s,k1,1,2015-10-24T09:28:21+07:00
        s,k2,0,1445650000
        s,k3,1,2015-10-24

        """
        let (data, _) = try load(text)
        // 2015-10-24 = 1445644800; 09:28:21+07:00 = 02:28:21Z = 1445653701.
        XCTAssertEqual(data.rowTime, [1_445_644_800, 1_445_650_000, 1_445_653_701])
        XCTAssertEqual(data.rowSkill.map { data.skillIds[Int($0)] }, ["k3", "k2", "k1"])
    }

    func testMultiSkillQuestionIsOneAnswer() throws {
        // q1 tags k1 and k2 (one answer); q1 answered again on k1 is a second answer; q2 is a third.
        let text = """
        student_id,skill_id,item_id,correct,order
        s,k1,q1,1,0
        s,k2,q1,1,0
        s,k1,q1,1,1
        s,k3,q2,0,2
        t,k1,q1,0,0

        """
        let (data, _) = try load(text)
        XCTAssertEqual(data.rowAnswer, [0, 0, 1, 2, 3])
        XCTAssertEqual(data.answerCount, 4)
        XCTAssertEqual(data.itemIds.ids, ["q1", "q2"])
    }

    func testRosterAndPseudonyms() throws {
        let text = """
        student_id,skill_id,correct,school_id,class_id,grade
        s1,k1,1,T01,6A,6
        s2,k1,0,T01,6B,6
        s1,k2,1,T01,6C,6

        """
        let options = ResponseLoadOptions(pseudonymize: { "p-" + String($0.reversed()) })
        let (data, report) = try load(text, options: options)
        XCTAssertEqual(data.studentIds.ids, ["p-1s", "p-2s"])
        XCTAssertEqual(report.roster.classIds.ids, ["6A", "6B", "6C"])
        XCTAssertEqual(report.roster.studentClass, [0, 1])
        XCTAssertEqual(report.roster.conflicts, 1)
    }

    func testProgressReportsBytesUpToTheFileSize() throws {
        let rows = (0..<1000).map { "s\($0 % 7),k\($0 % 5),\($0 % 2)" }.joined(separator: "\n")
        let text = "student_id,skill_id,correct\n" + rows + "\n"
        final class Box: @unchecked Sendable { var calls: [(Int64, Int64?)] = [] }
        let box = Box()
        var options = ResponseLoadOptions(progress: { box.calls.append(($0, $1)) })
        options.progressInterval = 100
        _ = try load(text, options: options)
        XCTAssertEqual(box.calls.count, 11)
        XCTAssertEqual(box.calls.last?.0, Int64(text.utf8.count))
        XCTAssertEqual(box.calls.last?.1, Int64(text.utf8.count))
    }
}
