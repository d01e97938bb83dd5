import Foundation
import Simulation
import XCTest

/// Rebuilds every answer's true probability from the truth files alone — the model as
/// DESIGN.md states it, not the generator's code — and checks the answers were drawn from it.
final class TruthRecomputationTests: XCTestCase {
    func testAnswersFollowTheModelInTheTruthFiles() throws {
        var config = SyntheticDataset(
            students: 400, answers: .perStudent(mean: 80), rank: 3, itemsPerSkill: 6, seed: 5, multiSkillFraction: 0.3)
        // Wider than the defaults so that a slip in any count term is large enough to be seen.
        config.spread.gainAfterCorrect = 0.3...0.8
        config.spread.gainAfterWrongRatio = -1...1
        try checkRecomputedProbabilities(config)
    }

    func testAnswersFollowTheModelWithThePrerequisitePenalty() throws {
        var config = SyntheticDataset(
            students: 400, answers: .perStudent(mean: 80), rank: 2, itemsPerSkill: 6, seed: 6,
            multiSkillFraction: 0.1, prerequisitePenalty: 1.0, prerequisitePracticeThreshold: 3)
        config.walk.skipAheadProbability = 0.25
        let penalised = try checkRecomputedProbabilities(config)
        XCTAssertGreaterThan(penalised, 100, "the penalty must apply to a fair number of answers")
    }

    /// Returns how many answers carried a prerequisite penalty.
    @discardableResult
    private func checkRecomputedProbabilities(_ config: SyntheticDataset) throws -> Int {
        let directory = try TemporaryDirectory("truth")
        defer { directory.remove() }
        let curriculum = Curriculum.vietnameseGrade6Math
        let summary = try SyntheticGenerator.write(to: directory.url, curriculum: curriculum, config: config)

        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.file("truth.json"))) as! [String: Any]
        let mu = try XCTUnwrap(manifest["mu"] as? Double)
        let students = try parameterRows(directory.file("truth_students.csv"))
        let skills = try parameterRows(directory.file("truth_skills.csv"))
        let items = try parameterRows(directory.file("truth_items.csv"))
        let prerequisitesOf = Dictionary(grouping: curriculum.edgeRows, by: \.skillID).mapValues { $0.map(\.prerequisiteID) }

        var wins: [String: Double] = [:], fails: [String: Double] = [:]
        var currentStudent = -1
        var calibration = GroupedCalibration()
        var penalisedAnswers = 0
        for answer in try readAnswers(directory.file("responses.csv")) {
            if answer.student != currentStudent {
                currentStudent = answer.student
                wins = [:]
                fails = [:]
            }
            let student = students[String(answer.student)]!
            let itemBias = items[String(answer.item)]![0]
            var logits: [Double] = []
            var penalised = false
            for skillID in answer.skills {
                let skill = skills[skillID]!  // bias, gain_correct, gain_wrong, f1…fk
                let factors = zip(student.dropFirst(), skill.dropFirst(3)).reduce(0) { $0 + $1.0 * $1.1 }
                var logit = mu + student[0] + skill[0] + itemBias + factors
                    + skill[1] * log(1 + wins[skillID, default: 0]) + skill[2] * log(1 + fails[skillID, default: 0])
                for prerequisite in prerequisitesOf[skillID] ?? []
                where wins[prerequisite, default: 0] + fails[prerequisite, default: 0] < Double(config.prerequisitePracticeThreshold) {
                    logit -= config.prerequisitePenalty
                    penalised = penalised || config.prerequisitePenalty != 0
                }
                logits.append(logit)
            }
            let probability = 1 / (1 + exp(-logits.reduce(0, +) / Double(logits.count)))

            // Each group isolates one term of the model: leaving a term out (or getting its sign
            // wrong) in the generator shifts the observed rate of some group away from the truth.
            let primary = practice(answer.skills[0], wins, fails)
            let gainAfterWrong = skills[answer.skills[0]]![2]
            let gainSign = gainAfterWrong > 0.03 ? "positive" : gainAfterWrong < -0.03 ? "negative" : "small"
            var groups = [
                "all",
                "decile \(min(9, Int(probability * 10)))",
                "\(answer.skills.count) skill(s)",
                "earlier wins \(bucket(primary.wins))",
                "earlier fails \(bucket(primary.fails)), \(gainSign) gain after wrong",
                "item bias \(itemBias < -0.3 ? "low" : itemBias > 0.3 ? "high" : "middle")",
                "penalised \(penalised)",
            ]
            if logits.count == 2 {
                let gap = logits[1] - logits[0]
                groups.append("second skill's logit \(gap < -1 ? "lower" : gap > 1 ? "higher" : "close")")
            }
            calibration.add(probability: probability, correct: answer.correct, groups: groups)
            if penalised { penalisedAnswers += 1 }
            for skillID in answer.skills {
                if answer.correct { wins[skillID, default: 0] += 1 } else { fails[skillID, default: 0] += 1 }
            }
        }

        calibration.assertCalibrated()
        XCTAssertEqual(calibration.observed["all"], Double(summary.correctAnswers))
        XCTAssertEqual(calibration.expected["all"]! / Double(summary.answers), config.targetCorrectRate, accuracy: 0.03,
                       "μ is calibrated to the target rate")
        return penalisedAnswers
    }

    /// `id → numeric columns` of a truth CSV.
    private func parameterRows(_ url: URL) throws -> [String: [Double]] {
        let (_, rows) = try readCSV(url)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[0], $0.dropFirst().map { Double($0)! }) })
    }

    private func practice(_ skill: String, _ wins: [String: Double], _ fails: [String: Double]) -> (wins: Double, fails: Double) {
        (wins[skill, default: 0], fails[skill, default: 0])
    }

    private func bucket(_ count: Double) -> String {
        switch count {
        case 0: "0"
        case 1...2: "1-2"
        case 3...5: "3-5"
        default: "6+"
        }
    }
}

/// Observed against expected correct answers per group; with the true probabilities the
/// difference is noise of known size.
private struct GroupedCalibration {
    var expected: [String: Double] = [:]
    var observed: [String: Double] = [:]
    var variance: [String: Double] = [:]

    mutating func add(probability: Double, correct: Bool, groups: [String]) {
        for group in groups {
            expected[group, default: 0] += probability
            observed[group, default: 0] += correct ? 1 : 0
            variance[group, default: 0] += probability * (1 - probability)
        }
    }

    func assertCalibrated(file: StaticString = #filePath, line: UInt = #line) {
        for (group, expectedCount) in expected.sorted(by: { $0.key < $1.key }) {
            let miss = observed[group]! - expectedCount
            // 4.5 standard deviations over ~25 groups: a false alarm is practically impossible.
            XCTAssertLessThan(abs(miss), 4.5 * variance[group]!.squareRoot() + 1,
                              "\(group): observed \(observed[group]!) correct, the truth files predict \(expectedCount)",
                              file: file, line: line)
        }
    }
}
