#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Deterministic pseudo-random numbers: xoshiro256** seeded through SplitMix64.
///
/// Everything here is our own arithmetic, so a seed gives the same numbers on every
/// platform and toolchain (the standard library's `random(in:using:)` algorithms may change).
/// Independent streams come from one seed: `SeededRandom(seed: s, stream: n)`, which lets
/// each student, each part of the truth and each pilot run draw without disturbing the others.
public struct SeededRandom: RandomNumberGenerator, Sendable, Hashable {
    private var s0, s1, s2, s3: UInt64
    /// Box–Muller makes normals in pairs; the second waits here.
    private var spareNormal: Double?

    public init(seed: UInt64, stream: UInt64 = 0) {
        var seeder = SplitMix64(state: seed)
        var streamSeeder = SplitMix64(state: seeder.next() ^ SplitMix64.mix(stream &+ 0x632B_E59B_D9B4_E019))
        s0 = streamSeeder.next()
        s1 = streamSeeder.next()
        s2 = streamSeeder.next()
        s3 = streamSeeder.next()
        // xoshiro's only bad state is all zeros; SplitMix64 output makes it practically impossible.
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// The next 64 random bits (xoshiro256**).
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = (s1 &* 5).rotatedLeft(by: 7) &* 9
        let shifted = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = s3.rotatedLeft(by: 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform integer in `0..<upperBound`, without modulo bias (Lemire's multiply-and-reject).
    @inline(__always)
    public mutating func nextInt(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "upper bound must be positive")
        let bound = UInt64(upperBound)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return Int(product.high)
    }

    /// Uniform integer in a closed range.
    public mutating func nextInt(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + nextInt(below: range.upperBound - range.lowerBound + 1)
    }

    /// Standard normal by the Box–Muller transform.
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        // 1 - u lies in (0, 1], so the logarithm is finite.
        let radius = (-2 * log(1 - nextUniform())).squareRoot()
        let angle = 2 * Double.pi * nextUniform()
        spareNormal = radius * sin(angle)
        return radius * cos(angle)
    }

    public mutating func nextNormal(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * nextNormal()
    }

    /// `true` with probability `probability`; always consumes exactly one uniform, so a stream
    /// stays aligned whatever the outcomes (the μ calibration relies on that).
    @inline(__always)
    public mutating func nextBernoulli(_ probability: Double) -> Bool {
        nextUniform() < probability
    }
}

/// SplitMix64: turns one 64-bit seed into well-mixed seeds for xoshiro.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotatedLeft(by count: UInt64) -> UInt64 {
        (self << count) | (self >> (64 &- count))
    }
}
