import Foundation
@testable import LinearAlgebra
import XCTest

final class BLASRuntimeTests: XCTestCase {
    func testImplementationNamesARealLoadedLibrary() throws {
        let implementation = BLASRuntime.implementation
        XCTAssertFalse(implementation.libraryPath.isEmpty)
        // Compared with: the file system, independently of the dynamic loader.
        XCTAssertTrue(FileManager.default.fileExists(atPath: implementation.libraryPath), implementation.libraryPath)
        // Compared with: the kernel's list of this process's mappings; the library must really be loaded.
        // (String(contentsOfFile:) stops at the first 4 KiB of a /proc file; read to the end.)
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/maps"))
        let maps = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        XCTAssertTrue(maps.contains(implementation.libraryPath), "\(implementation.libraryPath) is not mapped")
        if let lapack = implementation.lapackLibraryPath {
            XCTAssertTrue(maps.contains(lapack), "\(lapack) is not mapped")
        }
        XCTAssertTrue(implementation.description.hasSuffix(" at \(implementation.libraryPath)"), implementation.description)
        print("BLAS: \(implementation)")
    }

    func testOpenBLASReportsItsConfiguration() throws {
        let implementation = BLASRuntime.implementation
        try XCTSkipUnless(implementation.kind == .openBLAS, "OpenBLAS is not the loaded BLAS")
        // Compared with: the fixed prefix of OpenBLAS's openblas_get_config() string.
        XCTAssertTrue(implementation.configuration?.hasPrefix("OpenBLAS ") == true)
        XCTAssertTrue(implementation.description.hasPrefix("OpenBLAS "), implementation.description)
    }

    func testSetThreadCountTakesEffectWithOpenBLAS() throws {
        try XCTSkipUnless(BLASRuntime.implementation.kind == .openBLAS, "OpenBLAS is not the loaded BLAS")
        let original = try XCTUnwrap(BLASRuntime.threadCount, "OpenBLAS exports openblas_get_num_threads")
        defer { BLASRuntime.setThreadCount(original) }
        // Compared with: the route documented for a loaded OpenBLAS.
        XCTAssertEqual(BLASRuntime.setThreadCount(1), .runtime)
        // Compared with: the count just requested, read back through openblas_get_num_threads.
        XCTAssertEqual(BLASRuntime.threadCount, 1)
        if ProcessInfo.processInfo.activeProcessorCount >= 2 {
            BLASRuntime.setThreadCount(2)
            // Compared with: a second request, so a getter stuck at 1 would fail.
            XCTAssertEqual(BLASRuntime.threadCount, 2)
        }
    }

    func testWithoutOpenBLASTheThreadCountGoesToTheEnvironment() throws {
        try XCTSkipIf(BLASRuntime.threadCount != nil, "an OpenBLAS is loaded, so the runtime route is taken")
        let names = ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"]
        let saved = names.map { name in (name, getenv(name).map { String(cString: $0) }) }
        defer {
            for (name, value) in saved {
                if let value { setenv(name, value, 1) } else { unsetenv(name) }
            }
        }
        // Compared with: the documented fallback when openblas_set_num_threads is absent.
        XCTAssertEqual(BLASRuntime.setThreadCount(3), .environment)
        // Compared with: the process environment read back through getenv.
        XCTAssertEqual(getenv("OPENBLAS_NUM_THREADS").map { String(cString: $0) }, "3")
        XCTAssertEqual(getenv("OMP_NUM_THREADS").map { String(cString: $0) }, "3")
    }

    func testReferenceBLASIsRecognisedByItsDebianPath() {
        // Compared with: the directories Debian's alternatives install each implementation in.
        XCTAssertTrue(BLASRuntime.isDebianReferenceBLAS("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0"))
        XCTAssertFalse(BLASRuntime.isDebianReferenceBLAS("/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"))
        XCTAssertFalse(BLASRuntime.isDebianReferenceBLAS("/usr/lib/x86_64-linux-gnu/blas/libcblas.so"))
    }

    func testDescriptionSplitsTheOpenBLASConfiguration() {
        let implementation = BLASImplementation(
            kind: .openBLAS, libraryPath: "/x/libblas.so.3", configuration: "OpenBLAS 0.3.21 DYNAMIC_ARCH Haswell",
            lapackLibraryPath: nil)
        // Compared with: the one-line format written out by hand.
        XCTAssertEqual(implementation.description, "OpenBLAS 0.3.21 (DYNAMIC_ARCH Haswell) at /x/libblas.so.3")
    }
}
