import Foundation
import MasteryData
@testable import Training
import XCTest

/// Every expected value is worked out by hand in the comment beside it, so a test fails when
/// the code departs from the textbook definition rather than from itself.
final class MetricsTests: XCTestCase {
    // MARK: - AUC

    func testAUCWithTiesByHand() throws {
        let p = [0.1, 0.4, 0.35, 0.8, 0.4]
        let y: [Double] = [0, 0, 1, 1, 1]
        // Incorrect: 0.1, 0.4. Correct: 0.35, 0.8, 0.4. The 3 × 2 = 6 pairs (correct vs incorrect):
        //   0.35 > 0.1 → 1    0.35 < 0.4 → 0
        //   0.8  > 0.1 → 1    0.8  > 0.4 → 1
        //   0.4  > 0.1 → 1    0.4  = 0.4 → ½
        // AUC = 4.5 / 6 = 0.75. By ranks: 0.1→1, 0.35→2, 0.4,0.4→3.5 each, 0.8→5;
        // correct rank sum 2 + 3.5 + 5 = 10.5; U = 10.5 − 3·4/2 = 4.5; 4.5 / 6 = 0.75.
        XCTAssertEqual(try XCTUnwrap(Metrics.auc(predictions: p, outcomes: y)), 0.75, accuracy: 1e-15)
    }

    func testAUCPerfectReversedAndAllTied() throws {
        let y: [Double] = [0, 0, 1, 1]
        // Every correct answer above every incorrect one: 4 of 4 pairs.
        XCTAssertEqual(Metrics.auc(predictions: [0.1, 0.2, 0.8, 0.9], outcomes: y), 1)
        // Every correct answer below: 0 of 4 pairs.
        XCTAssertEqual(Metrics.auc(predictions: [0.9, 0.8, 0.2, 0.1], outcomes: y), 0)
        // Every pair tied: 4 · ½ / 4.
        XCTAssertEqual(Metrics.auc(predictions: [0.3, 0.3, 0.3, 0.3], outcomes: y), 0.5)
        // −0 and +0 are the same prediction: one tied pair, ½ / 1.
        XCTAssertEqual(Metrics.auc(predictions: [-0.0, 0.0], outcomes: [1, 0]), 0.5)
    }

    func testAUCIsNilWithOneClass() {
        XCTAssertNil(Metrics.auc(predictions: [0.2, 0.7], outcomes: [1, 1]))
        XCTAssertNil(Metrics.auc(predictions: [0.2, 0.7], outcomes: [0, 0]))
        XCTAssertNil(Metrics.auc(predictions: [], outcomes: []))
        // Both classes present, but the only incorrect answer weighs nothing: W₋ = 0.
        XCTAssertNil(Metrics.auc(predictions: [0.2, 0.7, 0.4], outcomes: [1, 1, 0], weights: [1, 1, 0]))
    }

    func testAUCEqualsNaivePairCountWithManyTies() throws {
        let (p, y, w) = randomRows(count: 400, seed: 7)
        // Unweighted and weighted, every pair counted directly, O(n²).
        XCTAssertEqual(try XCTUnwrap(Metrics.auc(predictions: p, outcomes: y)),
                       naivePairAUC(p, y, weights: nil), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(Metrics.auc(predictions: p, outcomes: y, weights: w)),
                       naivePairAUC(p, y, weights: w), accuracy: 1e-12)
        // Guards the premise: rounding to one decimal leaves at most 11 distinct values.
        XCTAssertLessThanOrEqual(Set(p).count, 11)
    }

    func testIntegerWeightsEqualRepeatedRows() throws {
        let (p, y, _) = randomRows(count: 300, seed: 8)
        var generator = SeededRandom(seed: 8, stream: 1)
        let weights = p.map { _ in Double(generator.nextInt(in: 0...3)) }
        var repeatedP: [Double] = [], repeatedY: [Double] = []
        for row in p.indices {
            for _ in 0..<Int(weights[row]) {
                repeatedP.append(p[row])
                repeatedY.append(y[row])
            }
        }
        let weighted = try XCTUnwrap(MetricSet(predictions: p, outcomes: y, weights: weights))
        let repeated = try XCTUnwrap(MetricSet(predictions: repeatedP, outcomes: repeatedY))
        XCTAssertEqual(try XCTUnwrap(weighted.auc), try XCTUnwrap(repeated.auc), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(weighted.accuracy), try XCTUnwrap(repeated.accuracy), accuracy: 1e-12)
        XCTAssertEqual(weighted.logLoss, repeated.logLoss, accuracy: 1e-12)
        XCTAssertEqual(weighted.rmse, repeated.rmse, accuracy: 1e-12)
        XCTAssertEqual(weighted.calibrationError, repeated.calibrationError, accuracy: 1e-12)
        XCTAssertEqual(weighted.meanPrediction, repeated.meanPrediction, accuracy: 1e-12)
        XCTAssertEqual(weighted.meanOutcome, repeated.meanOutcome, accuracy: 1e-12)
        // Rows counted, not weight: the weighted set keeps all 300 rows.
        XCTAssertEqual(weighted.count, 300)
    }

    func testRadixOrderSortsAndCarriesOutcomes() {
        let (p, y, _) = randomRows(count: 1000, seed: 9, decimals: 6)
        let (keys, tags) = Metrics.ascendingOrder(of: p, outcomes: y)
        let rows = tags.map { Int($0 >> 1) }
        XCTAssertEqual(rows.map { p[$0] }, p.sorted())
        XCTAssertEqual(keys, p.sorted().map(\.bitPattern))
        XCTAssertEqual(Set(rows).count, p.count, "a permutation of the rows")
        XCTAssertEqual(tags.map { Double($0 & 1) }, rows.map { y[$0] })
    }

    // MARK: - Log-loss, RMSE, accuracy, means

    func testLogLossByHand() throws {
        let p = [0.9, 0.2, 0.5]
        let y: [Double] = [1, 0, 1]
        // −(ln 0.9 + ln 0.8 + ln 0.5) / 3 = (0.1053605 + 0.2231436 + 0.6931472) / 3 = 0.3405504
        XCTAssertEqual(try XCTUnwrap(Metrics.logLoss(predictions: p, outcomes: y)), 0.34055041584399376, accuracy: 1e-14)
        // Weights 2, 1, 1: (2·0.1053605 + 0.2231436 + 0.6931472) / 4 = 0.2817529
        XCTAssertEqual(try XCTUnwrap(Metrics.logLoss(predictions: p, outcomes: y, weights: [2, 1, 1])),
                       0.2817529407974519, accuracy: 1e-14)
        // Graded score 0.25 at p = 0.8: −(0.25 ln 0.8 + 0.75 ln 0.2) = 0.0557859 + 1.2070784 = 1.2628643
        XCTAssertEqual(try XCTUnwrap(Metrics.logLoss(predictions: [0.8], outcomes: [0.25])),
                       1.2628643221541276, accuracy: 1e-14)
    }

    func testLogLossClipsCertainWrongPredictions() throws {
        // p = 0 for a correct answer is clipped to 1e-15: −ln(1e-15) = 15 ln 10 = 34.538776.
        XCTAssertEqual(try XCTUnwrap(Metrics.logLoss(predictions: [0], outcomes: [1])), 34.538776394910684, accuracy: 1e-12)
        // p = 1 for a wrong answer is clipped to 1 − 1e-15, whose Double leaves 1 − p = 9.992e-16,
        // so −ln(9.992e-16) = 34.539576 (the same clip, seen through rounding).
        XCTAssertEqual(try XCTUnwrap(Metrics.logLoss(predictions: [1], outcomes: [0])), 34.53957599234088, accuracy: 1e-9)
        // A certain right prediction costs −ln(1 − 1e-15) ≈ 1e-15, not exactly zero.
        XCTAssertEqual(try XCTUnwrap(Metrics.logLoss(predictions: [1], outcomes: [1])), 1e-15, accuracy: 1e-16)
    }

    func testRMSEByHand() throws {
        // Errors −0.1, 0.2, 0, 0.6; squares 0.01 + 0.04 + 0 + 0.36 = 0.41; √(0.41 / 4) = √0.1025 = 0.3201562
        XCTAssertEqual(try XCTUnwrap(Metrics.rmse(predictions: [0.9, 0.2, 0.5, 0.6], outcomes: [1, 0, 0.5, 0])),
                       0.32015621187164245, accuracy: 1e-15)
        // Weights 1, 1, 1, 0 drop the 0.6 row: √(0.05 / 3) = √0.0166667 = 0.1290994
        XCTAssertEqual(try XCTUnwrap(Metrics.rmse(predictions: [0.9, 0.2, 0.5, 0.6], outcomes: [1, 0, 0.5, 0],
                                                  weights: [1, 1, 1, 0])),
                       (0.05 / 3.0).squareRoot(), accuracy: 1e-15)
    }

    func testAccuracyByHandWithTieAtThreshold() throws {
        let p = [0.5, 0.49, 0.7, 0.2, 0.51]
        let y: [Double] = [1, 1, 0, 0, 1]
        // Predicted classes (p ≥ 0.5): 1, 0, 1, 0, 1 → right, wrong, wrong, right, right = 3 / 5.
        XCTAssertEqual(try XCTUnwrap(Metrics.accuracy(predictions: p, outcomes: y)), 0.6, accuracy: 1e-15)
        // Weights 1, 1, 3, 1, 1: right rows weigh 1 + 1 + 1 = 3 of 7.
        XCTAssertEqual(try XCTUnwrap(Metrics.accuracy(predictions: p, outcomes: y, weights: [1, 1, 3, 1, 1])),
                       3.0 / 7.0, accuracy: 1e-15)
        // Exactly 0.5 predicts correct, so it is wrong for an incorrect answer.
        XCTAssertEqual(Metrics.accuracy(predictions: [0.5], outcomes: [0]), 0)
    }

    func testMeansAndEmptyInput() throws {
        // (0.2 + 0.6 + 0.7) / 3 = 0.5; (0 + 1 + 1) / 3 = 2/3; weights 2, 1, 1: (0.4 + 0.6 + 0.7) / 4 = 0.425
        XCTAssertEqual(try XCTUnwrap(Metrics.meanPrediction(predictions: [0.2, 0.6, 0.7], outcomes: [0, 1, 1])), 0.5, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(Metrics.meanOutcome(predictions: [0.2, 0.6, 0.7], outcomes: [0, 1, 1])), 2.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(Metrics.meanPrediction(predictions: [0.2, 0.6, 0.7], outcomes: [0, 1, 1],
                                                            weights: [2, 1, 1])), 0.425, accuracy: 1e-15)
        XCTAssertNil(Metrics.logLoss(predictions: [], outcomes: []))
        XCTAssertNil(Metrics.rmse(predictions: [0.3], outcomes: [1], weights: [0]))
        XCTAssertNil(MetricSet(predictions: [], outcomes: []))
    }

    // MARK: - Calibration

    func testReliabilityTableAndECEByHand() throws {
        let p = [0.05, 0.15, 0.15, 0.95, 0.92, 1.0]
        let y: [Double] = [0, 1, 0, 1, 1, 0]
        let table = ReliabilityTable(predictions: p, outcomes: y)
        // [0, 0.1): 0.05 → mean p 0.05, rate 0, gap 0.05, n 1
        // [0.1, 0.2): 0.15, 0.15 → mean p 0.15, rate 1/2, gap 0.35, n 2
        // [0.9, 1]: 0.95, 0.92, 1.0 → mean p 2.87/3 = 0.956667, rate 2/3, gap 0.29, n 3 (1.0 in the last bin)
        XCTAssertEqual(table.bins.map(\.count), [1, 2, 0, 0, 0, 0, 0, 0, 0, 3])
        XCTAssertEqual(table.bins[1].lowerBound, 0.1)
        XCTAssertEqual(table.bins[1].upperBound, 0.2)
        XCTAssertEqual(table.bins[9].upperBound, 1)
        XCTAssertEqual(try XCTUnwrap(table.bins[1].meanPrediction), 0.15, accuracy: 1e-15)
        XCTAssertEqual(table.bins[1].observedRate, 0.5)
        XCTAssertEqual(try XCTUnwrap(table.bins[9].meanPrediction), 2.87 / 3, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(table.bins[9].observedRate), 2.0 / 3, accuracy: 1e-15)
        XCTAssertNil(table.bins[4].meanPrediction)
        XCTAssertNil(table.bins[4].gap)
        // ECE = (1·0.05 + 2·0.35 + 3·0.29) / 6 = 1.62 / 6 = 0.27
        XCTAssertEqual(try XCTUnwrap(table.expectedCalibrationError), 0.27, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(Metrics.expectedCalibrationError(predictions: p, outcomes: y)), 0.27, accuracy: 1e-12)

        let lines = table.description.split(separator: "\n")
        XCTAssertEqual(lines.count, 11, "a header and one line per bin")
        XCTAssertEqual(String(lines[2]), "[0.100, 0.200)         2        2.00    0.1500    0.5000    0.3500")
        XCTAssertEqual(String(lines[5]), "[0.400, 0.500)         0        0.00         –         –         –")
        XCTAssertTrue(lines[10].hasPrefix("[0.900, 1.000]"))
    }

    func testWeightedECEByHand() throws {
        // Bin [0.1, 0.2): 0.15 (correct, w 3), 0.15 (wrong, w 1) → W 4, rate 3/4, gap |0.15 − 0.75| = 0.6
        // Bin [0.9, 1]:   0.95 (correct, w 4)                    → W 4, rate 1,   gap 0.05
        // ECE = (4·0.6 + 4·0.05) / 8 = 0.325
        XCTAssertEqual(try XCTUnwrap(Metrics.expectedCalibrationError(predictions: [0.15, 0.15, 0.95], outcomes: [1, 0, 1],
                                                                      weights: [3, 1, 4])),
                       0.325, accuracy: 1e-12)
    }

    func testBoundariesBelongToTheBinAbove() {
        // Five bins [0, .2) [.2, .4) [.4, .6) [.6, .8) [.8, 1]; 0.6 · 5 rounds to 3.0000000000000004.
        let five = ReliabilityTable(predictions: [0, 0.2, 0.4, 0.6, 0.8, 1], outcomes: [0, 0, 0, 0, 0, 0], binCount: 5)
        XCTAssertEqual(five.bins.map(\.count), [1, 1, 1, 1, 2])
        // Three bins with bounds 0, 1/3, 2/3: each bound is in the bin above, the Double just below in the one below.
        let third = 1.0 / 3, twoThirds = 2.0 / 3
        let three = ReliabilityTable(predictions: [third.nextDown, third, twoThirds.nextDown, twoThirds],
                                     outcomes: [0, 0, 0, 0], binCount: 3)
        XCTAssertEqual(three.bins.map(\.count), [1, 2, 1])
        // 0.9.nextDown = 0.8999999999999999 is below the bound 0.9, yet 0.8999999999999999 · 10
        // rounds to 9.0: it belongs to [0.8, 0.9), bin 8, not bin 9.
        let ten = ReliabilityTable(predictions: [(0.9 as Double).nextDown, 0.9], outcomes: [0, 0])
        XCTAssertEqual(ten.bins[8].count, 1)
        XCTAssertEqual(ten.bins[9].count, 1)
    }

    // MARK: - MetricSet and MetricSummary

    func testMetricSetByHand() throws {
        let set = try XCTUnwrap(MetricSet(predictions: [0.2, 0.6, 0.6, 0.9], outcomes: [0, 0, 1, 1]))
        XCTAssertEqual(set.count, 4)
        // Pairs (correct vs wrong): 0.6 v 0.2 → 1, 0.6 v 0.6 → ½, 0.9 v 0.2 → 1, 0.9 v 0.6 → 1; 3.5 / 4
        XCTAssertEqual(try XCTUnwrap(set.auc), 0.875, accuracy: 1e-15)
        // −(ln 0.8 + ln 0.4 + ln 0.6 + ln 0.9) / 4 = (0.2231436 + 0.9162907 + 0.5108256 + 0.1053605) / 4
        XCTAssertEqual(set.logLoss, 0.43890510565304547, accuracy: 1e-14)
        // √((0.04 + 0.36 + 0.16 + 0.01) / 4) = √0.1425
        XCTAssertEqual(set.rmse, 0.37749172176353746, accuracy: 1e-15)
        // Predicted 0, 1, 1, 1 against 0, 0, 1, 1: 3 of 4.
        XCTAssertEqual(set.accuracy, 0.75)
        // Bins 2, 6, 9: gaps |0.2 − 0| n 1, |0.6 − 0.5| n 2, |0.9 − 1| n 1 → (0.2 + 0.2 + 0.1) / 4
        XCTAssertEqual(set.calibrationError, 0.125, accuracy: 1e-15)
        XCTAssertEqual(set.meanPrediction, 2.3 / 4, accuracy: 1e-15)
        XCTAssertEqual(set.meanOutcome, 0.5)

        let decoded = try JSONDecoder().decode(MetricSet.self, from: JSONEncoder().encode(set))
        XCTAssertEqual(decoded, set)
    }

    func testMetricSetOnGradedScoresHasNoAUCOrAccuracy() throws {
        let set = try XCTUnwrap(MetricSet(predictions: [0.2, 0.7], outcomes: [0.25, 0.5]))
        XCTAssertNil(set.auc)
        XCTAssertNil(set.accuracy)
        // √((0.05² + 0.2²) / 2) = √(0.0425 / 2)
        XCTAssertEqual(set.rmse, (0.0425 / 2).squareRoot(), accuracy: 1e-15)
    }

    func testMetricSummaryMeanAndSampleStandardDeviation() throws {
        func fold(_ count: Int, auc: Double, logLoss: Double, accuracy: Double?) -> MetricSet {
            MetricSet(count: count, auc: auc, logLoss: logLoss, rmse: 0.4, accuracy: accuracy,
                      calibrationError: 0.02, meanPrediction: 0.6, meanOutcome: 0.6)
        }
        let summary = MetricSummary(folds: [fold(100, auc: 0.70, logLoss: 0.5, accuracy: 0.7),
                                            fold(200, auc: 0.74, logLoss: 0.6, accuracy: nil),
                                            fold(300, auc: 0.78, logLoss: 0.4, accuracy: 0.8)])
        XCTAssertEqual(summary.folds, 3)
        // AUC: mean 0.74; deviations −0.04, 0, 0.04; √((0.0016 + 0 + 0.0016) / (3 − 1)) = 0.04
        let auc = try XCTUnwrap(summary.auc)
        XCTAssertEqual(auc.mean, 0.74, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(auc.standardDeviation), 0.04, accuracy: 1e-15)
        XCTAssertEqual(auc.description, "0.7400 ± 0.0400")
        // Log-loss: mean 0.5; √((0 + 0.01 + 0.01) / 2) = 0.1
        XCTAssertEqual(try XCTUnwrap(summary.logLoss.standardDeviation), 0.1, accuracy: 1e-15)
        // Rows: mean 200; √((10000 + 0 + 10000) / 2) = 100
        XCTAssertEqual(summary.count.mean, 200)
        XCTAssertEqual(summary.count.standardDeviation, 100)
        // Accuracy from the two folds that have it: mean 0.75; √((0.0025 + 0.0025) / 1) = 0.0707107
        let accuracy = try XCTUnwrap(summary.accuracy)
        XCTAssertEqual(accuracy.folds, 2)
        XCTAssertEqual(accuracy.mean, 0.75, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(accuracy.standardDeviation), 0.07071067811865475, accuracy: 1e-15)
        XCTAssertEqual(accuracy.formatted(totalFolds: summary.folds), "0.7500 ± 0.0707 (2 of 3 folds)")
        // Identical folds: zero spread, not a rounding residue.
        XCTAssertEqual(summary.rmse.standardDeviation, 0)

        let single = MetricSummary(folds: [fold(10, auc: 0.7, logLoss: 0.5, accuracy: 0.7)])
        XCTAssertNil(single.logLoss.standardDeviation, "a sample deviation needs two folds")
        XCTAssertEqual(single.logLoss.description, "0.5000")

        let decoded = try JSONDecoder().decode(MetricSummary.self, from: JSONEncoder().encode(summary))
        XCTAssertEqual(decoded, summary)
    }

    // MARK: - Helpers

    /// Seeded rows whose predictions are rounded to `decimals` places (one place: many ties),
    /// with outcomes drawn from a probability that grows with the prediction, and weights in
    /// [0, 2) with about one in ten exactly zero.
    private func randomRows(count: Int, seed: UInt64, decimals: Int = 1) -> ([Double], [Double], [Double]) {
        var generator = SeededRandom(seed: seed)
        let scale = pow(10, Double(decimals))
        var p: [Double] = [], y: [Double] = [], w: [Double] = []
        for _ in 0..<count {
            let prediction = (generator.nextUniform() * scale).rounded() / scale
            p.append(prediction)
            y.append(generator.nextBernoulli(0.2 + 0.6 * prediction) ? 1 : 0)
            w.append(generator.nextInt(below: 10) == 0 ? 0 : 2 * generator.nextUniform())
        }
        return (p, y, w)
    }

    /// AUC from its definition: every (correct, incorrect) pair, weighted wᵢ·wⱼ.
    private func naivePairAUC(_ p: [Double], _ y: [Double], weights: [Double]?) -> Double {
        var concordant = 0.0, pairs = 0.0
        for i in p.indices where y[i] == 1 {
            for j in p.indices where y[j] == 0 {
                let pairWeight = (weights?[i] ?? 1) * (weights?[j] ?? 1)
                pairs += pairWeight
                if p[i] > p[j] { concordant += pairWeight } else if p[i] == p[j] { concordant += 0.5 * pairWeight }
            }
        }
        return concordant / pairs
    }
}
