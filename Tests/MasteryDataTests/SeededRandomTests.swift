import MasteryData
import XCTest

final class SeededRandomTests: XCTestCase {
    func testSameSeedAndStreamGiveTheSameSequence() {
        var first = SeededRandom(seed: 42, stream: 7)
        var second = SeededRandom(seed: 42, stream: 7)
        for _ in 0..<1_000 {
            XCTAssertEqual(first.next(), second.next())
        }
        XCTAssertEqual(first.nextNormal(), second.nextNormal())
    }

    func testSeedsAndStreamsDiffer() {
        let reference = Self.prefix(SeededRandom(seed: 42, stream: 0))
        XCTAssertNotEqual(reference, Self.prefix(SeededRandom(seed: 43, stream: 0)))
        XCTAssertNotEqual(reference, Self.prefix(SeededRandom(seed: 42, stream: 1)))
        XCTAssertNotEqual(Self.prefix(SeededRandom(seed: 0)), Self.prefix(SeededRandom(seed: 1)))
    }

    /// Published synthetic datasets are reproduced from their seed; a change of algorithm must be
    /// a deliberate, visible decision, so the first outputs are pinned.
    func testSequenceIsPinned() {
        var random = SeededRandom(seed: 2018)
        let values = (0..<3).map { _ in random.next() }
        XCTAssertEqual(values, Self.pinned, "SeededRandom's algorithm or seeding changed")
    }

    func testUniformMoments() {
        var random = SeededRandom(seed: 1)
        let count = 200_000
        var sum = 0.0, sumOfSquares = 0.0
        for _ in 0..<count {
            let value = random.nextUniform()
            XCTAssertTrue(value >= 0 && value < 1)
            sum += value
            sumOfSquares += value * value
        }
        let mean = sum / Double(count)
        XCTAssertEqual(mean, 0.5, accuracy: 0.005)
        XCTAssertEqual(sumOfSquares / Double(count) - mean * mean, 1.0 / 12, accuracy: 0.002)
    }

    func testNormalMoments() {
        var random = SeededRandom(seed: 2)
        let values = (0..<200_000).map { _ in random.nextNormal(mean: 3, standardDeviation: 2) }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        let kurtosis = values.reduce(0) { $0 + pow(($1 - mean), 4) } / Double(values.count) / (variance * variance)
        XCTAssertEqual(mean, 3, accuracy: 0.02)
        XCTAssertEqual(variance, 4, accuracy: 0.06)
        XCTAssertEqual(kurtosis, 3, accuracy: 0.08)
        let withinOneSigma = values.count(where: { abs($0 - 3) < 2 })
        XCTAssertEqual(Double(withinOneSigma) / Double(values.count), 0.6827, accuracy: 0.005)
    }

    func testBernoulliRate() {
        var random = SeededRandom(seed: 3)
        let hits = (0..<100_000).count(where: { _ in random.nextBernoulli(0.65) })
        XCTAssertEqual(Double(hits) / 100_000, 0.65, accuracy: 0.006)
        XCTAssertFalse(random.nextBernoulli(0))
        XCTAssertTrue(random.nextBernoulli(1))
    }

    func testBoundedIntegersCoverTheirRangeEvenly() {
        var random = SeededRandom(seed: 4)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 {
            counts[random.nextInt(below: 7)] += 1
        }
        // Chi-square with 6 degrees of freedom: 22.5 is beyond the 0.999 quantile.
        let chiSquare = counts.reduce(0.0) { $0 + pow(Double($1) - 10_000, 2) / 10_000 }
        XCTAssertLessThan(chiSquare, 22.5, "\(counts)")
        for _ in 0..<1_000 {
            XCTAssertTrue((3...5).contains(random.nextInt(in: 3...5)))
        }
    }

    private static func prefix(_ generator: SeededRandom) -> [UInt64] {
        var generator = generator
        return (0..<4).map { _ in generator.next() }
    }

    /// Also what a transcription of the reference xoshiro256** and SplitMix64 C code gives for
    /// this seeding, so the values check the algorithm as well as its stability.
    private static let pinned: [UInt64] = [14_673_589_808_184_189_728, 4_832_314_435_427_037_221, 8_495_913_533_890_706_234]
}
