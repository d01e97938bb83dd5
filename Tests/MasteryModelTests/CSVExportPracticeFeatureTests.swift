import Foundation
import LotrinhTestSupport
import MasteryData
@testable import MasteryModel
import XCTest

/// `export --csv` of a model with further practice features: every weight in a column named by
/// its feature, enough for another tool to reproduce a prediction.
final class CSVExportPracticeFeatureTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUp() { directory = TemporaryDirectory("csv-export-features") }
    override func tearDown() { directory = nil }

    /// All nine features, in an order other than their declaration's, so that a column found by
    /// position instead of by name would take the wrong weight.
    private static let features: [PracticeFeature] = [.wrongStreak, .recentWins, .totalFails, .answersSince, .previousWin,
                                                      .recentAttempts, .rightStreak, .totalWins, .previousFail]

    private static func model(rank: Int = 3, skills: Int = 5, students: Int = 4) -> MasteryModel {
        var random = SeededRandom(seed: 16)
        func values(_ count: Int) -> ParameterArray { ParameterArray((0..<count).map { _ in random.nextUniform() * 2 - 1 }) }
        let metadata = ModelMetadata(kind: .logistic, rank: rank, terms: ModelTerms(itemBias: true, practice: true, practiceFeatures: features),
                                     regularization: Regularization(), recency: .none,
                                     skillIds: (1...skills).map { "toán6.kn\($0)" }, skillNames: Array(ModelFixtures.skillNames.prefix(skills)))
        return MasteryModel(metadata: metadata, globalBias: 0.4, skillBias: values(skills), skillFactors: values(skills * rank),
                            gainCorrect: values(skills), gainWrong: values(skills), practiceWeights: values(skills * features.count),
                            itemIds: IdTable(["câu-1", "câu-2"]), itemBias: values(2),
                            studentIds: IdTable((0..<students).map(ModelFixtures.studentId)), studentBias: values(students),
                            studentFactors: values(students * rank))
    }

    /// Rows of a CSV file as header name → field, with the header.
    private func table(_ name: String, in folder: String) throws -> (header: [String], rows: [[String: String]]) {
        let reader = try CSVReader(path: folder + "/" + name)
        XCTAssertTrue(try reader.nextRecord())
        let header = reader.strings()
        var rows: [[String: String]] = []
        while try reader.nextRecord() { rows.append(Dictionary(uniqueKeysWithValues: zip(header, reader.strings()))) }
        return (header, rows)
    }

    func testEveryPracticeWeightHasAColumnNamedByItsFeature() throws {
        let model = Self.model()
        let folder = directory.path("columns")
        try model.exportCSV(to: folder, includeStudents: false)
        let (header, rows) = try table("skills.csv", in: folder)
        XCTAssertEqual(header, ["skill_id", "name", "bias", "gain_correct", "gain_wrong"] + Self.features.map(\.rawValue) + ["f1", "f2", "f3"])
        XCTAssertEqual(rows.map { $0["name"] }, model.metadata.skillNames, "Vietnamese names written as they are")
        for (skill, row) in rows.enumerated() {
            for (index, feature) in Self.features.enumerated() {
                let written = try XCTUnwrap(Double(try XCTUnwrap(row[feature.rawValue])))
                XCTAssertEqual(written.bitPattern, model.practiceWeights[skill * Self.features.count + index].bitPattern,
                               "\(feature) of skill \(skill), round-trip exact")
            }
        }
    }

    /// The next answer's probability from the CSV files and the answers so far, by the formula and
    /// feature definitions alone (naive loops over the history), against the model's prediction
    /// for the same trained student after the same answers.
    func testAPredictionWithEveryFeatureIsReproducedFromTheCSV() throws {
        let model = Self.model()
        let folder = directory.path("reproduce")
        try model.exportCSV(to: folder, includeStudents: true)
        let skills = try table("skills.csv", in: folder).rows, students = try table("students.csv", in: folder).rows
        let items = try table("items.csv", in: folder).rows
        let mu = try XCTUnwrap(Double(try XCTUnwrap(table("global.csv", in: folder).rows.first?["global_bias"])))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/model.json"))) as? [String: Any]
        let featureNames = try XCTUnwrap((json?["terms"] as? [String: Any])?["practiceFeatures"] as? [String])
        XCTAssertEqual(featureNames, Self.features.map(\.rawValue), "model.json names the columns to read")

        let (history, next, student, item) = (Self.history, 2, 1, 1)
        let (raw, wins, fails) = Self.naiveValues(next: next)

        let s = try XCTUnwrap(skills.first { $0["skill_id"] == model.metadata.skillIds[next] })
        let u = try XCTUnwrap(students.first { $0["student_id"] == model.studentIds[student] })
        let i = try XCTUnwrap(items.first { $0["item_id"] == model.itemIds[item] })
        func number(_ row: [String: String], _ column: String) throws -> Double { try XCTUnwrap(Double(try XCTUnwrap(row[column]))) }
        var logit = mu + (try number(u, "bias")) + (try number(s, "bias")) + (try number(i, "bias"))
            + (try number(s, "gain_correct")) * log(1 + wins) + (try number(s, "gain_wrong")) * log(1 + fails)
        for j in 1...model.rank { logit += (try number(u, "f\(j)")) * (try number(s, "f\(j)")) }
        for name in featureNames { logit += (try number(s, name)) * (try XCTUnwrap(raw[name])) }
        let naive = 1 / (1 + exp(-logit))

        var state = model.state(ofStudent: student)
        for answer in history { state.record(StudentAnswer(skill: answer.skill, outcome: answer.outcome), keepsHistory: true) }
        let predicted = model.predict(StudentAnswer(skill: next, item: item, outcome: 1), for: state)
        // The model rounds each feature value to Float before weighing it (PracticeCounts.write).
        XCTAssertEqual(naive, predicted, accuracy: 1e-6)
        XCTAssertNotEqual(predicted, model.predict(StudentAnswer(skill: next, item: item, outcome: 1), for: model.state(ofStudent: student)),
                          "the history moves the prediction, so the features were weighed")
    }

    /// (skill, outcome) in order; skill 2 is answered again next. One graded score (0.75).
    private static let history: [(skill: Int, outcome: Double)] = [(2, 1), (0, 0), (2, 0), (2, 1), (1, 1), (2, 0.75), (3, 0), (0, 1)]

    /// Naive values of the next answer on `next` after ``history``, each feature as
    /// ``PracticeFeature`` defines it, with the skill's wins and fails.
    private static func naiveValues(next: Int) -> (raw: [String: Double], wins: Double, fails: Double) {
        // Naive feature values of the next answer on `next`, each as PracticeFeature defines it.
        let onSkill = history.enumerated().filter { $0.element.skill == next }
        let wins = onSkill.map(\.element.outcome).reduce(0, +)
        let fails = onSkill.map { 1 - $0.element.outcome }.reduce(0, +)
        let window = history.suffix(5).filter { $0.skill == next }
        var rightRun = 0.0, wrongRun = 0.0
        for (_, answer) in onSkill {
            if answer.outcome >= 0.5 { rightRun += 1; wrongRun = 0 } else { wrongRun += 1; rightRun = 0 }
        }
        let raw: [String: Double] = [
            "totalWins": log(1 + history.map(\.outcome).reduce(0, +)),
            "totalFails": log(1 + history.map { 1 - $0.outcome }.reduce(0, +)),
            "recentAttempts": log(1 + Double(window.count)),
            "recentWins": log(1 + window.map(\.outcome).reduce(0, +)),
            "answersSince": log(1 + Double(history.count - onSkill.last!.offset)),
            "rightStreak": log(1 + rightRun),
            "wrongStreak": log(1 + wrongRun),
            "previousWin": history.last!.outcome,
            "previousFail": 1 - history.last!.outcome,
        ]
        // Worked by hand from the history above, so that the naive code is checked too.
        XCTAssertEqual([wins, fails, Double(window.count), window.map(\.outcome).reduce(0, +), rightRun],
                       [2.75, 1.25, 2, 1.75, 2])
        XCTAssertEqual(Double(history.count - onSkill.last!.offset), 3)
        return (raw, wins, fails)
    }

    /// The same with every feature a next-answer term: `global.csv`'s `next_<feature>` weights,
    /// shared by every skill, times the same naive values, added to the logit.
    func testAPredictionWithNextAnswerTermsIsReproducedFromTheCSV() throws {
        let base = Self.model()
        var metadata = base.metadata
        metadata.terms.practiceFeatures = []
        metadata.terms.nextAnswerFeatures = Self.features
        let model = MasteryModel(metadata: metadata, globalBias: base.globalBias, skillBias: base.skillBias, skillFactors: base.skillFactors,
                                 gainCorrect: base.gainCorrect, gainWrong: base.gainWrong,
                                 nextAnswerWeights: ParameterArray(Self.features.indices.map { 0.3 - 0.07 * Double($0) }),
                                 itemIds: base.itemIds, itemBias: base.itemBias, studentIds: base.studentIds,
                                 studentBias: base.studentBias, studentFactors: base.studentFactors)
        let folder = directory.path("reproduce-next")
        try model.exportCSV(to: folder, includeStudents: true)
        let global = try XCTUnwrap(try table("global.csv", in: folder).rows.first)
        let skills = try table("skills.csv", in: folder).rows, students = try table("students.csv", in: folder).rows
        let items = try table("items.csv", in: folder).rows
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/model.json"))) as? [String: Any]
        let featureNames = try XCTUnwrap((json?["terms"] as? [String: Any])?["nextAnswerFeatures"] as? [String])
        XCTAssertEqual(featureNames, Self.features.map(\.rawValue))

        let (next, student, item) = (2, 1, 1)
        let (raw, wins, fails) = Self.naiveValues(next: next)
        let s = try XCTUnwrap(skills.first { $0["skill_id"] == model.metadata.skillIds[next] })
        let u = try XCTUnwrap(students.first { $0["student_id"] == model.studentIds[student] })
        let i = try XCTUnwrap(items.first { $0["item_id"] == model.itemIds[item] })
        func number(_ row: [String: String], _ column: String) throws -> Double { try XCTUnwrap(Double(try XCTUnwrap(row[column]))) }
        var logit = (try number(global, "global_bias")) + (try number(u, "bias")) + (try number(s, "bias")) + (try number(i, "bias"))
            + (try number(s, "gain_correct")) * log(1 + wins) + (try number(s, "gain_wrong")) * log(1 + fails)
        for j in 1...model.rank { logit += (try number(u, "f\(j)")) * (try number(s, "f\(j)")) }
        for name in featureNames { logit += (try number(global, "next_" + name)) * (try XCTUnwrap(raw[name])) }

        var state = model.state(ofStudent: student)
        for answer in Self.history { state.record(StudentAnswer(skill: answer.skill, outcome: answer.outcome), keepsHistory: true) }
        XCTAssertEqual(1 / (1 + exp(-logit)), model.predict(StudentAnswer(skill: next, item: item, outcome: 1), for: state), accuracy: 1e-6)
    }
}
