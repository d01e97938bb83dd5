import Foundation
import Glibc
import LotrinhTestSupport
import XCTest

/// `lotrinh-train fit --out` over an existing model, killed with SIGKILL at random points (no
/// handler runs, as in a power cut of the process): afterwards the path holds the previous model
/// byte for byte or the complete new one, and whatever the kill left behind is a hidden temporary
/// file that no model path or `*.lotrinh` pattern picks up.
final class ModelWriteKillTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var data = ""
    private var target = ""
    private var previous = Data()
    private var random = SystemRandomNumberGenerator()

    /// The temporary files the writer makes beside `model.lotrinh`: `.model.lotrinh.tmp-PID-HEX`.
    private let temporaryName = try! NSRegularExpression(pattern: #"^\.model\.lotrinh\.tmp-[0-9]+-[0-9a-f]+$"#)

    override func setUpWithError() throws {
        directory = TemporaryDirectory("model-kill")
        // A quarter of the bundled demo: the same shape, a shorter fit.
        let responses = try String(contentsOf: RepositoryPaths.bundledDatasets.appendingPathComponent("vn-grade6/responses.csv"), encoding: .utf8)
        data = directory.write("responses.csv", responses.split(separator: "\n").prefix(15_000).joined(separator: "\n") + "\n")
        target = directory.path("model.lotrinh")
        let first = try fit(rank: 2).finish()
        XCTAssertEqual(first, 0)
        previous = try Data(contentsOf: URL(fileURLWithPath: target))
    }

    override func tearDown() { directory = nil }

    /// A running `lotrinh-train fit` writing `target`.
    private struct Child {
        let process: Process

        func kill(_ signalNumber: Int32 = SIGKILL) { Glibc.kill(process.processIdentifier, signalNumber) }

        func finish() -> Int32 {
            process.waitUntilExit()
            return process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus
        }
    }

    private func fit(rank: Int) throws -> Child {
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("lotrinh-train")
        process.arguments = ["fit", "--responses", data, "--rank", "\(rank)", "--max-sweeps", "3", "--quiet", "--out", target]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return Child(process: process)
    }

    private func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0 != "model.lotrinh" && $0 != "responses.csv" }
    }

    /// The target is the previous model or a complete new one (rank 3), and it loads.
    private func checkTarget(_ context: String) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: target))
        let inspect = try CommandRunner.run("lotrinh-train", ["inspect", target])
        XCTAssertEqual(inspect.status, 0, "\(context): the model does not load: \(inspect.standardError)")
        if bytes != previous {
            XCTAssertTrue(inspect.standardOutput.contains("rank         3"), "\(context): neither the old model nor the new one")
        }
        for name in try leftovers() {
            let range = NSRange(name.startIndex..., in: name)
            XCTAssertNotNil(temporaryName.firstMatch(in: name, range: range), "\(context): unexpected file \(name)")
            XCTAssertFalse(name.hasSuffix(".lotrinh"), "\(context): \(name) would be taken for a model")
        }
    }

    private func restorePrevious() throws {
        for name in try leftovers() { try FileManager.default.removeItem(atPath: directory.path(name)) }
        try previous.write(to: URL(fileURLWithPath: target), options: .atomic)
    }

    /// Kills at uniformly random moments of a whole run: loading, fitting, writing or after.
    func testKillsAtRandomPointsLeaveTheOldOrTheNewModel() throws {
        let start = Date()
        XCTAssertEqual(try fit(rank: 3).finish(), 0)
        let runTime = Date().timeIntervalSince(start)
        var outcomes: [String: Int] = [:]
        for round in 0..<8 {
            try restorePrevious()
            let child = try fit(rank: 3)
            usleep(UInt32(Double.random(in: 0...(runTime * 1.5), using: &random) * 1e6))
            child.kill()
            let status = child.finish()
            try checkTarget("round \(round) (exit \(status))")
            let kept = try Data(contentsOf: URL(fileURLWithPath: target)) == previous
            outcomes[status == -SIGKILL ? (kept ? "killed, old model kept" : "killed after the rename") : "finished first", default: 0] += 1
        }
        print("kills at random points over \(String(format: "%.2f", runTime)) s runs: \(outcomes)")
    }

    /// Restores the previous model, starts a fit, waits for its temporary file to appear and sends
    /// `signalNumber` within `microseconds`; the exit status and whether the file was seen.
    private func signalDuringTheWrite(_ signalNumber: Int32, withinMicroseconds microseconds: UInt32) throws -> (Int32, Bool) {
        try restorePrevious()
        let child = try fit(rank: 3)
        while child.process.isRunning, try leftovers().isEmpty { usleep(50) }
        let sawTemporaryFile = try !leftovers().isEmpty
        usleep(UInt32.random(in: 0...microseconds, using: &random))
        child.kill(signalNumber)
        return (child.finish(), sawTemporaryFile)
    }

    /// Kills within the write itself: the child is watched until its temporary file appears, then
    /// killed after a random delay of up to a millisecond (the write and flush take about that long).
    func testKillsDuringTheWriteLeaveTheOldModel() throws {
        var killedMidWrite = 0
        var rounds = 0
        while killedMidWrite < 3, rounds < 12 {
            rounds += 1
            let (status, _) = try signalDuringTheWrite(SIGKILL, withinMicroseconds: 1000)
            try checkTarget("round \(rounds) (exit \(status))")
            if status == -SIGKILL, try !leftovers().isEmpty {
                killedMidWrite += 1
                XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: target)), previous, "killed mid-write: the old model stays")
            }
        }
        print("kills during the write: \(killedMidWrite) of \(rounds) rounds left a half-written temporary file; the old model survived each")
        XCTAssertGreaterThan(killedMidWrite, 0, "no kill landed inside the write")
    }

    /// SIGTERM or SIGINT within the write (as `kill`, a service manager or Ctrl-C send): the
    /// handler removes the temporary file, so nothing of the half-written model stays on disk.
    func testInterruptsDuringTheWriteLeaveNoTemporaryFile() throws {
        var interruptedMidWrite = 0
        var rounds = 0
        while interruptedMidWrite < 3, rounds < 12 {
            rounds += 1
            let (status, sawTemporaryFile) = try signalDuringTheWrite(rounds % 2 == 0 ? SIGTERM : SIGINT, withinMicroseconds: 300)
            try checkTarget("round \(rounds) (exit \(status))")
            XCTAssertEqual(try leftovers(), [], "round \(rounds): the interrupted write left its temporary file")
            if sawTemporaryFile, status == -SIGTERM || status == -SIGINT { interruptedMidWrite += 1 }
        }
        print("interrupts during the write: \(interruptedMidWrite) of \(rounds) rounds; none left a file")
    }

    /// A temporary file left by a killed writer (SIGKILL runs no handler) is removed by the next
    /// write of the same model.
    func testTheNextWriteRemovesWhatAKilledWriterLeft() throws {
        let stale = directory.write(".model.lotrinh.tmp-999999999-abc", "half a model")
        XCTAssertEqual(try fit(rank: 2).finish(), 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale), "the stale temporary file of a dead process stays")
        XCTAssertEqual(try leftovers(), [])
    }
}
