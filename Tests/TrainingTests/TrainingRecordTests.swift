import Foundation
import LotrinhTestSupport
import MasteryModel
@testable import Training
import XCTest

/// The typed training record: it reads the string map models written by Lotrinh 0.1 carry, writes
/// the same keys and number formats, and no longer copies what the metadata's typed fields hold.
final class TrainingRecordTests: XCTestCase {
    private func metadata(training: [String: String]) -> ModelMetadata {
        ModelMetadata(kind: .logistic, rank: 0, terms: ModelTerms(), regularization: Regularization(), recency: Recency(),
                      skillIds: ["a"], skillNames: ["a"], training: training)
    }

    /// The bundled model was written by 0.1: its map, as `strings` shows it in the file, holds
    /// the fit settings and copies of the rank, terms and λ, and no stop reason.
    func testAModelWrittenByVersion0_1Reads() throws {
        let model = try MasteryModel.load(from: RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path)
        XCTAssertEqual(model.metadata.libraryVersion, "0.1.0")
        XCTAssertEqual(model.metadata.training["rank"], "8", "the file's own copy of the rank")
        let record = try TrainingRecord(model.metadata)
        XCTAssertEqual(record.maxSweeps, 100)
        XCTAssertEqual(record.tolerance, 1e-5)
        XCTAssertEqual(record.patience, 3)
        XCTAssertEqual(record.threads, 2)
        XCTAssertEqual(record.seed, 1)
        XCTAssertEqual(record.initialScale, 0.1)
        XCTAssertNil(record.stopReason)
        XCTAssertEqual(record.notes, [:], "the copies of typed fields are skipped, nothing else is left")
        XCTAssertEqual(model.metadata.rank, 8)
        XCTAssertEqual(model.metadata.regularization.studentFactors, 16)
    }

    func testAFitRecordsItsSettingsAndStopReasonAsVersion0_1WroteThemAndNoCopies() throws {
        var configuration = FitConfiguration()
        configuration.maxSweeps = 40
        configuration.tolerance = 1e-5
        configuration.biasTolerance = 0.005
        configuration.patience = 2
        configuration.threads = 3
        configuration.seed = 18_446_744_073_709_551_615
        configuration.initialScale = 0.25
        let entries = TrainingRecord(configuration: configuration, stopReason: .validationStoppedImproving).entries
        XCTAssertEqual(entries, ["maxSweeps": "40", "tolerance": "1e-05", "biasTolerance": "0.005", "patience": "2", "threads": "3",
                                 "seed": "18446744073709551615", "initialScale": "0.25", "stopReason": "validationStoppedImproving"])
        XCTAssertTrue(Set(entries.keys).isDisjoint(with: TrainingRecord.copiesOfTypedFields))
        let read = try TrainingRecord(metadata(training: entries))
        XCTAssertEqual(read, TrainingRecord(configuration: configuration, stopReason: .validationStoppedImproving))
        XCTAssertEqual(read.entries, entries)
    }

    func testTheTunersNotesTravelUnchanged() throws {
        let training = ["maxSweeps": "100", "tune.rank": "4", "tune.halfLife": "off"]
        let record = try TrainingRecord(metadata(training: training))
        XCTAssertEqual(record.notes, ["tune.rank": "4", "tune.halfLife": "off"])
        XCTAssertEqual(record.entries, training)
    }

    func testAValueThatIsNotItsKeysTypeIsAnErrorNamingKeyAndValue() {
        for (key, value) in [("maxSweeps", "many"), ("stopReason", "tired"), ("seed", "-1"), ("tolerance", ""), ("biasTolerance", "far")] {
            XCTAssertThrowsError(try TrainingRecord(metadata(training: [key: value]))) { error in
                XCTAssertEqual(error as? TrainingRecordError, TrainingRecordError(key: key, value: value))
                XCTAssertTrue("\(error)".contains("\(key) = \"\(value)\""), "\(error)")
            }
        }
    }
}
