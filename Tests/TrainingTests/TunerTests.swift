import Foundation
import LotrinhTestSupport
import MasteryData
import MasteryModel
@testable import Training
import XCTest

final class TunerTests: XCTestCase {
    /// Shared: generating and loading the data takes a moment.
    nonisolated(unsafe) private static var truthCache: SyntheticTruth?
    private var truth: SyntheticTruth {
        get throws {
            if let cached = Self.truthCache { return cached }
            let made = try SyntheticTruth(students: 300, answersPerStudent: 60, rank: 2, seed: 23)
            Self.truthCache = made
            return made
        }
    }

    /// Short fits: enough for the ranks to separate, quick in a debug build.
    private let base = FitConfiguration(maxSweeps: 12, tolerance: 1e-4, threads: 2, seed: 3)

    func testPicksTheGeneratingRankOnPairedFolds() throws {
        let data = try truth.dataset.responses
        let options = TuningOptions(evaluationProtocol: .random, space: TuningSpace(ranks: [0, 2], factorLambdas: [2]),
                                    folds: 3, base: base)
        let result = try Tuner.tune(data, options: options)
        XCTAssertEqual(result.trials.count, 2)
        print("tuning ranks 0 and 2: " + result.trials.map { "\($0.candidate.rank): AUC \($0.summary?.auc?.description ?? "—")" }.joined(separator: ", "))
        XCTAssertEqual(result.best.candidate.rank, 2, "the data has rank-2 structure")
        XCTAssertEqual(result.bestConfiguration.rank, 2)
        XCTAssertEqual(result.bestConfiguration.regularization.skillFactors, 2)
        XCTAssertEqual(result.bestConfiguration.regularization.skillBias, base.regularization.skillBias,
                       "an unset bias λ keeps the base's per-group strengths")
        assertRankedByTheRule(result.trials)
        // Paired comparison: every candidate saw exactly the same held-out answers and training rows.
        let shapes = result.trials.map { $0.folds.map { [$0.fold, $0.testAnswers, $0.trainingRows] } }
        XCTAssertEqual(shapes[0].count, 3)
        XCTAssertEqual(shapes[0], shapes[1])
        XCTAssertEqual(result.allowedRows, data.rowCount)
    }

    func testTheSameSeedGivesTheSameTable() throws {
        let data = try truth.dataset.responses
        var cheap = base
        cheap.maxSweeps = 3
        let options = TuningOptions(evaluationProtocol: .online, space: TuningSpace(ranks: [0, 1], factorLambdas: [16]),
                                    folds: 2, base: cheap)
        let first = try Tuner.tune(data, options: options)
        let second = try Tuner.tune(data, options: options)
        XCTAssertEqual(withoutTimes(first), withoutTimes(second))
        var reseeded = options
        reseeded.base.seed = 4
        let other = try Tuner.tune(data, options: reseeded)
        XCTAssertNotEqual(first.trials[0].folds.map(\.testAnswers), other.trials[0].folds.map(\.testAnswers),
                          "another seed deals other students to the folds")

        var metadata = ModelMetadata(kind: .logistic, rank: 0, terms: ModelTerms(), regularization: Regularization(),
                                     recency: .none, skillIds: [], skillNames: [])
        first.record(in: &metadata)
        XCTAssertEqual(metadata.metrics["tune.cvAUC"], first.best.meanAUC)
        XCTAssertEqual(metadata.metrics["tune.cvAUCStd"], first.best.summary?.auc?.standardDeviation)
        XCTAssertEqual(metadata.metrics["tune.candidates"], 2)
        XCTAssertEqual(metadata.metrics["tune.folds"], 2)
        XCTAssertEqual(metadata.training["tune.rank"], String(first.best.candidate.rank))
        XCTAssertEqual(metadata.training["tune.halfLife"], "off")
        XCTAssertEqual(metadata.training["tune.lambdaBias"], "default")
    }

    /// Rows outside the allowed set are in no fold, so changing their outcomes changes nothing:
    /// whole held-back students under the online protocol, and held-back answers under the random
    /// protocol (practice counts included: they count training rows only).
    func testExcludedRowsNeverInfluenceTheTable() throws {
        let data = try truth.dataset.responses
        var cheap = base
        cheap.maxSweeps = 3
        let heldBackStudents = (0..<data.rowCount).filter { data.rowStudent[$0] % 5 == 0 }
        let heldBackAnswers = (0..<data.rowCount).filter { data.rowAnswer[$0] % 4 == 0 }
        for (evaluationProtocol, excluded, config) in [(EvaluationProtocol.online, heldBackStudents, cheap),
                                                       (.random, heldBackAnswers, cheap)] {
            let excludedSet = Set(excluded)
            let allowed = (0..<data.rowCount).filter { !excludedSet.contains($0) }
            let options = TuningOptions(evaluationProtocol: evaluationProtocol, space: TuningSpace(ranks: [1], factorLambdas: [16]),
                                        folds: 2, base: config, allowedRows: allowed)
            let folds = try TuningFolds(data: data, allowedRows: allowed, count: 2, evaluationProtocol: evaluationProtocol, seed: config.seed)
            for fold in 0..<folds.count {
                XCTAssertTrue(excludedSet.isDisjoint(with: folds.trainRows[fold]), "\(evaluationProtocol): excluded rows train")
                XCTAssertTrue(excludedSet.isDisjoint(with: folds.testRows[fold]), "\(evaluationProtocol): excluded rows are held out")
                XCTAssertEqual(folds.trainRows[fold].count + folds.testRows[fold].count, allowed.count)
            }
            var flipped = data
            for row in excluded { flipped.rowOutcome[row] = 1 - flipped.rowOutcome[row] }
            let original = try Tuner.tune(data, options: options)
            let changed = try Tuner.tune(flipped, options: options)
            XCTAssertEqual(original.allowedRows, allowed.count)
            XCTAssertEqual(withoutTimes(original), withoutTimes(changed), "\(evaluationProtocol)")
        }
    }

    func testRankingRuleOrdersByAUCThenLogLossThenRank() {
        func trial(rank: Int, auc: Double?, logLoss: Double, failed: Bool = false) -> TuningTrial {
            let metrics = MetricSet(count: 10, auc: auc, logLoss: logLoss, rmse: 0.4, accuracy: nil, calibrationError: 0,
                                    meanPrediction: 0.5, meanOutcome: 0.5)
            return TuningTrial(candidate: TuningCandidate(rank: rank, factorLambda: 1, biasLambda: nil, halfLife: nil),
                               folds: [], summary: failed ? nil : MetricSummary(folds: [metrics]),
                               failure: failed ? "diverged" : nil, seconds: 0)
        }
        let higherAUC = trial(rank: 8, auc: 0.80, logLoss: 0.60)
        let lowerLoss = trial(rank: 4, auc: 0.79, logLoss: 0.50)
        let higherLoss = trial(rank: 2, auc: 0.79, logLoss: 0.55)
        let simpler = trial(rank: 2, auc: 0.79, logLoss: 0.50)
        let failed = trial(rank: 0, auc: nil, logLoss: 0, failed: true)
        XCTAssertEqual(TuningTrial.ranksBefore(higherAUC, lowerLoss), true)
        XCTAssertEqual(TuningTrial.ranksBefore(lowerLoss, higherLoss), true)
        XCTAssertEqual(TuningTrial.ranksBefore(simpler, lowerLoss), true)
        XCTAssertEqual(TuningTrial.ranksBefore(failed, higherLoss), false)
        XCTAssertEqual(TuningTrial.ranksBefore(higherLoss, failed), true)
        XCTAssertNil(TuningTrial.ranksBefore(simpler, simpler))
    }

    func testRandomSearchDrawsDistinctGridCandidatesBySeed() {
        let space = TuningSpace(ranks: [0, 4, 8, 16], factorLambdas: [4, 16, 64], biasLambdas: [0.5, 1], halfLives: [nil, 50, 200])
        // Rank 0 has no factors, so it is tried with one factor λ: (1 + 3 ranks × 3 λs) × 2 × 3.
        XCTAssertEqual(space.grid.count, (1 + 3 * 3) * 2 * 3)
        XCTAssertEqual(space.grid.first, TuningCandidate(rank: 0, factorLambda: 4, biasLambda: 0.5, halfLife: nil))
        XCTAssertEqual(Set(space.grid.filter { $0.rank == 0 }.map(\.factorLambda)), [4])
        let draw = TuningSearch.random(trials: 10, seed: 7).candidates(in: space)
        XCTAssertEqual(draw.count, 10)
        XCTAssertEqual(Set(draw).count, 10)
        XCTAssertTrue(Set(draw).isSubset(of: space.grid))
        XCTAssertEqual(draw, TuningSearch.random(trials: 10, seed: 7).candidates(in: space))
        XCTAssertNotEqual(draw, TuningSearch.random(trials: 10, seed: 8).candidates(in: space))
        XCTAssertEqual(TuningSearch.random(trials: 100, seed: 7).candidates(in: space), space.grid)
    }

    func testRejectsGridsAndFoldsThatCannotWork() throws {
        let data = try truth.dataset.responses
        func error(_ options: TuningOptions) -> TuningError? {
            do {
                _ = try Tuner.tune(data, options: options)
                return nil
            } catch {
                return error
            }
        }
        let fine = TuningSpace(ranks: [0], factorLambdas: [16])
        XCTAssertEqual(error(TuningOptions(evaluationProtocol: .online, space: TuningSpace(ranks: [], factorLambdas: [16]))),
                       .emptySpace("ranks"))
        XCTAssertEqual(error(TuningOptions(evaluationProtocol: .online, space: TuningSpace(ranks: [0], factorLambdas: [0]))),
                       .invalidValue(list: "factor λs", value: "0.0", expected: "a number from 1e-10 to 1e10"))
        XCTAssertEqual(error(TuningOptions(evaluationProtocol: .online, space: TuningSpace(ranks: [-1], factorLambdas: [1]))),
                       .invalidValue(list: "ranks", value: "-1", expected: "an integer from 0 to 512"))
        XCTAssertEqual(error(TuningOptions(evaluationProtocol: .online, space: fine, search: .random(trials: 0, seed: 1))),
                       .invalidTrials(0))
        XCTAssertEqual(error(TuningOptions(evaluationProtocol: .online, space: fine, folds: 1)), .invalidFoldCount(1))
        // One student's rows: too few students to fold.
        let oneStudent = Array(data.rows(ofStudent: 0))
        XCTAssertEqual(error(TuningOptions(evaluationProtocol: .online, space: fine, folds: 2, allowedRows: oneStudent)),
                       .tooFewHeldOutUnits(available: 1, folds: 2, unit: "students with all their rows allowed"))
        XCTAssertEqual(error(TuningOptions(evaluationProtocol: .random, space: fine, allowedRows: [data.rowCount])),
                       .allowedRowOutOfRange(data.rowCount, rowCount: data.rowCount))
    }

    /// No trial may rank above the one before it by the rule.
    private func assertRankedByTheRule(_ trials: [TuningTrial], file: StaticString = #filePath, line: UInt = #line) {
        for (better, worse) in zip(trials, trials.dropFirst()) {
            XCTAssertNotEqual(TuningTrial.ranksBefore(worse, better), true, "\(worse.candidate) ranks above \(better.candidate)",
                              file: file, line: line)
        }
    }

    /// The result with wall times zeroed, which is all that may differ between identical runs.
    private func withoutTimes(_ result: TuningResult) -> TuningResult {
        var copy = result
        for index in copy.trials.indices { copy.trials[index].seconds = 0 }
        return copy
    }
}
