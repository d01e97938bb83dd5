import Foundation

/// The offsets of a large import counted on several threads. The rows are cut into one
/// contiguous share per thread and each share counts its own keys; the shares' counts are then
/// summed per key, so the offsets are exactly those of one pass. One thread counting after the
/// parse was a tenth of a two-thread import (perf).
extension CompressedIndex {
    /// ``offsets(of:count:)``, counted on up to `threads` threads, each given at least
    /// `minimumShare` rows (fewer are counted faster by one thread).
    static func offsets(of keys: [UInt32], count: Int, threads: Int, minimumShare: Int = 1 << 20) -> [Int] {
        let bounds = shareBounds(rows: keys.count, threads: threads, minimumShare: minimumShare)
        guard bounds.count > 2 else { return offsets(of: keys, count: count) }
        let counts = countsPerShare(keys, keyCount: count, bounds: bounds)
        var offsets = [Int](repeating: 0, count: count + 1)
        for key in 0..<count {
            var total = offsets[key]
            for share in counts.indices { total += counts[share][key] }
            offsets[key + 1] = total
        }
        return offsets
    }

    /// Row numbers where the shares start, then the row count.
    private static func shareBounds(rows: Int, threads: Int, minimumShare: Int) -> [Int] {
        let shares = max(1, min(threads, rows / max(minimumShare, 1)))
        return (0...shares).map { $0 == shares ? rows : rows / shares * $0 }
    }

    /// How many rows of each share carry each key: `[share][key]`.
    private static func countsPerShare(_ keys: [UInt32], keyCount: Int, bounds: [Int]) -> [[Int]] {
        var counts = [[Int]](repeating: [], count: bounds.count - 1)
        keys.withUnsafeBufferPointer { keys in
            counts.withUnsafeMutableBufferPointer { counts in
                let shared = UncheckedSendable((keys, counts))
                DispatchQueue.concurrentPerform(iterations: bounds.count - 1) { share in
                    let (keys, counts) = shared.value
                    var local = [Int](repeating: 0, count: keyCount)
                    local.withUnsafeMutableBufferPointer { local in
                        for row in bounds[share]..<bounds[share + 1] { local[Int(keys[row])] += 1 }
                    }
                    counts[share] = local
                }
            }
        }
        return counts
    }
}
