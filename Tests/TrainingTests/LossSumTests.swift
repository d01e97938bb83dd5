import MasteryData
import MasteryModel
@testable import Training
import XCTest

/// ``LossSum`` takes the log-loss's logarithms 512 rows at a time; its sum must be the rows' losses
/// added one by one, whatever the count of rows around a block's end, the weights and the links.
final class LossSumTests: XCTestCase {
    /// The log-loss written out: `−w·(y log σ(z) + (1 − y) log(1 − σ(z)))`, each logarithm through
    /// `log1p` of the smaller probability so that no large logit rounds it to 0.
    private func naiveLoss(z: Double, target: Double, weight: Double) -> Double {
        let logSigma = z >= 0 ? -log1p(exp(-z)) : z - log1p(exp(z))             // log σ(z)
        let logOneMinusSigma = z >= 0 ? -z - log1p(exp(-z)) : -log1p(exp(z))    // log(1 − σ(z))
        return -weight * (target * logSigma + (1 - target) * logOneMinusSigma)
    }

    func testTheSumIsTheRowsLossesAcrossBlockEnds() {
        var random = SeededRandom(seed: 12)
        for count in [1, 511, 512, 513, 1024, 1537] {
            for weighted in [false, true] {
                var sum = LossSum(link: .logistic)
                var expected = 0.0
                for row in 0..<count {
                    let z = Double.random(in: -30...30, using: &random)
                    // Mostly right and wrong answers; every seventh a graded score.
                    let target = row % 7 == 0 ? Double.random(in: 0...1, using: &random) : (Double.random(in: 0...1, using: &random) < 0.5 ? 0 : 1)
                    let weight = weighted && row % 3 == 0 ? Double.random(in: 0.1...3, using: &random) : 1
                    sum.add(z: z, target: target, weight: weight)
                    expected += naiveLoss(z: z, target: target, weight: weight)
                }
                XCTAssertEqual(sum.value, expected, accuracy: 1e-12 * max(1, expected), "\(count) rows, weighted \(weighted)")
            }
        }
    }

    func testConfidentRowsKeepTheirSmallLoss() {
        // 600 right answers at logit 20: each loses log(1 + e^−20) ≈ 2.06e-9, which the linear
        // part cannot carry (it is 0 for them); the product must, to within the documented ulp of 1
        // per row (`1 + e` rounds e to a multiple of 2^−52).
        var sum = LossSum(link: .logistic)
        for _ in 0..<600 { sum.add(z: 20, target: 1, weight: 1) }
        XCTAssertEqual(sum.value, 600 * log1p(exp(-20)), accuracy: 600 * Double.ulpOfOne)
        XCTAssertGreaterThan(sum.value, 0)
    }

    func testTheIdentityLinkSumsHalfTheSquaredErrors() {
        var sum = LossSum(link: .gaussian)
        sum.add(z: 0.25, target: 1, weight: 2)   // ½·2·0.75² = 0.5625
        sum.add(z: 1.5, target: 0.5, weight: 1)  // ½·1·1² = 0.5
        XCTAssertEqual(sum.value, 1.0625, accuracy: 1e-15)
    }

    func testANonFiniteLogitGivesANonFiniteSum() {
        var sum = LossSum(link: .logistic)
        sum.add(z: 0.3, target: 1, weight: 1)
        sum.add(z: .nan, target: 1, weight: 1)
        XCTAssertFalse(sum.value.isFinite)
    }
}
