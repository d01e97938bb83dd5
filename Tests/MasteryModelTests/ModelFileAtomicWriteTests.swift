import Foundation
import Glibc
import LotrinhTestSupport
import MasteryData
@testable import MasteryModel
import XCTest

/// A failed write reports the path and the system's reason, removes its temporary file, and
/// leaves whatever was at the target untouched. Tests run as root here, so permission errors
/// (EACCES, EROFS) cannot be provoked honestly; a missing directory, a directory in the way, a
/// file-size limit hit mid-write (EFBIG) and /dev/full (ENOSPC) stand in for them.
final class ModelFileAtomicWriteTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUp() { directory = TemporaryDirectory("modelfile-atomic") }
    override func tearDown() { directory = nil }

    private func leftoverTemporaryFiles(in path: String? = nil) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path ?? directory.url.path).filter { $0.contains(".tmp-") }
    }

    func testWritingIntoAMissingDirectoryNamesThePath() throws {
        let target = directory.path("no-such-dir/model.lotrinh")
        XCTAssertThrowsError(try ModelFixtures.model().write(to: target)) { error in
            guard case let .io(path, operation, message) = error as? ModelFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, target)
            XCTAssertTrue(operation.contains("create the temporary file"), operation)
            XCTAssertTrue(message.contains("No such file or directory"), message)
            XCTAssertTrue((error as? ModelFileError)?.description.contains(target) ?? false)
        }
    }

    func testADirectoryInTheWayFailsAtRenameAndLeavesNoTemporaryFile() throws {
        let target = directory.path("model.lotrinh")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        XCTAssertThrowsError(try ModelFixtures.model().write(to: target)) { error in
            guard case let .io(path, operation, message) = error as? ModelFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, target)
            XCTAssertTrue(operation.hasPrefix("rename"), operation)
            XCTAssertTrue(message.contains("Is a directory"), message)
        }
        XCTAssertEqual(try leftoverTemporaryFiles(), [])
    }

    /// A write that fails halfway (here: the process's file-size limit, EFBIG, the same path as a
    /// full disk) leaves the previous model in place, loadable, and no temporary file.
    func testAWriteFailingMidwayLeavesThePreviousModelIntact() throws {
        let target = directory.path("model.lotrinh")
        let previous = ModelFixtures.model(students: 0, seed: 1)
        try previous.write(to: target)
        let previousBytes = try Data(contentsOf: URL(fileURLWithPath: target))

        let larger = ModelFixtures.model(students: 200, seed: 2)
        let error = withFileSizeLimit(previousBytes.count) {
            Result { () throws(ModelFileError) in try larger.write(to: target) }
        }
        guard case let .failure(.io(path, operation, message)) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(path, target)
        XCTAssertEqual(operation, "write")
        XCTAssertTrue(message.contains("File too large"), message)

        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: target)), previousBytes)
        assertIdentical(try MasteryModel.load(from: target), previous)
        XCTAssertEqual(try leftoverTemporaryFiles(), [])
    }

    func testAFullDeviceIsReportedWithStrerror() throws {
        let descriptor = open("/dev/full", O_WRONLY)
        try XCTSkipIf(descriptor < 0, "/dev/full is not available")
        defer { Glibc.close(descriptor) }
        let bytes = [UInt8](repeating: 7, count: 100)
        XCTAssertThrowsError(try bytes.withUnsafeBytes { raw in
            try Result { () throws(ModelFileError) in try SystemCalls.writeAll(descriptor, raw, path: "/models/x.lotrinh") }.get()
        }) { error in
            XCTAssertEqual(error as? ModelFileError,
                           .io(path: "/models/x.lotrinh", operation: "write", message: "No space left on device (errno 28)"))
        }
    }

    func testOverwritingReplacesTheModelAndLeavesNoTemporaryFile() throws {
        let target = directory.path("model.lotrinh")
        try ModelFixtures.model(seed: 1).write(to: target)
        let replacement = ModelFixtures.model(seed: 2)
        try replacement.write(to: target)
        assertIdentical(try MasteryModel.load(from: target), replacement)
        XCTAssertEqual(try leftoverTemporaryFiles(), [])
    }

    func testTheTemporaryFileLivesBesideTheTarget() {
        XCTAssertTrue(MasteryModel.splitPath("model.lotrinh") == (".", "model.lotrinh"))
        XCTAssertTrue(MasteryModel.splitPath("/model.lotrinh") == ("/", "model.lotrinh"))
        XCTAssertTrue(MasteryModel.splitPath("models/a/b.lotrinh") == ("models/a", "b.lotrinh"))
    }

    /// Runs `body` with the process's file-size limit lowered to `bytes` (and SIGXFSZ ignored, so
    /// a write past it fails with EFBIG instead of killing the test run), then restores both.
    private func withFileSizeLimit<T>(_ bytes: Int, _ body: () -> T) -> T {
        var saved = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &saved)
        let savedHandler = signal(SIGXFSZ, SIG_IGN)
        var lowered = saved
        lowered.rlim_cur = rlim_t(bytes)
        setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &lowered)
        defer {
            setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &saved)
            signal(SIGXFSZ, savedHandler)
        }
        return body()
    }
}
