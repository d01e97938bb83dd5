import ArgumentParser
import Foundation
import LinearAlgebra
import MasteryData

/// The small Cholesky solve of every per-student Newton step, in Swift and in LAPACK, so the
/// order at which ``SmallCholesky`` hands over to LAPACK rests on a measurement.
struct CholeskyBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cholesky",
        abstract: "Median latency of one n×n positive-definite solve: SmallCholesky vs LAPACK dposv (single thread).",
        discussion: "Example:\n  lotrinh-bench cholesky --orders 17,33,65"
    )

    @Option(help: "Matrix orders, comma-separated.")
    var orders = "9,17,33,49,65"
    @Option var repetitions = 20000

    func run() throws {
        print(Machine.description)
        BLASRuntime.setThreadCount(1)
        for n in orders.split(separator: ",").compactMap({ Int($0) }) {
            // A well-conditioned SPD matrix like a ridge step's: B·Bᵀ/n + I.
            var random = SeededRandom(seed: UInt64(n))
            let b = (0..<(n * n)).map { _ in random.nextNormal() }
            var matrix = [Double](repeating: 0, count: n * n)
            for i in 0..<n {
                for j in 0..<n {
                    var sum = 0.0
                    for k in 0..<n { sum += b[i * n + k] * b[j * n + k] }
                    matrix[j * n + i] = sum / Double(n) + (i == j ? 1 : 0)
                }
            }
            let rhs = (0..<n).map { _ in random.nextNormal() }
            func median(_ solve: (MutableMatrixView, UnsafeMutablePointer<Double>) throws -> Void) rethrows -> Double {
                var a = matrix
                var x = rhs
                var times: [Double] = []
                times.reserveCapacity(repetitions)
                try a.withUnsafeMutableBufferPointer { a in
                    try x.withUnsafeMutableBufferPointer { x in
                        for _ in 0..<repetitions {
                            _ = a.update(fromContentsOf: matrix)
                            _ = x.update(fromContentsOf: rhs)
                            let start = DispatchTime.now().uptimeNanoseconds
                            try solve(MutableMatrixView(baseAddress: a.baseAddress!, rows: n, columns: n), x.baseAddress!)
                            times.append(Double(DispatchTime.now().uptimeNanoseconds - start))
                        }
                    }
                }
                return times.sorted()[times.count / 2]
            }
            let swift = try median { a, x in try SmallCholesky.solve(a, b: MutableVectorView(baseAddress: x, count: n)) }
            let lapack = try median { a, x in
                try LAPACK.solvePositiveDefinite(a, b: MutableMatrixView(baseAddress: x, rows: n, columns: 1))
            }
            print(String(format: "cholesky: n = %3d: SmallCholesky %.2f µs, LAPACK dposv %.2f µs%@", n, swift / 1e3, lapack / 1e3,
                         n > SmallCholesky.largestOrder ? " (SmallCholesky hands this order to LAPACK)" : ""))
        }
    }
}
