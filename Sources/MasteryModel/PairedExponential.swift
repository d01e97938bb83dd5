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
/// `0.35¹⁴/14! ≈ 4·10⁻¹⁸`, under a twentieth of an ulp of the result), then `2ⁿ` written into
/// the exponent bits. The nearest integer comes from adding `1.5·2⁵²`, which needs only SSE2.
/// Within 1 ulp of the C library's `exp` (tested). A lane outside [−708, 709], where `2ⁿ` would
/// leave the normal exponents, or NaN, is answered by `exp` itself; the other lane keeps the
/// series' value, so a result never depends on its neighbour.
enum PairedExponential {
    private static let log2e = 1.4426950408889634
    private static let ln2Hi = 6.93147180369123816490e-01
    private static let ln2Lo = 1.90821492927058770002e-10
    /// 1.5·2⁵²: adding it leaves the nearest integer in the low bits of the significand.
    private static let shifter = 6_755_399_441_055_744.0

    @inline(__always)
    static func exp(_ x: SIMD2<Double>) -> SIMD2<Double> {
        // False for NaN too.
        let inRange = (x .>= SIMD2(repeating: -708)) .& (x .<= SIMD2(repeating: 709))
        guard all(inRange) else {
            let series = reduced(x.replacing(with: 0, where: .!inRange))
            return SIMD2(inRange[0] ? series[0] : scalarExp(x[0]), inRange[1] ? series[1] : scalarExp(x[1]))
        }
        return reduced(x)
    }

    /// The series for arguments in [−708, 709].
    @inline(__always)
    private static func reduced(_ x: SIMD2<Double>) -> SIMD2<Double> {
        let shifted = x * log2e + shifter
        let n = shifted - shifter
        let r = (x - n * ln2Hi) - n * ln2Lo
        // e^r − 1 = r·(1/1! + r/2! + … + r¹²/13!), the polynomial by Estrin's scheme: pairs,
        // then pairs of pairs with r², r⁴ and r⁸, so the chain of dependent operations is six
        // long instead of Horner's thirteen.
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        let a0 = r * (1.0 / 2) + 1, a1 = r * (1.0 / 24) + 1.0 / 6
        let a2 = r * (1.0 / 720) + 1.0 / 120, a3 = r * (1.0 / 40_320) + 1.0 / 5_040
        let a4 = r * (1.0 / 3_628_800) + 1.0 / 362_880, a5 = r * (1.0 / 479_001_600) + 1.0 / 39_916_800
        let b0 = a1 * r2 + a0, b1 = a3 * r2 + a2, b2 = a5 * r2 + a4
        let polynomial = ((b2 + r4 * (1.0 / 6_227_020_800)) * r8 + (b1 * r4 + b0))
        let expm1 = r * polynomial
        // The low bits of `shifted` hold n (two's complement); n + 1023 into the exponent field.
        let exponent = (unsafeBitCast(shifted, to: SIMD2<UInt64>.self) &- shifter.bitPattern &+ 1023) &<< 52
        return (1 + expm1) * unsafeBitCast(exponent, to: SIMD2<Double>.self)
    }

    /// `values[i] = e^values[i]` in place, two at a time.
    static func exponentiate(_ values: UnsafeMutableBufferPointer<Double>) {
        guard let base = values.baseAddress else { return }
        var index = 0
        // Two pairs per turn: independent chains for the out-of-order core to overlap.
        while index &+ 4 <= values.count {
            let pointer = UnsafeMutableRawPointer(base + index)
            let x = pointer.loadUnaligned(as: SIMD2<Double>.self), y = pointer.loadUnaligned(fromByteOffset: 16, as: SIMD2<Double>.self)
            let (ex, ey) = (exp(x), exp(y))
            pointer.storeBytes(of: ex, as: SIMD2<Double>.self)
            pointer.storeBytes(of: ey, toByteOffset: 16, as: SIMD2<Double>.self)
            index &+= 4
        }
        while index &+ 2 <= values.count {
            let pointer = UnsafeMutableRawPointer(base + index)
            pointer.storeBytes(of: exp(pointer.loadUnaligned(as: SIMD2<Double>.self)), as: SIMD2<Double>.self)
            index &+= 2
        }
        if index < values.count { values[index] = exp(SIMD2(repeating: values[index]))[0] }
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
