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

    /// Another tool reproduces the model's predictions from the CSV files alone: μ from
    /// global.csv (it was missing, so no prediction could be recomputed), the rest from
    /// skills.csv, items.csv and students.csv, by the naive formula below.
    func testAPredictionIsReproducedFromTheExportedFiles() throws {
        let model = try MasteryModel.load(from: RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path)
        XCTAssertEqual(model.kind, .logistic)
        XCTAssertTrue(model.hasStudents && model.itemIds.count > 0 && model.rank > 0)
        let folder = directory.path("reproduce")
        try model.exportCSV(to: folder, includeStudents: true)

        let global = try records("global.csv", in: folder)
        XCTAssertEqual(global.count, 2)
        XCTAssertEqual(global[0], ["global_bias"])
        let mu = try XCTUnwrap(Double(global[1][0]))
        func table(_ name: String) throws -> [String: [Double]] {
            let rows = try records(name, in: folder).dropFirst()
            let skip = name == "skills.csv" ? 2 : 1  // skills.csv has a name column after the id
            return Dictionary(uniqueKeysWithValues: try rows.map { ($0[0], try $0.dropFirst(skip).map { try XCTUnwrap(Double($0)) }) })
        }
        let skills = try table("skills.csv"), items = try table("items.csv"), students = try table("students.csv")

        for (student, skill, item, wins, fails) in [(0, 0, 0, 0.0, 0.0), (17, 25, 40, 3.0, 2.0), (399, 44, 7, 0.0, 6.0)] {
            let studentId = model.studentIds[student], skillId = model.metadata.skillIds[skill], itemId = model.itemIds[item]
            let s = try XCTUnwrap(skills[skillId]), u = try XCTUnwrap(students[studentId])
            // Naive: σ(μ + b_u + b_s + b_i + Σ_j p_uj q_sj + γ⁺ ln(1 + wins) + γ⁻ ln(1 + fails)),
            // skills.csv = bias, gain_correct, gain_wrong, f1…fk; students.csv = bias, f1…fk.
            var logit = mu + u[0] + s[0] + (try XCTUnwrap(items[itemId]))[0] + s[1] * log(1 + wins) + s[2] * log(1 + fails)
            for j in 0..<model.rank { logit += u[1 + j] * s[3 + j] }
            let naive = 1 / (1 + exp(-logit))

            let state = model.state(ofStudent: student)
            var lotrinh = model.studentFreeLogit(skill: skill, item: item, logWins: log1p(wins), logFails: log1p(fails)) + state.theta[0]
            for j in 0..<model.rank { lotrinh += state.theta[1 + j] * model.skillFactors[skill * model.rank + j] }
            XCTAssertEqual(naive, model.probability(ofLogit: lotrinh), accuracy: 1e-12, "student \(studentId), skill \(skillId)")
            if wins == 0 && fails == 0 {
                let predicted = model.predict(StudentAnswer(skill: skill, item: item, outcome: 1), for: state)
                XCTAssertEqual(naive, predicted, accuracy: 1e-12, "the model's own prediction of a trained student")
            }
        }
    }

    func testStudentsAreExportedOnlyWhenAsked() throws {
        let folder = directory.path("no-students")
        try ModelFixtures.model().exportCSV(to: folder, includeStudents: false)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(),
                       ["global.csv", "items.csv", "model.json", "skills.csv"])
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
