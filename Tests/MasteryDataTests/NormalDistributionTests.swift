import Foundation
import MasteryData
import XCTest

/// The one normal quantile every interval uses, against an independent computation.
final class NormalDistributionTests: XCTestCase {
    /// `z` with `P(|N(0,1)| ≤ z) = level` by bisection on `erfc` (60 halvings of [0, 40] reach
    /// double precision): slow and exact, unlike the rational approximation under test.
    private func bisected(_ level: Double) -> Double {
        var low = 0.0, high = 40.0
        for _ in 0..<60 {
            let middle = (low + high) / 2
            if erfc(middle / 2.0.squareRoot()) > 1 - level { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    func testTwoSidedQuantilesMatchBisectionOnErfc() {
        // Known values: 1.959963984540054 for 0.95, 2.5758293035489 for 0.99.
        XCTAssertEqual(NormalDistribution.twoSidedQuantile(0.95), 1.959963984540054, accuracy: 1e-8)
        XCTAssertEqual(NormalDistribution.twoSidedQuantile(0.99), 2.5758293035489004, accuracy: 1e-8)
        for level in [0.01, 0.2, 0.5, 0.8, 0.9, 0.95, 0.975, 0.99, 0.999, 0.999999] {
            let expected = bisected(level)
            XCTAssertEqual(NormalDistribution.twoSidedQuantile(level), expected, accuracy: 2e-9 * max(1, expected), "level \(level)")
        }
    }

    /// (Not at tiny p: `1 - p` is rounded there, so the two sides ask for different points.)
    func testQuantileIsOddAroundTheMedian() {
        for p in [1e-4, 0.01, 0.02425, 0.1, 0.3, 0.5] {
            XCTAssertEqual(NormalDistribution.quantile(p), -NormalDistribution.quantile(1 - p), accuracy: 1e-12, "p \(p)")
        }
        XCTAssertEqual(NormalDistribution.quantile(0.5), 0)
    }
}
