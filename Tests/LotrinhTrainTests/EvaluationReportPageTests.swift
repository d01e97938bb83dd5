import Foundation
import LotrinhTestSupport
import MasteryData
import Training
@testable import lotrinh_train
import XCTest

/// The report page draws the model against BKT: an evaluation without one of them is a clear
/// error naming what is missing and what there is, never a crash.
final class EvaluationReportPageTests: XCTestCase {
    func testAnEvaluationWithoutBKTIsAClearError() throws {
        let directory = TemporaryDirectory("evaluation-page")
        let responses = directory.write("responses.csv", "student_id,skill_id,correct\n1,A,1\n1,A,0\n2,A,1\n")
        let dataset = try Dataset.load(DatasetFiles(responses: responses))
        let json = #"{"evaluationProtocol": "online", "predictors": ["global rate", "model"], "folds": [], "summary": {}, "skills": []}"#
        let evaluation = try JSONDecoder().decode(EvaluationReport.self, from: Data(json.utf8))
        XCTAssertThrowsError(try EvaluationReportPage(report: evaluation, dataset: dataset, answers: [], minimumSkillAnswers: 50)) { error in
            XCTAssertEqual("\(error)", "cannot draw the report: the evaluation has no 'bkt' predictor (it has global rate, model)")
        }
    }

    /// `evaluate --predictions` writes the model's column: the same error, naming the file, where
    /// an evaluation would lack it (it crashed on a force-unwrap before).
    func testPredictionsWithoutTheModelAreAClearError() throws {
        XCTAssertThrowsError(try MissingPredictor.position(of: .model, in: ["bkt", "global rate"], for: "write --predictions out.csv")) { error in
            XCTAssertEqual("\(error)", "cannot write --predictions out.csv: the evaluation has no 'model' predictor (it has bkt, global rate)")
        }
        XCTAssertEqual(try MissingPredictor.position(of: .model, in: ["bkt", "global rate", "model", "without factors"],
                                                     for: "write --predictions out.csv"), 2)
    }
}
