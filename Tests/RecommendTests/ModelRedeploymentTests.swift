import Foundation
import Glibc
import LotrinhTestSupport
import MasteryData
import MasteryModel
import Recommend
import XCTest

/// A running service's recommender keeps answering from the model it loaded whatever happens to
/// the file afterwards, and tells the service that the file changed so that it can reload.
final class ModelRedeploymentTests: XCTestCase {
    private let bundled = RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path
    private let other = RepositoryPaths.root.appendingPathComponent("models/junyi2015.lotrinh").path

    /// Everything a service asks, in one comparable value: the masteries with intervals and the
    /// path of a student after a few answers (every field of the path, through its description).
    private struct Answers: Equatable {
        var masteries: [SkillMastery]
        var path: String
    }

    private func answers(_ recommender: Recommender) throws -> Answers {
        let state = try recommender.state(after: [AnswerRecord(skillId: "T6.01", outcome: 1),
                                                  AnswerRecord(skillId: "T6.02", outcome: 0),
                                                  AnswerRecord(skillId: "T6.05", outcome: 1)])
        return Answers(masteries: try recommender.mastery(of: state), path: String(reflecting: try recommender.path(for: state)))
    }

    /// Overwrites `path` in place, as `cp` does: same inode, truncated, then new bytes written.
    private func overwriteInPlace(_ path: String, with bytes: [UInt8]) throws {
        let descriptor = open(path, O_WRONLY | O_TRUNC)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        defer { close(descriptor) }
        XCTAssertEqual(bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }, bytes.count)
    }

    func testOverwritesInPlaceDoNotChangeAnswersAndAreReported() throws {
        let replacements: [(String, [UInt8])] = [
            ("another model", [UInt8](try Data(contentsOf: URL(fileURLWithPath: other)))),
            ("garbage", [UInt8](repeating: 0xA5, count: 70_000)),
            ("nothing (truncated to 0 bytes)", []),
        ]
        for (label, bytes) in replacements {
            let directory = TemporaryDirectory("redeploy")
            let path = directory.path("model.lotrinh")
            try FileManager.default.copyItem(atPath: bundled, toPath: path)
            let recommender = try Recommender(modelPath: path)
            XCTAssertFalse(recommender.modelFileChanged(), "just loaded")
            let before = try answers(recommender)
            let inode = ModelFileIdentity.current(atPath: path)?.inode

            try overwriteInPlace(path, with: bytes)

            XCTAssertEqual(ModelFileIdentity.current(atPath: path)?.inode, inode, "\(label): written in place, same inode")
            XCTAssertEqual(try answers(recommender), before, "\(label): the loaded model answers exactly as before")
            XCTAssertTrue(recommender.modelFileChanged(), "\(label): the change is reported")
        }
    }

    /// The deployment RELIABILITY.md documents: a new file renamed over the path is another file
    /// (another inode), reported as changed even when its bytes are the same model; a reload then
    /// answers from the new file and reports no change.
    func testADeploymentByRenameIsReportedAndAReloadSeesItAsCurrent() throws {
        let directory = TemporaryDirectory("redeploy-rename")
        let path = directory.path("model.lotrinh")
        try FileManager.default.copyItem(atPath: bundled, toPath: path)
        let recommender = try Recommender(modelPath: path)
        let before = try answers(recommender)
        let staged = directory.path(".model.lotrinh.new")
        try FileManager.default.copyItem(atPath: bundled, toPath: staged)
        XCTAssertEqual(rename(staged, path), 0)

        XCTAssertTrue(recommender.modelFileChanged())
        let reloaded = try Recommender(modelPath: path)
        XCTAssertFalse(reloaded.modelFileChanged())
        XCTAssertEqual(try answers(reloaded), before, "the same model deployed again answers the same")

        XCTAssertEqual(unlink(path), 0)
        XCTAssertTrue(reloaded.modelFileChanged(), "a model path with nothing behind it is a change")
        XCTAssertEqual(try answers(reloaded), before)
    }

    func testARecommenderBuiltInMemoryHasNoFileToWatch() throws {
        let loaded = try MasteryModel.load(from: bundled)
        XCTAssertEqual(loaded.sourceFile?.path, bundled)
        var inMemory = loaded
        inMemory.sourceFile = nil
        XCTAssertFalse(try Recommender(model: inMemory).modelFileChanged())
    }
}
