import CLinearAlgebra

/// Level-1 kernels for vectors of a few dozen values (one student's or skill's factors), inlined
/// into the hot loops that call them once per row: a BLAS call costs more than their arithmetic.
public enum SmallKernels {
    /// `Σ x[j]·y[j]` over `count` values, in four interleaved partial sums (the compiler keeps
    /// them in vector registers; the summation order is fixed, so results are reproducible).
    @inlinable @inline(__always)
    public static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
        var sum0 = 0.0, sum1 = 0.0, sum2 = 0.0, sum3 = 0.0
        var index = 0
        while index + 4 <= count {
            sum0 += x[index] * y[index]
            sum1 += x[index + 1] * y[index + 1]
            sum2 += x[index + 2] * y[index + 2]
            sum3 += x[index + 3] * y[index + 3]
            index += 4
        }
        while index < count {
            sum0 += x[index] * y[index]
            index += 1
        }
        return (sum0 + sum1) + (sum2 + sum3)
    }

    /// `output[j] = factor · input[j]` for `count` values (`output` may be `input`).
    @inlinable @inline(__always)
    public static func scale(_ input: UnsafePointer<Double>, by factor: Double, into output: UnsafeMutablePointer<Double>, count: Int) {
        for j in 0..<count { output[j] = factor * input[j] }
    }

    /// `output[j] += factor · input[j]` for `count` values.
    @inlinable @inline(__always)
    public static func addScaled(_ input: UnsafePointer<Double>, by factor: Double, into output: UnsafeMutablePointer<Double>, count: Int) {
        for j in 0..<count { output[j] += factor * input[j] }
    }
}

extension SmallKernels {
    /// Asks the cache to start loading the `count` values at `values` (a hint: no effect on
    /// results, and no fault for any address). For reads in an order the hardware prefetcher
    /// cannot guess, issued some iterations before the values are needed.
    @inlinable @inline(__always)
    public static func prefetch(_ values: UnsafePointer<Double>, count: Int) {
        let start = UnsafeRawPointer(values)
        let bytes = count * MemoryLayout<Double>.stride
        var offset = 0
        while offset < bytes {
            lotrinh_prefetch(start + offset)
            offset += 64
        }
        if bytes > 0 { lotrinh_prefetch(start + bytes - 1) }
    }
}
