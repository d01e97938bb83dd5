#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MasteryData
@testable import MasteryModel
import XCTest

/// The two-lane exponential against the C library's `exp`, in units in the last place.
final class PairedExponentialTests: XCTestCase {
    /// Distance in representable doubles between two finite positive values.
    private func ulps(_ a: Double, _ b: Double) -> UInt64 {
        let (x, y) = (a.bitPattern, b.bitPattern)
        return x > y ? x - y : y - x
    }

    func testWithinOneUlpOfTheCLibraryAcrossTheWholeRange() {
        var random = SeededRandom(seed: 77)
        var worst: UInt64 = 0, differing = 0
        let ranges: [ClosedRange<Double>] = [-708...709, -40...40, -1...1, -1e-6...1e-6]
        for range in ranges {
            func draw() -> Double { range.lowerBound + (range.upperBound - range.lowerBound) * random.nextUniform() }
            for _ in 0..<50_000 {
                let pair = SIMD2(draw(), draw())
                let result = PairedExponential.exp(pair)
                for lane in 0..<2 {
                    let distance = ulps(result[lane], exp(pair[lane]))
                    worst = max(worst, distance)
                    if distance > 0 { differing += 1 }
                }
            }
        }
        XCTAssertLessThanOrEqual(worst, 1, "largest difference from exp in ulps")
        // Not bit-identical: the series' last rounding lands on the other neighbour now and then.
        XCTAssertGreaterThan(differing, 0, "a test that never meets a difference cannot show its bound")
    }

    func testExactValuesAndTheEdgesOfTheFastRange() {
        XCTAssertEqual(PairedExponential.exp(SIMD2(0, -0)), SIMD2(1, 1))
        let ln2 = 0.693_147_180_559_945_3
        for x in [1.0, -1, 2, 10, -10, 0.5 * ln2, ln2, -ln2, 700, -700, 708.9, -707.9, 709, -708] {
            let result = PairedExponential.exp(SIMD2(repeating: x))
            XCTAssertLessThanOrEqual(ulps(result[0], exp(x)), 1, "x = \(x)")
            XCTAssertEqual(result[0], result[1])
        }
        // Outside [−708, 709] the C library answers: subnormals, zero, infinity and NaN.
        for x in [-708.5, -720, -745.2, -800, 709.5, 710, .infinity, -.infinity] {
            XCTAssertEqual(PairedExponential.exp(SIMD2(x, x))[0], exp(x), "x = \(x)")
        }
        XCTAssertTrue(PairedExponential.exp(SIMD2(.nan, .nan))[0].isNaN)
    }

    /// A lane's value never depends on its neighbour, even when the neighbour leaves the range
    /// of the series (an interval or probability must not depend on which skill sits beside it).
    func testEachLaneIgnoresItsNeighbour() {
        var random = SeededRandom(seed: 78)
        for _ in 0..<2_000 {
            let x = -30 + 60 * random.nextUniform()
            let alone = PairedExponential.exp(SIMD2(x, 0))[0]
            for neighbour in [800, -800, .nan, .infinity, 3] as [Double] {
                XCTAssertEqual(PairedExponential.exp(SIMD2(x, neighbour))[0], alone, "x = \(x), beside \(neighbour)")
                XCTAssertEqual(PairedExponential.exp(SIMD2(neighbour, x))[1], alone, "x = \(x), beside \(neighbour)")
            }
        }
        let nan = PairedExponential.exp(SIMD2(.nan, 1))
        XCTAssertTrue(nan[0].isNaN)
        XCTAssertEqual(nan[1], PairedExponential.exp(SIMD2(1, 1))[1])
    }

    func testExponentiateCoversOddCountsAndMatchesThePairs() {
        for count in [0, 1, 2, 3, 4, 5, 7, 8, 9] {
            let xs = (0..<count).map { Double($0) * 0.37 - 0.5 }
            var values = xs
            values.withUnsafeMutableBufferPointer { PairedExponential.exponentiate($0) }
            for (x, value) in zip(xs, values) {
                XCTAssertEqual(value, PairedExponential.exp(SIMD2(repeating: x))[0], "count \(count), x = \(x)")
            }
        }
        PairedExponential.exponentiate(UnsafeMutableBufferPointer(start: nil, count: 0))
    }
}
