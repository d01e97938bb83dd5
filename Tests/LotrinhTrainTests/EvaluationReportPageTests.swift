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
}
