@testable import MasteryData
import XCTest

/// The offsets counted on several threads against the one-pass builders, on keys drawn at random
/// (with keys no row carries) and cut into shares of a few rows.
final class CompressedIndexTests: XCTestCase {
    func testSharesGiveTheOnePassIndexes() {
        var random = SeededRandom(seed: 7)
        for (rows, keyCount) in [(0, 3), (1, 1), (17, 5), (1000, 40), (4099, 300)] {
            // Skewed, as skill popularity is: low keys often, a few keys never.
            let keys = (0..<rows).map { _ in UInt32(min(keyCount - 1, random.nextInt(below: keyCount) * random.nextInt(below: keyCount) / keyCount)) }
            let offsets = CompressedIndex.offsets(of: keys, count: keyCount)
            let rowsByKey = CompressedIndex.bucketRows(keys, offsets: offsets)
            for threads in [1, 2, 3, 8] {
                for minimumShare in [1, 5, 1 << 20] {
                    let label = "\(rows) rows, \(threads) threads, shares of at least \(minimumShare)"
                    XCTAssertEqual(CompressedIndex.offsets(of: keys, count: keyCount, threads: threads, minimumShare: minimumShare), offsets, label)
                }
            }
            // The one-pass builders by hand: every row once, under its key, ascending.
            for key in 0..<keyCount {
                let bucket = Array(rowsByKey[offsets[key]..<offsets[key + 1]])
                XCTAssertEqual(bucket, keys.indices.filter { keys[$0] == UInt32(key) }.map(UInt32.init))
            }
        }
    }
}
