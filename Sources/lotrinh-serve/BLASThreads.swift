#if canImport(Glibc)
import Glibc
#endif

/// OpenBLAS limited to one thread, before the server starts threads of its own.
///
/// Every request runs a few small BLAS calls (`strmm`, `dsyrk` over one student) on the request's
/// own thread; with OpenBLAS's worker threads each call handed its work to them and spun waiting
/// (`exec_blas_async` and `sched_yield` were the top of a profile under path load), so concurrent
/// requests fought over two cores. What `BLASRuntime.setThreadCount(1)` does for the trainer;
/// repeated here because `lotrinh-serve` may not import `LinearAlgebra` (DESIGN.md's table).
/// With reference BLAS (no such symbol) there is nothing to limit.
enum BLASThreads {
    static func limitToOne() {
        // RTLD_DEFAULT is ((void *) 0) in glibc but is not imported into Swift.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_set_num_threads") else { return }
        unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Void).self)(1)
    }
}
