import CLinearAlgebra

/// Safe wrappers over the CBLAS routines Lotrinh uses, in double precision and column-major order.
///
/// The reference BLAS reports an illegal argument by calling `xerbla`, which prints and aborts
/// the process, so every wrapper validates dimensions with preconditions before calling: a bad
/// shape is a programmer error that traps with a message naming the routine, never a silent
/// abort inside the library. Outputs must not overlap the inputs (BLAS does not allow it).
public enum BLAS {}

/// Whether a routine uses a matrix as stored or its transpose.
public enum Transpose: Sendable, Hashable, CaseIterable {
    case noTranspose
    case transpose

    var cblas: CBLAS_TRANSPOSE {
        switch self {
        case .noTranspose: CblasNoTrans
        case .transpose: CblasTrans
        }
    }
}

/// Which triangle of a symmetric matrix (or of a triangular factor) a routine reads or writes.
public enum Triangle: Sendable, Hashable, CaseIterable {
    case upper
    case lower

    var cblas: CBLAS_UPLO {
        switch self {
        case .upper: CblasUpper
        case .lower: CblasLower
        }
    }

    /// The character LAPACK's Fortran interface expects for `UPLO`.
    var lapackCharacter: CChar {
        switch self {
        case .upper: CChar(UInt8(ascii: "U"))
        case .lower: CChar(UInt8(ascii: "L"))
        }
    }
}

/// Converts a dimension, stride or leading dimension to the 32-bit integer of the CBLAS and
/// LAPACK interfaces Debian ships (LP64), trapping with a clear message rather than truncating.
@inline(__always)
func blasInt(_ value: Int, _ what: StaticString, routine: StaticString) -> Int32 {
    guard let converted = Int32(exactly: value) else {
        preconditionFailure("\(routine): \(what) \(value) does not fit the 32-bit BLAS/LAPACK interface")
    }
    return converted
}
