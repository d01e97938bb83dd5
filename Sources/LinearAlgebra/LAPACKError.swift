/// A failure reported by a LAPACK routine through its `INFO` argument.
///
/// Every LAPACK call in this module goes through ``check(_:routine:)``, the one place that
/// turns `INFO` into an error, so a caller sees the same cases whichever routine failed.
public enum LAPACKError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The leading minor of order `leadingMinor` (1-based, as LAPACK reports it) is not
    /// positive, so the matrix is not positive definite and its Cholesky factor does not exist.
    /// In a ridge regression this means the regularization is too small for the data.
    case notPositiveDefinite(routine: String, leadingMinor: Int)

    /// Diagonal element `index` (1-based) of a Cholesky factor is exactly zero, so the matrix it
    /// factors is singular and has no inverse.
    case singularFactor(routine: String, index: Int)

    /// Argument `position` (1-based, in the Fortran routine's argument list) had an illegal
    /// value. The Swift wrappers validate shapes first, so this indicates a bug in this module.
    case illegalArgument(routine: String, position: Int)

    public var description: String {
        switch self {
        case .notPositiveDefinite(let routine, let minor):
            "\(routine): the matrix is not positive definite (its leading minor of order \(minor) is not positive)"
        case .singularFactor(let routine, let index):
            "\(routine): the Cholesky factor has a zero on its diagonal at position \(index), so the matrix is singular"
        case .illegalArgument(let routine, let position):
            "\(routine): argument \(position) had an illegal value"
        }
    }

    /// Maps LAPACK's `INFO` result to `Void` (zero) or a typed error.
    ///
    /// A negative `INFO` names an illegal argument for every routine; a positive one means
    /// something different per routine, which ``LAPACKRoutine`` records.
    static func check(_ info: Int32, routine: LAPACKRoutine) throws(LAPACKError) {
        let name = routine.rawValue
        if info < 0 {
            throw .illegalArgument(routine: name, position: Int(-info))
        }
        guard info > 0 else { return }
        switch routine {
        case .dpotrf, .dposv:
            throw .notPositiveDefinite(routine: name, leadingMinor: Int(info))
        case .dpotri, .dtrtri:
            throw .singularFactor(routine: name, index: Int(info))
        case .dpotrs:
            // dpotrs documents only INFO = 0 or < 0, so a positive value means a broken LAPACK.
            preconditionFailure("dpotrs returned undocumented INFO = \(info)")
        }
    }
}

/// The LAPACK routines this module calls, named as LAPACK names them.
enum LAPACKRoutine: String {
    case dpotrf, dpotrs, dposv, dpotri, dtrtri
}
