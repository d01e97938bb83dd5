import Foundation
import Glibc
import LotrinhTestSupport
@testable import MasteryModel
import XCTest

/// A loaded model stays what it was when it was verified, whatever happens to its file, and a
/// path that is not a regular file is refused without waiting.
final class ModelFileInPlaceTests: XCTestCase {
    private let bundled = RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path

    func testOverwritingTheFileInPlaceDoesNotReachALoadedModel() throws {
        let directory = TemporaryDirectory("in-place")
        let path = directory.path("model.lotrinh")
        try FileManager.default.copyItem(atPath: bundled, toPath: path)
        let model = try MasteryModel.load(from: path)
        let before = model.masteryColumns(of: model.initialState())
        // What `cp other.lotrinh model.lotrinh` does: truncate, then write other bytes in place.
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4096))
        try handle.close()
        let after = model.masteryColumns(of: model.initialState())
        XCTAssertEqual(after, before, "the loaded parameters did not change with the file")
        XCTAssertTrue(after.probability.allSatisfy { $0.isFinite })
        XCTAssertThrowsError(try MasteryModel.load(from: path), "the file itself is now garbage and refused")
    }

    func testAFIFOIsRefusedWithoutBlocking() throws {
        let directory = TemporaryDirectory("fifo")
        let path = directory.path("model.lotrinh")
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        XCTAssertThrowsError(try MasteryModel.load(from: path)) { error in
            XCTAssertTrue("\(error)".contains("FIFO"), "\(error)")
        }
        XCTAssertThrowsError(try MasteryModel.load(from: directory.path("."))) { error in
            XCTAssertTrue("\(error)".contains("folder"), "\(error)")
        }
    }

    /// A sparse file of 8 GiB whose header (and then directory) claims that size: refused from the
    /// header and directory alone, before memory is allocated for the file (it took 31 s and
    /// 8.4 GB to reach "checksum mismatch").
    func testASparseFileWithAForgedSizeIsRefusedBeforeItIsRead() throws {
        let directory = TemporaryDirectory("sparse")
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: bundled)))
        let claimed: UInt64 = 8 << 30
        let peakBefore = Self.peakResidentBytes()

        // The header alone forged: it says 8 GiB, and the file is that large.
        var header = good
        Self.store(claimed, in: &header, at: ModelFileLayout.HeaderField.fileSize)
        let headerOnly = try Self.sparseFile(directory.path("header.lotrinh"), bytes: header, size: claimed)
        XCTAssertThrowsError(try MasteryModel.load(from: headerOnly)) { error in
            guard case let .malformed(_, section, _) = error as? ModelFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(section, "directory", "the directory does not end where an 8 GiB file's checksum starts")
        }

        // Header and directory forged together: the directory moved to the end and the last array
        // stretched over the 8 GiB hole, so offsets and lengths all fit the file.
        let sections = ModelFileLayout.SectionName.allCases.filter { !$0.isOptional }.count
        let directoryOffset = Int(claimed)
        let size = UInt64(directoryOffset + sections * ModelFileLayout.directoryEntrySize + ModelFileLayout.checksumSize)
        let oldDirectory = Int(Self.load(good, at: ModelFileLayout.HeaderField.directoryOffset))
        var entries = Array(good[oldDirectory..<(oldDirectory + sections * ModelFileLayout.directoryEntrySize)])
        let last = (sections - 1) * ModelFileLayout.directoryEntrySize
        XCTAssertEqual(String(decoding: entries[last..<(last + 14)], as: UTF8.self), "studentFactors")
        let lastOffset = Self.load(entries, at: last + 32)
        Self.store(UInt64(directoryOffset) - lastOffset, in: &entries, at: last + 40)
        Self.store((UInt64(directoryOffset) - lastOffset) / 8, in: &entries, at: last + 24)
        var forged = Array(good[..<ModelFileLayout.headerSize])
        Self.store(size, in: &forged, at: ModelFileLayout.HeaderField.fileSize)
        Self.store(UInt64(directoryOffset), in: &forged, at: ModelFileLayout.HeaderField.directoryOffset)
        let both = try Self.sparseFile(directory.path("both.lotrinh"), bytes: forged, size: size,
                                       tail: (directoryOffset, entries))
        XCTAssertThrowsError(try MasteryModel.load(from: both)) { error in
            guard case let .malformed(_, section, reason) = error as? ModelFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(section, "studentFactors", reason)
            XCTAssertTrue(reason.contains("students at rank"), reason)
        }

        let grown = Self.peakResidentBytes() - peakBefore
        XCTAssertLessThan(grown, 256 << 20, "refused without reading gigabytes (peak memory grew by \(grown >> 20) MiB)")
    }

    private static func sparseFile(_ path: String, bytes: [UInt8], size: UInt64,
                                   tail: (offset: Int, bytes: [UInt8])? = nil) throws -> String {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        defer { close(descriptor) }
        XCTAssertEqual(bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }, bytes.count)
        if let tail {
            XCTAssertEqual(tail.bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(tail.offset)) },
                           tail.bytes.count)
        }
        XCTAssertEqual(ftruncate(descriptor, off_t(size)), 0, "the file system must allow a sparse 8 GiB file")
        return path
    }

    private static func store(_ value: UInt64, in bytes: inout [UInt8], at offset: Int) {
        for index in 0..<8 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
    }

    private static func load(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }

    /// The process's peak resident memory so far, in bytes (`ru_maxrss` is in KiB on Linux).
    private static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024
    }
}
