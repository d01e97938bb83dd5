import CLinearAlgebra

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Control of, and a report on, the BLAS library the process actually loaded.
///
/// The package links Debian's generic `libblas.so.3`, so which implementation runs is decided
/// at run time by the alternatives system (reference BLAS or OpenBLAS). OpenBLAS-specific
/// functions are therefore looked up with `dlsym` rather than linked: the same binary works,
/// and reports honestly, with either library.
public enum BLASRuntime {
    /// How ``setThreadCount(_:)`` applied the request.
    public enum ThreadControl: Sendable, Hashable {
        /// `openblas_set_num_threads` was called; it takes effect immediately.
        case runtime
        /// No loaded library exports `openblas_set_num_threads`, so `OPENBLAS_NUM_THREADS` and
        /// `OMP_NUM_THREADS` were set. These are read when a threaded BLAS initialises, which
        /// for a linked library is before `main`, so this route only helps libraries loaded
        /// later (or child processes); with reference BLAS, which never spawns threads, it is moot.
        case environment
    }

    /// Limits the BLAS library to `n` threads.
    ///
    /// Lotrinh's engine runs many small BLAS calls from its own parallel loops, where OpenBLAS's
    /// own threads make each call several times slower, so it calls `setThreadCount(1)` once at
    /// start, before it starts threads of its own (`setenv`, the fallback, is not thread-safe).
    /// OpenBLAS caps `n` at the number of processors it detected.
    @discardableResult
    public static func setThreadCount(_ n: Int) -> ThreadControl {
        precondition(n >= 1, "BLASRuntime.setThreadCount: \(n) threads requested; at least 1 is needed")
        if let symbol = globalSymbol("openblas_set_num_threads") {
            let setNumThreads = unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Void).self)
            setNumThreads(Int32(clamping: n))
            return .runtime
        }
        setenv("OPENBLAS_NUM_THREADS", String(n), 1)
        setenv("OMP_NUM_THREADS", String(n), 1)
        return .environment
    }

    /// The number of threads OpenBLAS will use, or `nil` when no loaded library exports
    /// `openblas_get_num_threads` (reference BLAS is single-threaded).
    public static var threadCount: Int? {
        guard let symbol = globalSymbol("openblas_get_num_threads") else { return nil }
        let getNumThreads = unsafeBitCast(symbol, to: (@convention(c) () -> Int32).self)
        return Int(getNumThreads())
    }

    /// Which BLAS implementation provides `cblas_dgemm` in this process, and where it was loaded from.
    public static var implementation: BLASImplementation {
        let dgemm: @convention(c) (
            CBLAS_LAYOUT, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, Int32, Int32, Int32, Double,
            UnsafePointer<Double>?, Int32, UnsafePointer<Double>?, Int32, Double, UnsafeMutablePointer<Double>?, Int32
        ) -> Void = cblas_dgemm
        let dpotrf: @convention(c) (
            UnsafePointer<CChar>?, UnsafePointer<Int32>?, UnsafeMutablePointer<Double>?, UnsafePointer<Int32>?,
            UnsafeMutablePointer<Int32>?, Int
        ) -> Void = dpotrf_
        let blas = sharedObject(containing: unsafeBitCast(dgemm, to: UnsafeRawPointer.self))
        let lapack = sharedObject(containing: unsafeBitCast(dpotrf, to: UnsafeRawPointer.self))

        // Ask the object that provides dgemm (and its dependencies) rather than the whole process:
        // an OpenBLAS pulled in only by LAPACK must not make reference BLAS look like OpenBLAS.
        let configuration = blas.flatMap { object -> String? in
            guard let getConfig = symbol("openblas_get_config", inObjectNamed: object.loadedName) else { return nil }
            let function = unsafeBitCast(getConfig, to: (@convention(c) () -> UnsafePointer<CChar>?).self)
            return function().map { String(cString: $0) }
        }
        let path = blas?.resolvedPath ?? ""
        let kind: BLASImplementation.Kind =
            if configuration != nil {
                .openBLAS
            } else if isDebianReferenceBLAS(path) {
                .reference
            } else {
                .other
            }
        return BLASImplementation(
            kind: kind, libraryPath: path, configuration: configuration, lapackLibraryPath: lapack?.resolvedPath)
    }

    private static func globalSymbol(_ name: String) -> UnsafeMutableRawPointer? {
        // RTLD_DEFAULT is ((void *) 0) in glibc but is not imported into Swift.
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)
    }

    private static func symbol(_ name: String, inObjectNamed objectName: String) -> UnsafeMutableRawPointer? {
        // RTLD_NOLOAD only finds an object that is already loaded; the handle adds a reference,
        // released below, so nothing is loaded or unloaded by asking.
        guard let handle = dlopen(objectName, RTLD_LAZY | RTLD_NOLOAD) else { return nil }
        defer { dlclose(handle) }
        return dlsym(handle, name)
    }

    private static func sharedObject(containing address: UnsafeRawPointer) -> (loadedName: String, resolvedPath: String)? {
        #if canImport(Glibc)
        var info = LotrinhDlInfo()
        guard lotrinh_dladdr(address, &info) != 0, let name = info.dli_fname else { return nil }
        #else
        var info = Dl_info()
        guard dladdr(address, &info) != 0, let name = info.dli_fname else { return nil }
        #endif
        let loadedName = String(cString: name)
        // The loaded name goes through Debian's alternatives symlinks; the real path says which
        // implementation it is.
        guard let resolved = realpath(name, nil) else { return (loadedName, loadedName) }
        defer { free(resolved) }
        return (loadedName, String(cString: resolved))
    }

    /// Debian installs the Netlib reference BLAS as `…/blas/libblas.so.3`; OpenBLAS, BLIS and
    /// others live in their own directories (`openblas-pthread/`, `blis-pthread/`, …).
    static func isDebianReferenceBLAS(_ path: String) -> Bool {
        let components = path.split(separator: "/")
        return components.count >= 2 && components[components.count - 2] == "blas"
            && components[components.count - 1].hasPrefix("libblas.so")
    }
}

/// The BLAS implementation loaded in this process, for `--version` and `inspect` output.
public struct BLASImplementation: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case openBLAS
        case reference
        case other
    }

    public let kind: Kind
    /// The real path (symlinks resolved) of the shared object that provides `cblas_dgemm`;
    /// empty only if the dynamic loader cannot say.
    public let libraryPath: String
    /// OpenBLAS's build description from `openblas_get_config`, such as
    /// `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64`; `nil` for other libraries.
    public let configuration: String?
    /// The real path of the shared object that provides LAPACK's `dpotrf`, chosen by a separate
    /// alternative from BLAS on Debian.
    public let lapackLibraryPath: String?

    /// One line, such as
    /// `OpenBLAS 0.3.21 (DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64) at /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3`.
    public var description: String {
        let location = libraryPath.isEmpty ? "an unknown location" : libraryPath
        switch kind {
        case .openBLAS:
            // The config string starts with "OpenBLAS <version>"; the rest are build options.
            let words = (configuration ?? "OpenBLAS").split(separator: " ", omittingEmptySubsequences: true)
            let name = words.prefix(2).joined(separator: " ")
            let options = words.dropFirst(2).joined(separator: " ")
            return options.isEmpty ? "\(name) at \(location)" : "\(name) (\(options)) at \(location)"
        case .reference:
            return "reference BLAS (Netlib) at \(location)"
        case .other:
            return "BLAS at \(location)"
        }
    }
}
