import MasteryModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A running sum of rows' weighted losses — the log-loss for the logistic link, half the squared
/// error for the identity — that takes the log-loss's logarithms in bulk.
///
/// A logistic row's loss is `(max(z, 0) − y·z) + log(1 + e)` with `e = e^{−|z|}`, as in
/// ``RidgeNewtonSolver/logLoss(target:logit:)``. For rows of weight 1 the logarithms of up to
/// ``factorsPerLogarithm`` rows are taken as one, `Σ log(1 + e_r) = log Π (1 + e_r)`: each factor
/// lies in (1, 2], so the product cannot overflow, and a sweep's row loops no longer pay one `log`
/// per row (6 % of a sweep on the province-scale file, `perf`). Each factor's rounding adds at most
/// an ulp of 1 to its row's loss, the same as `log(1 + e)` row by row; a row of another weight keeps
/// its own logarithm.
struct LossSum {
    /// 512 factors of at most 2 stay below 2^512, far from overflow (2^1024). (Computed: a stored
    /// static costs a `swift_once` check per row.)
    static var factorsPerLogarithm: Int { 512 }

    private let link: ModelKind
    private var linear = 0.0
    private var logarithms = 0.0
    private var product = 1.0
    private var factors = 0

    init(link: ModelKind) {
        self.link = link
    }

    /// Adds the loss of one row with logit `z`, outcome `target` and weight `weight`.
    @inline(__always)
    mutating func add(z: Double, target: Double, weight: Double) {
        switch link {
        case .gaussian:
            linear += 0.5 * weight * (target - z) * (target - z)
        case .logistic:
            // The linear part apart from the logarithm: for a right answer at a large logit it
            // cancels to 0 exactly and leaves the small loss to the logarithm.
            if weight == 1 {
                linear += max(z, 0) - target * z
                product *= 1 + exp(-abs(z))
                factors += 1
                if factors == Self.factorsPerLogarithm {
                    logarithms += log(product)
                    product = 1
                    factors = 0
                }
            } else {
                logarithms += weight * RidgeNewtonSolver.logLoss(target: target, logit: z)
            }
        }
    }

    /// The sum of the losses added so far.
    var value: Double {
        factors == 0 ? linear + logarithms : linear + (logarithms + log(product))
    }
}
