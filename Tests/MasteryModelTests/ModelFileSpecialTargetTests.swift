import Foundation
import Glibc
import LotrinhTestSupport
@testable import MasteryModel
import XCTest

/// Writing a model over a device or a FIFO is refused before anything is written: the atomic
/// rename would otherwise replace the device with the model (`--out /dev/null`, run as root,
/// replaced /dev/null).
final class ModelFileSpecialTargetTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUp() { directory = TemporaryDirectory("modelfile-special") }
    override func tearDown() { directory = nil }

    private func assertRefusedAndKept(_ path: String, type: mode_t, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try ModelFixtures.model().write(to: path), file: file, line: line) { error in
            guard case let .io(reportedPath, operation, message) = error as? ModelFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(reportedPath, path, file: file, line: line)
            XCTAssertEqual(operation, "replace", file: file, line: line)
            XCTAssertTrue(message.contains("device, FIFO or socket"), message, file: file, line: line)
        }
        var info = stat()
        XCTAssertEqual(lstat(path, &info), 0, file: file, line: line)
        XCTAssertEqual(info.st_mode & S_IFMT, type, "still what it was", file: file, line: line)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0.contains(".tmp-") }, [],
                       file: file, line: line)
    }

    func testAFIFOIsNotReplaced() {
        let fifo = directory.path("pipe")
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        assertRefusedAndKept(fifo, type: S_IFIFO)
    }

    /// A private copy of /dev/null's device node (character device 1, 3: `makedev` is a C macro,
    /// so the number is spelt out as glibc encodes small majors and minors), so the real one is never at risk.
    func testACharacterDeviceIsNotReplaced() throws {
        let device = directory.path("null")
        try XCTSkipUnless(mknod(device, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0, "cannot make a device node here (needs root)")
        assertRefusedAndKept(device, type: S_IFCHR)
    }
}
