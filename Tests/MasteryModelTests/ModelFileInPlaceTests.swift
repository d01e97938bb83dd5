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
}
