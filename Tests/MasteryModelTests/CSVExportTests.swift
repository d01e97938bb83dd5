import Foundation
import LotrinhTestSupport
import MasteryData
@testable import MasteryModel
import XCTest

final class CSVExportTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUp() { directory = TemporaryDirectory("csv-export") }
    override func tearDown() { directory = nil }

    /// Every record of a CSV file, header first.
    private func records(_ name: String, in folder: String) throws -> [[String]] {
        let reader = try CSVReader(path: folder + "/" + name)
        var rows: [[String]] = []
        while try reader.nextRecord() { rows.append(reader.strings()) }
        return rows
    }

    private func numbers(_ fields: ArraySlice<String>) throws -> [UInt64] {
        try fields.map { try XCTUnwrap(Double($0), "not a number: \($0)").bitPattern }
    }

    func testFilesParseBackToTheSameIdsAndNumbers() throws {
        let model = ModelFixtures.model()
        let folder = directory.path("export")
        try model.exportCSV(to: folder, includeStudents: true)

        let skills = try records("skills.csv", in: folder)
        XCTAssertEqual(skills.first, ["skill_id", "name", "bias", "gain_correct", "gain_wrong", "f1", "f2", "f3"])
        XCTAssertEqual(skills.count, 1 + model.skillCount)
        for (skill, row) in skills.dropFirst().enumerated() {
            XCTAssertEqual(row[0], model.metadata.skillIds[skill])
            XCTAssertEqual(row[1], model.metadata.skillNames[skill])
            let expected = [model.skillBias[skill], model.gainCorrect[skill], model.gainWrong[skill]] + model.factors(ofSkill: skill)
            XCTAssertEqual(try numbers(row[2...]), expected.map(\.bitPattern), "shortest round-trip printing is exact")
        }

        let items = try records("items.csv", in: folder)
        XCTAssertEqual(items.first, ["item_id", "bias"])
        XCTAssertEqual(items.dropFirst().map { $0[0] }, model.itemIds.ids)
        XCTAssertEqual(try items.dropFirst().flatMap { try numbers($0[1...]) }, model.itemBias.map(\.bitPattern))

        let students = try records("students.csv", in: folder)
        XCTAssertEqual(students.first, ["student_id", "bias", "f1", "f2", "f3"])
        XCTAssertEqual(students.dropFirst().map { $0[0] }, model.studentIds.ids)
        for (student, row) in students.dropFirst().enumerated() {
            let expected = [model.studentBias[student]] + model.factors(ofStudent: student)
            XCTAssertEqual(try numbers(row[1...]), expected.map(\.bitPattern))
        }

        let json = try Data(contentsOf: URL(fileURLWithPath: folder + "/model.json"))
        XCTAssertEqual(try JSONDecoder().decode(ModelMetadata.self, from: json), model.metadata)
    }

    func testStudentsAreExportedOnlyWhenAsked() throws {
        let folder = directory.path("no-students")
        try ModelFixtures.model().exportCSV(to: folder, includeStudents: false)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(),
                       ["items.csv", "model.json", "skills.csv"])
    }

    func testRankZeroHasNoFactorColumns() throws {
        let folder = directory.path("rank0")
        try ModelFixtures.model(rank: 0, items: 0).exportCSV(to: folder, includeStudents: true)
        XCTAssertEqual(try records("skills.csv", in: folder).first, ["skill_id", "name", "bias", "gain_correct", "gain_wrong"])
        XCTAssertEqual(try records("items.csv", in: folder), [["item_id", "bias"]])
        XCTAssertEqual(try records("students.csv", in: folder).first, ["student_id", "bias"])
    }

    func testAnUnwritableDirectoryIsAnIOErrorNamingIt() throws {
        let blocker = directory.write("file-in-the-way", "x")
        XCTAssertThrowsError(try ModelFixtures.model().exportCSV(to: blocker + "/export", includeStudents: false)) { error in
            guard case let .io(path, _, message) = error as? ModelFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, blocker + "/export")
            XCTAssertTrue(message.contains("Not a directory"), message)
        }
    }
}
