import Foundation
import LotrinhTestSupport
@testable import lotrinh_train
import MasteryModel
import Training
import XCTest

/// A fit that stops for a bad reason says so when it runs, and the model it writes says so when
/// inspected; a fit that converged, and a model from before stop reasons were recorded that
/// converged, carry no warning.
final class FitStopReasonTests: XCTestCase {
    private let directory = TemporaryDirectory("fit-stop-reason")

    private func train(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run("lotrinh-train", arguments)
    }

    func testSweepLimitIsWarnedByFitAndByInspect() throws {
        let model = directory.path("limited.lotrinh")
        let fit = try train(["fit", "--data", "datasets/vn-grade6", "--rank", "2", "--max-sweeps", "2", "--out", model])
        XCTAssertEqual(fit.status, 0, fit.standardError)
        XCTAssertTrue(fit.standardError.contains("warning: the fit reached the sweep limit (2) before converging"), fit.standardError)
        // The figures of the last sweep, not NaN: what the user compares with the two tolerances.
        XCTAssertTrue(fit.standardError.contains("(tolerance 0.0002) and a bias moved by "), fit.standardError)
        XCTAssertFalse(fit.standardError.contains("nan"), fit.standardError)
        let inspect = try train(["inspect", model])
        XCTAssertEqual(inspect.status, 0, inspect.standardError)
        XCTAssertTrue(inspect.standardOutput.contains("warning      training stopped at the sweep limit (2) before converging"),
                      inspect.standardOutput)
        let json = try train(["inspect", model, "--json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        XCTAssertEqual((decoded?["warnings"] as? [String])?.count, 1, json.standardOutput)
    }

    func testOneSweepLimitSaysNoChangeWasMeasured() throws {
        let fit = try train(["fit", "--data", "datasets/vn-grade6", "--rank", "2", "--max-sweeps", "1", "--out", directory.path("one.lotrinh")])
        XCTAssertEqual(fit.status, 0, fit.standardError)
        XCTAssertTrue(fit.standardError.contains("warning: the fit reached the sweep limit (1) before it could converge (a fit needs two sweeps to measure a change)"),
                      fit.standardError)
        XCTAssertFalse(fit.standardError.contains("nan"), fit.standardError)
    }

    func testConvergedFitHasNoWarning() throws {
        let model = directory.path("converged.lotrinh")
        let fit = try train(["fit", "--data", "datasets/vn-grade6", "--rank", "2", "--out", model])
        XCTAssertEqual(fit.status, 0, fit.standardError)
        XCTAssertTrue(fit.standardError.contains("fit: converged after"), fit.standardError)
        XCTAssertFalse(fit.standardError.contains("warning"), fit.standardError)
        let inspect = try train(["inspect", model])
        XCTAssertFalse(inspect.standardOutput.contains("warning"), inspect.standardOutput)
        XCTAssertTrue(inspect.standardOutput.contains("stopReason=converged"), inspect.standardOutput)
    }

    /// The bundled model was written by Lotrinh 0.1, which recorded no stop reason; it converged
    /// in 27 of its 100 sweeps.
    func testModelsWrittenBeforeStopReasonsStillLoad() throws {
        let inspect = try train(["inspect", "models/vn-grade6.lotrinh"])
        XCTAssertEqual(inspect.status, 0, inspect.standardError)
        XCTAssertFalse(inspect.standardOutput.contains("warning"), inspect.standardOutput)
    }

    /// Without a recorded stop reason, running every allowed sweep is the only sign left.
    func testOldModelThatRanEverySweepIsWarned() throws {
        func warnings(training: [String: String], sweeps: Int) throws -> [String] {
            let metadata = ModelMetadata(kind: .logistic, rank: 0, terms: ModelTerms(), regularization: Regularization(), recency: Recency(),
                                         skillIds: ["a"], skillNames: ["a"], training: training)
            return ModelSummary.trainingWarnings(try TrainingRecord(metadata), sweeps: sweeps)
        }
        XCTAssertEqual(try warnings(training: ["maxSweeps": "100"], sweeps: 100).count, 1)
        XCTAssertEqual(try warnings(training: ["maxSweeps": "100"], sweeps: 99), [])
        XCTAssertEqual(try warnings(training: ["maxSweeps": "100", "stopReason": "converged"], sweeps: 100), [])
        XCTAssertEqual(try warnings(training: ["maxSweeps": "5", "stopReason": "maxSweeps"], sweeps: 5).count, 1)
    }
}
