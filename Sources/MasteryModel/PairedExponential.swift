#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `eˣ` for two doubles at once, for the loops that take one exponential per skill (a
/// request's thousand probabilities and its intervals), where `exp` calls were a fifth of the
/// arithmetic: the baseline x86-64 target has no vector `exp`, and the call cannot be unrolled.
///
/// The classic reduction `x = n·ln 2 + r` with `|r| ≤ ln 2 / 2` (`ln 2` split in two so `n·ln2Hi`
/// is exact), `e^r − 1` by its Taylor series to `r¹³` (the first term left out is below
/// `0.35¹⁴/14! ≈ 4·10⁻¹⁸`, under a fiftieth of an ulp of the result), then `2ⁿ` written into
/// the exponent bits. The nearest integer comes from adding `1.5·2⁵²`, which needs only SSE2.
/// Within 1 ulp of the C library's `exp` (tested); arguments outside [−708, 709] (whose
/// results are subnormal or overflow) and NaN go to `exp` itself, lane by lane.
enum PairedExponential {
    private static let log2e = 1.4426950408889634
    private static let ln2Hi = 6.93147180369123816490e-01
    private static let ln2Lo = 1.90821492927058770002e-10
    /// 1.5·2⁵²: adding it leaves the nearest integer in the low bits of the significand.
    private static let shifter = 6_755_399_441_055_744.0

    @inline(__always)
    static func exp(_ x: SIMD2<Double>) -> SIMD2<Double> {
        // Written as `!(x >= …)` so that NaN fails too.
        guard all(x .>= SIMD2(repeating: -708)) && all(x .<= SIMD2(repeating: 709)) else {
            return SIMD2(scalarExp(x[0]), scalarExp(x[1]))
        }
        let shifted = x * log2e + shifter
        let n = shifted - shifter
        let r = (x - n * ln2Hi) - n * ln2Lo
        // e^r − 1 = r + r²/2! + … + r¹³/13!, by Horner.
        var sum = SIMD2<Double>(repeating: 1 / 6_227_020_800)
        sum = sum * r + 1 / 479_001_600
        sum = sum * r + 1 / 39_916_800
        sum = sum * r + 1 / 3_628_800
        sum = sum * r + 1 / 362_880
        sum = sum * r + 1 / 40_320
        sum = sum * r + 1 / 5_040
        sum = sum * r + 1 / 720
        sum = sum * r + 1 / 120
        sum = sum * r + 1 / 24
        sum = sum * r + 1 / 6
        sum = sum * r + 0.5
        sum = sum * r + 1
        let expm1 = sum * r
        // The low bits of `shifted` hold n (two's complement); n + 1023 into the exponent field.
        let exponent = (unsafeBitCast(shifted, to: SIMD2<UInt64>.self) &- shifter.bitPattern &+ 1023) &<< 52
        return (1 + expm1) * unsafeBitCast(exponent, to: SIMD2<Double>.self)
    }

    /// `values[i] = e^(sign · values[i])` in place, two at a time.
    static func exponentiate(_ values: UnsafeMutableBufferPointer<Double>, sign: Double = 1) {
        let base = values.baseAddress!
        var index = 0
        while index &+ 2 <= values.count {
            let pointer = UnsafeMutableRawPointer(base + index)
            let x = pointer.loadUnaligned(as: SIMD2<Double>.self)
            pointer.storeBytes(of: exp(x * sign), as: SIMD2<Double>.self)
            index &+= 2
        }
        if index < values.count { values[index] = exp(SIMD2(repeating: sign * values[index]))[0] }
    }

    @inline(never)
    private static func scalarExp(_ x: Double) -> Double {
        #if canImport(Glibc)
        Glibc.exp(x)
        #else
        Darwin.exp(x)
        #endif
    }
}
