import Foundation
import LotrinhTestSupport
import MasteryData
import MasteryModel
@testable import Training
import XCTest

final class TrainerTests: XCTestCase {
    /// Shared: fitting takes a moment even on small data.
    nonisolated(unsafe) private static var truthCache: SyntheticTruth?
    private var truth: SyntheticTruth {
        get throws {
            if let cached = Self.truthCache { return cached }
            let made = try SyntheticTruth(students: 600, answersPerStudent: 120, rank: 2, seed: 11)
            Self.truthCache = made
            return made
        }
    }

    func testRecoversTheGeneratingModel() throws {
        let truth = try truth
        let data = truth.dataset.responses
        // Without further practice features: the generating model has none, and the check below
        // rebuilds logits from γ⁺ and γ⁻ alone.
        let config = FitConfiguration(rank: 2, terms: ModelTerms(),
                                      regularization: Regularization(studentBias: 1, studentFactors: 2, skillBias: 0.1, skillFactors: 2, practice: 1, itemBias: 1),
                                      maxSweeps: 200, tolerance: 1e-7, threads: 2)
        let result = try Trainer.fit(data, skills: truth.dataset.skills, configuration: config)
        XCTAssertEqual(result.stopReason, .converged)
        let model = result.model
        let set = TrainingSet(data: data, recency: .none, useItems: true)
        var fitted: [Double] = []
        var actual: [Double] = []
        var fittedInteraction: [Double] = []
        var actualInteraction: [Double] = []
        for row in stride(from: 0, to: data.rowCount, by: 7) {
            let student = Int(data.rowStudent[row])
            let skill = Int(data.rowSkill[row])
            var logit = model.studentFreeLogit(skill: skill, item: Int(data.rowItem[row]),
                                               logWins: Double(set.rowPractice[row * set.practiceStride]), logFails: Double(set.rowPractice[row * set.practiceStride + 1]))
            logit += model.studentBias[student]
            var interaction = 0.0
            for j in 0..<2 { interaction += model.studentFactors[student * 2 + j] * model.skillFactors[skill * 2 + j] }
            fitted.append(1 / (1 + exp(-(logit + interaction))))
            actual.append(1 / (1 + exp(-truth.trueLogit(row: row, logWins: Double(set.rowPractice[row * set.practiceStride]), logFails: Double(set.rowPractice[row * set.practiceStride + 1])))))
            fittedInteraction.append(interaction)
            let trueStudent = truth.students[data.studentIds[student]]!.1
            let trueSkill = truth.skills[data.skillIds[skill]]!.3
            actualInteraction.append(zip(trueStudent, trueSkill).reduce(0) { $0 + $1.0 * $1.1 })
        }
        let probabilityCorrelation = correlation(fitted, actual)
        let interactionCorrelation = correlation(fittedInteraction, actualInteraction)
        XCTAssertGreaterThan(probabilityCorrelation, 0.9, "predicted vs true probabilities")
        // p_u·q_s is invariant to a rotation of the factors, so it is what recovery means.
        XCTAssertGreaterThan(interactionCorrelation, 0.6, "fitted vs true p_u·q_s")
        let studentBiasCorrelation = correlation((0..<data.studentCount).map { model.studentBias[$0] },
                                                 (0..<data.studentCount).map { truth.students[data.studentIds[$0]]!.0 })
        XCTAssertGreaterThan(studentBiasCorrelation, 0.85, "student abilities")
        print("recovery: probability r=\(probabilityCorrelation), interaction r=\(interactionCorrelation), student bias r=\(studentBiasCorrelation)")
    }

    func testSameSeedAndThreadsGiveABitIdenticalModel() throws {
        let data = try truth.dataset.responses
        let config = FitConfiguration(rank: 3, maxSweeps: 6, threads: 2, seed: 5)
        let first = try Trainer.fit(data, configuration: config).model
        let second = try Trainer.fit(data, configuration: config).model
        XCTAssertEqual(first.skillFactors, second.skillFactors)
        XCTAssertEqual(first.studentFactors, second.studentFactors)
        XCTAssertEqual(first.itemBias, second.itemBias)
        XCTAssertEqual(first.globalBias.bitPattern, second.globalBias.bitPattern)
        var single = config
        single.threads = 1
        let serial = try Trainer.fit(data, configuration: single).model
        // Only the summation order of μ's and the items' statistics differs.
        for index in 0..<first.skillFactors.count {
            XCTAssertEqual(first.skillFactors[index], serial.skillFactors[index], accuracy: 1e-9)
        }
        XCTAssertEqual(first.globalBias, serial.globalBias, accuracy: 1e-9)
    }

    /// Rank 0 without items or practice is the Rasch model: at the fit, the gradient of the
    /// penalized log-likelihood, computed here with plain loops, vanishes for every ability and
    /// difficulty; μ is the logit of the overall correct rate.
    func testRankZeroIsRaschAtItsOptimum() throws {
        let data = try truth.dataset.responses
        var config = FitConfiguration.rasch
        config.tolerance = 1e-12
        config.maxSweeps = 500
        let model = try Trainer.fit(data, configuration: config).model
        XCTAssertEqual(model.rank, 0)
        XCTAssertTrue(model.gainCorrect.allSatisfy { $0 == 0 })
        XCTAssertEqual(model.itemBias.count, 0)
        let lambda = config.regularization
        var studentGradient = (0..<data.studentCount).map { -lambda.studentBias * model.studentBias[$0] }
        var skillGradient = (0..<data.skillCount).map { -lambda.skillBias * model.skillBias[$0] }
        for row in 0..<data.rowCount {
            let student = Int(data.rowStudent[row])
            let skill = Int(data.rowSkill[row])
            let p = 1 / (1 + exp(-(model.globalBias + model.studentBias[student] + model.skillBias[skill])))
            let residual = Double(data.rowOutcome[row]) - p
            studentGradient[student] += residual
            skillGradient[skill] += residual
        }
        let rate = data.rowOutcome.reduce(0) { $0 + Double($1) } / Double(data.rowCount)
        XCTAssertEqual(model.globalBias, log(rate / (1 - rate)), accuracy: 1e-12)
        XCTAssertLessThan(studentGradient.map(abs).max()!, 1e-4)
        XCTAssertLessThan(skillGradient.map(abs).max()!, 1e-4)
    }

    /// A trained student's parameters are the optimum of their own rows with the skills fixed:
    /// fold-in of the same rows, from scratch, must land on them when it weighs them as training
    /// did (the default online half-life would discount the older ones).
    func testFoldInOfATrainedStudentReproducesItsParameters() throws {
        let data = try truth.dataset.responses
        var config = FitConfiguration(rank: 2, maxSweeps: 400, tolerance: 1e-11, threads: 2)
        config.onlineRecency = config.recency
        let model = try Trainer.fit(data, configuration: config).model
        for student in [0, 17, 321] {
            let answers = data.answerRows(ofStudent: student).map { rows in
                StudentAnswer(skills: rows.map { Int(data.rowSkill[$0]) }, item: Int(data.rowItem[rows.lowerBound]),
                              outcome: Double(data.rowOutcome[rows.lowerBound]))
            }
            let estimate = try model.foldIn(answers)
            XCTAssertEqual(estimate.bias, model.studentBias[student], accuracy: 1e-4, "student \(student)")
            for j in 0..<2 {
                XCTAssertEqual(estimate.factors[j], model.studentFactors[student * 2 + j], accuracy: 1e-4)
            }
            let mastery = model.mastery(of: estimate, skill: 0)
            XCTAssertLessThanOrEqual(mastery.lower, mastery.probability)
            XCTAssertGreaterThanOrEqual(mastery.upper, mastery.probability)
        }
    }

    func testFewAnswersGiveWideIntervals() throws {
        let data = try truth.dataset.responses
        let model = try Trainer.fit(data, configuration: FitConfiguration(rank: 2, maxSweeps: 20, threads: 2)).model
        let one = try model.foldIn([StudentAnswer(skill: 3, outcome: 1)])
        let many = try model.foldIn((0..<40).map { StudentAnswer(skill: 3, outcome: $0 % 4 == 0 ? 0 : 1) })
        let width = { (m: Mastery) in m.upper - m.lower }
        XCTAssertGreaterThan(width(model.mastery(of: one, skill: 3)), 2 * width(model.mastery(of: many, skill: 3)))
    }

    func testValidationStopsAndKeepsTheBestSweep() throws {
        let data = try truth.dataset.responses
        var generator = SeededRandom(seed: 3)
        let split = data.randomAnswerSplit(testFraction: 0.2, using: &generator)
        // Weak penalties and a high rank overfit, so the held-out loss turns.
        let config = FitConfiguration(rank: 16, regularization: Regularization(studentBias: 0.01, studentFactors: 0.01, skillBias: 0.01, skillFactors: 0.01, practice: 0.01, itemBias: 0.01),
                                      maxSweeps: 60, tolerance: 0, patience: 2, threads: 2)
        let result = try Trainer.fit(data, configuration: config, trainRows: split.rows(in: 0), validationRows: split.rows(in: 1))
        XCTAssertEqual(result.stopReason, .validationStoppedImproving)
        let losses = result.history.compactMap(\.validationLoss)
        XCTAssertEqual(losses.count, result.history.count)
        XCTAssertEqual(losses.min(), losses[result.bestSweep - 1])
        XCTAssertEqual(result.model.metadata.metrics["validation.loss"], losses.min())
    }

    func testGradedScoresFitByLeastSquares() throws {
        let directory = TemporaryDirectory("scores")
        var lines = ["student_id,skill_id,score"]
        var random = SeededRandom(seed: 8)
        let ability = (0..<50).map { _ in random.nextNormal() * 0.15 }
        let easiness = (0..<6).map { _ in random.nextNormal() * 0.15 }
        for student in 0..<50 {
            for skill in 0..<6 {
                let score = min(max(0.6 + ability[student] + easiness[skill] + random.nextNormal() * 0.05, 0), 1)
                lines.append("s\(student),k\(skill),\(score)")
            }
        }
        let path = directory.write("scores.csv", lines.joined(separator: "\n") + "\n")
        let data = try ResponseLoader.load(path: path).0
        let result = try Trainer.fit(data, configuration: FitConfiguration(rank: 0, terms: ModelTerms(itemBias: false, practice: false), threads: 1))
        XCTAssertEqual(result.model.kind, .gaussian)
        let fittedAbility = (0..<50).map { result.model.studentBias[data.studentIds.index(of: "s\($0)")!] }
        XCTAssertGreaterThan(correlation(fittedAbility, ability), 0.95)
    }

    func testRejectsConfigurationsThatCannotWork() throws {
        let data = try truth.dataset.responses
        var config = FitConfiguration(rank: 2)
        config.regularization.skillFactors = 0
        XCTAssertThrowsError(try Trainer.fit(data, configuration: config)) { error in
            guard case TrainingError.invalidConfiguration = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try Trainer.fit(data, configuration: FitConfiguration(rank: 2), trainRows: [])) { error in
            XCTAssertEqual(error as? TrainingError, .noTrainingRows)
        }
    }

    /// Provenance comes out of the trainer, not out of each command: the model names the whole
    /// data it came from (also when only some rows trained) and the pseudonymization key, and
    /// keeps both through its file.
    func testFittedModelCarriesItsProvenance() throws {
        let directory = TemporaryDirectory("provenance")
        var lines = ["student_id,skill_id,correct"]
        var random = SeededRandom(seed: 17)
        for student in 0..<40 {
            for skill in 0..<5 { lines.append("s\(student),k\(skill),\(random.nextBernoulli(0.6) ? 1 : 0)") }
        }
        let data = try ResponseLoader.load(path: directory.write("r.csv", lines.joined(separator: "\n") + "\n")).0
        // Independent of the trainer: the fingerprint of the data itself.
        let expected = data.fingerprint()
        let key = try Pseudonymizer(keyBytes: Array(repeating: 7, count: Pseudonymizer.minimumKeyByteCount))
        let config = FitConfiguration(rank: 0, terms: ModelTerms(itemBias: false, practice: false), threads: 1)

        let keyed = try Trainer.fit(data, configuration: config, trainRows: Array(0..<150),
                                    pseudonymKeyFingerprint: key.keyFingerprint).model
        XCTAssertEqual(keyed.metadata.dataFingerprint, expected)
        XCTAssertEqual(keyed.metadata.pseudonymKeyFingerprint, key.keyFingerprint)
        let path = directory.path("keyed.lotrinh")
        try keyed.write(to: path)
        let read = try MasteryModel.load(from: path)
        XCTAssertEqual(read.metadata.dataFingerprint, expected)
        XCTAssertEqual(read.metadata.pseudonymKeyFingerprint, key.keyFingerprint)

        let unkeyed = try Trainer.fit(data, configuration: config).model
        XCTAssertEqual(unkeyed.metadata.dataFingerprint, expected)
        XCTAssertNil(unkeyed.metadata.pseudonymKeyFingerprint)
    }

    func testMultiSkillRowsShareTheirAnswersWeight() throws {
        let directory = TemporaryDirectory("multi")
        let path = directory.write("r.csv", "student_id,skill_id,item_id,correct\ns,a,q1,1\ns,b,q1,1\ns,a,q2,0\n")
        let data = try ResponseLoader.load(path: path).0
        let set = TrainingSet(data: data, recency: .none, useItems: true)
        XCTAssertFalse(set.hasUnitWeights)
        XCTAssertEqual((0..<set.rowCount).map(set.weight(ofRow:)), [0.5, 0.5, 1])
        // The third row's practice counts see the first answer (one win on a), not its sibling.
        XCTAssertEqual(stride(from: 0, to: set.rowPractice.count, by: set.practiceStride).map { set.rowPractice[$0] }, [0, 0, Float(log1p(1.0))])
        let recent = TrainingSet(data: data, recency: Recency(halfLife: 1, unit: .answers), useItems: true)
        XCTAssertEqual((0..<recent.rowCount).map(recent.weight(ofRow:)), [0.25, 0.25, 1], "the first answer is one answer older: half of 1/2")
    }

    /// Single-skill answers without recency all weigh 1, and the set stores no column for them;
    /// recency makes them differ again, and the subset of rows keeps their weights.
    func testSingleSkillRowsWithoutRecencyStoreNoWeights() throws {
        let directory = TemporaryDirectory("unit-weights")
        let path = directory.write("r.csv", "student_id,skill_id,correct\ns,a,1\ns,b,1\ns,a,0\n")
        let data = try ResponseLoader.load(path: path).0
        let set = TrainingSet(data: data, recency: .none, useItems: false)
        XCTAssertTrue(set.hasUnitWeights)
        XCTAssertEqual(set.storedWeights, [])
        XCTAssertEqual((0..<set.rowCount).map(set.weight(ofRow:)), [1, 1, 1])
        let recent = TrainingSet(data: data, rows: [0, 2], recency: Recency(halfLife: 1, unit: .answers), useItems: false)
        XCTAssertFalse(recent.hasUnitWeights)
        // Row 0 is two answers older than the student's latest (row 2): 2^-2.
        XCTAssertEqual((0..<recent.rowCount).map(recent.weight(ofRow:)), [0.25, 1])
    }
}
