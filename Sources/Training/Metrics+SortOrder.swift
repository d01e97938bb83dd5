extension Metrics {
    /// Bits of the key sorted per pass: 2048 counters stay in L1 and six passes cover the 62
    /// bits a probability's bit pattern can use.
    private static let radixBits = 11
    private static let radix = 1 << radixBits
    private static let passCount = (62 + radixBits - 1) / radixBits

    /// The rows ordered by ascending prediction, as the sorted keys (for finding ties without
    /// going back to the predictions) and a tag per row, `row << 1 | (outcome == 1 ? 1 : 0)`:
    /// carrying the outcome in the tag saves a random read per row afterwards, which on
    /// millions of rows costs as much as a sort pass.
    ///
    /// For a non-negative Double the bit pattern, read as an unsigned integer, orders exactly
    /// as the value does, and two predictions tie exactly when their keys are equal (−0 is
    /// mapped to +0 first). That lets a least-significant-digit radix sort replace a comparison
    /// sort: measured on 5 million random predictions, 0.35 s against 1.0 s for the standard
    /// library's `sort(by:)` on indices. It runs a fixed number of passes, allocates four
    /// arrays in all, and skips passes in which every key has the same digit.
    static func ascendingOrder(of predictions: [Double], outcomes: [Double]) -> (keys: [UInt64], tags: [UInt32]) {
        precondition(predictions.count < 1 << 31, "fewer than 2³¹ rows")
        let count = predictions.count
        var keys = predictions.map { $0 == 0 ? 0 : $0.bitPattern }
        var tags = [UInt32](unsafeUninitializedCapacity: count) { buffer, initialized in
            for row in 0..<count {
                buffer[row] = UInt32(truncatingIfNeeded: row) << 1 | (outcomes[row] == 1 ? 1 : 0)
            }
            initialized = count
        }
        // Counters for every pass from one read of the keys.
        var counters = [Int](repeating: 0, count: radix * passCount)
        keys.withUnsafeBufferPointer { keys in
            counters.withUnsafeMutableBufferPointer { counters in
                for key in keys {
                    for pass in 0..<passCount { counters[pass * radix + digit(of: key, pass: pass)] += 1 }
                }
            }
        }
        var scratchKeys = [UInt64](repeating: 0, count: count)
        var scratchTags = [UInt32](repeating: 0, count: count)
        for pass in 0..<passCount {
            let passCounters = pass * radix..<(pass + 1) * radix
            if counters[passCounters].contains(count) { continue }
            // Counts become each digit's first position in the output.
            var position = 0
            for index in passCounters {
                let digitCount = counters[index]
                counters[index] = position
                position += digitCount
            }
            keys.withUnsafeBufferPointer { keys in
                tags.withUnsafeBufferPointer { tags in
                    scratchKeys.withUnsafeMutableBufferPointer { scratchKeys in
                        scratchTags.withUnsafeMutableBufferPointer { scratchTags in
                            counters.withUnsafeMutableBufferPointer { counters in
                                for row in 0..<count {
                                    let key = keys[row]
                                    let slot = pass * radix + digit(of: key, pass: pass)
                                    let target = counters[slot]
                                    counters[slot] = target + 1
                                    scratchKeys[target] = key
                                    scratchTags[target] = tags[row]
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &scratchKeys)
            swap(&tags, &scratchTags)
        }
        return (keys, tags)
    }

    @inline(__always)
    private static func digit(of key: UInt64, pass: Int) -> Int {
        Int(truncatingIfNeeded: (key >> UInt64(pass * radixBits)) & UInt64(radix - 1))
    }
}
