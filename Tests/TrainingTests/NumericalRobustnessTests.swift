import Foundation
import LotrinhTestSupport
import MasteryData
import MasteryModel
import Training
import XCTest

/// Degenerate data and extreme settings give a sensible model or a clear error — never NaN, a
/// trap, or a model file that does not load. "Sensible" is checked where it has a meaning that does
/// not depend on the fitting method: with all answers correct every predicted probability is high,
/// with enormous λ the model falls back to the global rate, and duplicating every row does not
/// change the direction of any prediction.
final class NumericalRobustnessTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUp() { directory = TemporaryDirectory("numerical-robustness") }
    override func tearDown() { directory = nil }

    private func data(_ rows: [String], header: String = "student_id,skill_id,correct") throws -> ResponseData {
        let path = directory.write("responses-\(UUID().uuidString).csv", ([header] + rows).joined(separator: "\n") + "\n")
        return try ResponseLoader.load(path: path).0
    }

    private func configuration(rank: Int = 2, lambda: Double? = nil) -> FitConfiguration {
        var configuration = FitConfiguration(rank: rank, maxSweeps: 30, threads: 2)
        if let lambda {
            configuration.regularization = Regularization(studentBias: lambda, studentFactors: lambda, skillBias: lambda,
                                                          skillFactors: lambda, practice: lambda, itemBias: lambda)
        }
        return configuration
    }

    /// Fits, then checks everything a service would touch: every parameter finite, the model
    /// writes and loads, mastery of a new student and of one folded in are probabilities with
    /// ordered intervals. Returns the prior mastery of every skill.
    @discardableResult
    private func fitAndServe(_ data: ResponseData, _ configuration: FitConfiguration, file: StaticString = #filePath,
                             line: UInt = #line) throws -> [Double] {
        let model = try Trainer.fit(data, configuration: configuration).model
        for (name, values) in [("skillBias", model.skillBias), ("skillFactors", model.skillFactors), ("studentBias", model.studentBias),
                               ("studentFactors", model.studentFactors), ("gainCorrect", model.gainCorrect), ("gainWrong", model.gainWrong),
                               ("itemBias", model.itemBias)] {
            XCTAssertTrue(values.allSatisfy(\.isFinite), "\(name) has a non-finite value", file: file, line: line)
        }
        XCTAssertTrue(model.globalBias.isFinite, "μ = \(model.globalBias)", file: file, line: line)
        let path = directory.path("model.lotrinh")
        try model.write(to: path)
        let loaded = try MasteryModel.load(from: path)
        let folded = StudentState(try loaded.foldIn([StudentAnswer(skill: 0, outcome: 1), StudentAnswer(skill: 0, outcome: 0)]))
        for state in [loaded.initialState(), folded] {
            for mastery in loaded.masteries(of: state) {
                XCTAssertTrue(mastery.lower <= mastery.probability && mastery.probability <= mastery.upper
                                  && mastery.lower >= 0 && mastery.upper <= 1, "\(mastery)", file: file, line: line)
            }
        }
        return loaded.masteries(of: loaded.initialState()).map(\.probability)
    }

    func testStudentsAndSkillsWithOneAnswerEach() throws {
        try fitAndServe(try data((0..<30).map { "s\($0),k\($0),\($0 % 2)" }), configuration())
    }

    func testOneSkill() throws {
        try fitAndServe(try data((0..<200).map { "s\($0 % 20),only,\($0 % 3 == 0 ? 0 : 1)" }), configuration())
    }

    func testOneStudent() throws {
        try fitAndServe(try data((0..<200).map { "alone,k\($0 % 9),\($0 % 3 == 0 ? 0 : 1)" }), configuration())
    }

    func testOneAnswerInAll() throws {
        try fitAndServe(try data(["s,k,1"]), configuration())
    }

    func testEveryAnswerCorrectGivesHighMastery() throws {
        let mastery = try fitAndServe(try data((0..<300).map { "s\($0 % 30),k\($0 % 7),1" }), configuration())
        XCTAssertTrue(mastery.allSatisfy { $0 > 0.9 }, "\(mastery)")
    }

    func testEveryAnswerWrongGivesLowMastery() throws {
        let mastery = try fitAndServe(try data((0..<300).map { "s\($0 % 30),k\($0 % 7),0" }), configuration())
        XCTAssertTrue(mastery.allSatisfy { $0 < 0.1 }, "\(mastery)")
    }

    func testGradedScoresAllOneOrAllZero() throws {
        for score in ["1", "0"] {
            try fitAndServe(try data((0..<300).map { "s\($0 % 30),k\($0 % 7),\(score)" }, header: "student_id,skill_id,score"), configuration())
        }
    }

    /// Each row fifty times: more evidence for the same rates, so no skill's prior mastery moves
    /// to the other side of one half.
    func testDuplicatedRows() throws {
        let rows = (0..<240).map { "s\($0 % 24),k\($0 % 5),\(($0 * 7) % 5 < 3 ? 1 : 0)" }
        let once = try fitAndServe(try data(rows), configuration())
        let duplicated = try fitAndServe(try data(rows.flatMap { Array(repeating: $0, count: 50) }), configuration())
        for (a, b) in zip(once, duplicated) { XCTAssertEqual(a > 0.5, b > 0.5, "\(once) vs \(duplicated)") }
    }

    /// λ so large that every penalized parameter is pinned at zero: mastery is the global rate.
    func testEnormousLambdaFallsBackToTheGlobalRate() throws {
        let rows = (0..<300).map { "s\($0 % 30),k\($0 % 7),\($0 % 4 == 0 ? 0 : 1)" }
        for lambda in [1e12, 1e300, Double.greatestFiniteMagnitude] {
            let mastery = try fitAndServe(try data(rows), configuration(lambda: lambda))
            for value in mastery { XCTAssertEqual(value, 0.75, accuracy: 0.02, "λ = \(lambda)") }
        }
    }

    func testNonFiniteOrZeroLambdaIsAClearError() throws {
        let rows = (0..<50).map { "s\($0 % 5),k\($0 % 3),\($0 % 2)" }
        for lambda in [0, -1, Double.infinity, Double.nan] {
            XCTAssertThrowsError(try Trainer.fit(try data(rows), configuration: configuration(lambda: lambda))) { error in
                guard case let .invalidConfiguration(reason) = error as? TrainingError else { return XCTFail("\(error)") }
                XCTAssertTrue(reason.contains("positive and finite"), reason)
            }
        }
    }

    /// Rank 40 on 5 students × 3 skills: far more factors than answers; the ridge keeps every
    /// normal matrix solvable.
    func testRankLargerThanTheDataSupports() throws {
        try fitAndServe(try data((0..<30).map { "s\($0 % 5),k\($0 % 3),\($0 % 2)" }), configuration(rank: 40))
    }
}
