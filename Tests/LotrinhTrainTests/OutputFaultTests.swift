import Foundation
import Glibc
import LotrinhTestSupport
import XCTest

/// When the model cannot be written (a full disk, a folder the user may not write, a file-size
/// limit), `lotrinh-train` says so naming the path and the system's reason, exits non-zero, and
/// leaves the previous model and no temporary file behind.
final class OutputFaultTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var data = ""

    override func setUp() {
        directory = TemporaryDirectory("output-faults")
        data = directory.write("responses.csv", "student_id,skill_id,correct\n"
            + (0..<400).map { "hs\($0 % 40),T\($0 % 7),\($0 % 3 == 0 ? 0 : 1)" }.joined(separator: "\n") + "\n")
    }

    override func tearDown() { directory = nil }

    private func fitArguments(out: String) -> [String] {
        ["fit", "--responses", data, "--rank", "2", "--max-sweeps", "2", "--quiet", "--out", out]
    }

    private func assertReported(status: Int32, message: String, path: String, reason: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNotEqual(status, 0, "the failure was ignored", file: file, line: line)
        XCTAssertTrue(message.contains(path), "the error names the path: \(message)", file: file, line: line)
        XCTAssertTrue(message.contains(reason), "the error gives the reason: \(message)", file: file, line: line)
    }

    /// A 16 KiB file system of its own (a private mount namespace, so nothing else sees it), filled
    /// up first: the write fails with ENOSPC as on a full disk.
    func testAFullFileSystemIsReported() throws {
        let mountPoint = directory.path("full")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: false)
        let train = CommandRunner.productsDirectory.appendingPathComponent("lotrinh-train").path
        let out = mountPoint + "/model.lotrinh"
        let script = """
            folder=$1 train=$2; shift 2
            mount -t tmpfs -o size=16k lotrinh-full "$folder" || exit 77
            head -c 1000000 /dev/zero > "$folder/filler" 2>/dev/null
            "$train" "$@"; status=$?
            ls -A "$folder"
            exit $status
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["-m", "/bin/sh", "-c", script, "sh", mountPoint, train] + fitArguments(out: out)
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"), "no unshare(1)")
        try process.run()
        let listing = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try XCTSkipIf(process.terminationStatus == 77, "cannot mount a small tmpfs here (needs CAP_SYS_ADMIN): \(message)")
        assertReported(status: process.terminationStatus, message: message, path: out, reason: "No space left on device")
        XCTAssertEqual(listing.split(separator: "\n"), ["filler"], "no model and no temporary file left on the full disk")
    }

    /// A folder the user may not write: the fit runs as `nobody` (tests run as root, for whom
    /// permission bits do not apply).
    func testAFolderWithoutWritePermissionIsReported() throws {
        try XCTSkipUnless(getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "needs root and setpriv(1)")
        let readOnly = directory.path("read-only")
        try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o755])
        let out = readOnly + "/model.lotrinh"
        let train = CommandRunner.productsDirectory.appendingPathComponent("lotrinh-train").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", train] + fitArguments(out: out)
        let error = Pipe()
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try XCTSkipIf(message.contains("Permission denied") && message.contains("responses.csv"), "nobody cannot read the test data here")
        assertReported(status: process.terminationStatus, message: message, path: out, reason: "Permission denied")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: readOnly), [])
    }

    /// `--out` naming a FIFO (or a device: `/dev/null` as root) is refused, and the FIFO stays one.
    func testAnOutputThatIsNotAFileIsRefused() throws {
        let fifo = directory.path("pipe")
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        let result = try CommandRunner.run("lotrinh-train", fitArguments(out: fifo))
        assertReported(status: result.status, message: result.standardError, path: fifo, reason: "device, FIFO or socket")
        var info = stat()
        XCTAssertEqual(lstat(fifo, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO)
    }

    /// The process's file-size limit (inherited by the child) cuts the write short. The child
    /// starts with SIGXFSZ at its default (death, status 153, no message, a temporary file left);
    /// `lotrinh-train` ignores it itself, so the write reports EFBIG, "File too large", the path
    /// the writer takes for any short write.
    func testAWriteCutShortKeepsThePreviousModel() throws {
        try XCTSkipIf(Sanitizers.threadSanitizerIsActive,
                      """
                      under the lowered file-size limit the ThreadSanitizer build of the child dies with SIGBUS on a \
                      read (reported by TSan, cause not yet found; see RELIABILITY.md); plain and AddressSanitizer \
                      builds report EFBIG as this test checks
                      """)
        let out = directory.path("model.lotrinh")
        XCTAssertEqual(try CommandRunner.run("lotrinh-train", fitArguments(out: out)).status, 0)
        let previous = try Data(contentsOf: URL(fileURLWithPath: out))

        var saved = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &saved)
        // The default disposition is what a shell hands the child; the output goes to pipes, so
        // this process writes no file while its own limit is lowered.
        let savedHandler = signal(SIGXFSZ, SIG_DFL)
        var lowered = saved
        lowered.rlim_cur = rlim_t(previous.count / 2)
        setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &lowered)
        let result = Result { try CommandRunner.run("lotrinh-train", fitArguments(out: out)) }
        setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &saved)
        signal(SIGXFSZ, savedHandler)

        let cutShort = try result.get()
        assertReported(status: cutShort.status, message: cutShort.standardError, path: out, reason: "File too large")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), previous, "the previous model is untouched")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted(), ["model.lotrinh", "responses.csv"])
    }
}
