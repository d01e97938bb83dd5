import Foundation
import LotrinhTestSupport
import MasteryData
@testable import MasteryModel
import XCTest

/// Practice on neighbouring skills (``PracticeFeature/relatedWins``, ``PracticeFeature/relatedFails``):
/// a skill never answered still moves with its neighbours' practice, in masteries as in the
/// per-answer prediction, and a model file cannot carry the features without the graph they need.
final class RelatedPracticeTests: XCTestCase {
    private let features: [PracticeFeature] = [.relatedWins, .relatedFails]

    func testMasteryOfASkillNeverAnsweredWeighsItsNeighboursPractice() throws {
        // Prerequisites 0 → 1 → 2 and 0 → 3: skill 0's neighbours are 1 and 3, skill 2's is 1.
        let model = PracticeFeatureTests.model(features: features)
        var state = model.initialState()
        for answer in [StudentAnswer(skill: 1, outcome: 1), StudentAnswer(skill: 1, outcome: 1), StudentAnswer(skill: 3, outcome: 0)] {
            try model.update(&state, with: answer)
        }
        let columns = model.masteryColumns(of: state)
        func withoutPractice(_ skill: Int) -> Double {
            var logit = model.globalBias + model.skillBias[skill] + state.theta[0]
            for j in 0..<model.rank { logit += state.theta[1 + j] * model.skillFactors[skill * model.rank + j] }
            return logit
        }
        func weight(_ skill: Int, _ feature: Int) -> Double { model.practiceWeights[skill * features.count + feature] }
        // Compared with, written out: skill 0 sees 2 wins (on 1) and 1 fail (on 3), skill 2 the 2
        // wins on 1; skills 1 and 3 see no practice on their neighbours (0 and 2, never answered,
        // for 1; 0 for 3), and add their own γ terms.
        let expected: [Int: Double] = [
            0: withoutPractice(0) + weight(0, 0) * log(3.0) + weight(0, 1) * log(2.0),
            2: withoutPractice(2) + weight(2, 0) * log(3.0),
            1: withoutPractice(1) + model.gainCorrect[1] * log(3.0),
            3: withoutPractice(3) + model.gainWrong[3] * log(2.0),
        ]
        for (skill, logit) in expected {
            // 1e-6: the counts' logarithms are rounded to Float, as training stores them.
            XCTAssertEqual(columns.probability[skill], 1 / (1 + exp(-logit)), accuracy: 1e-6, "skill \(skill)")
            XCTAssertEqual(model.logit(of: StudentAnswer(skill: skill, outcome: 0), for: state), logit, accuracy: 1e-6, "skill \(skill)")
        }
        XCTAssertEqual(StudentState(try model.foldIn([StudentAnswer(skill: 1, outcome: 1), StudentAnswer(skill: 1, outcome: 1),
                                                      StudentAnswer(skill: 3, outcome: 0)])).history, state.history)
    }

    /// The related pair reads the win and fail tallies only, so a state keeps the order of the
    /// answers just when another feature reads it: by fold-in and by update alike.
    func testOnlyFeaturesThatReadTheOrderKeepAnAnswerHistory() throws {
        let answers = [StudentAnswer(skill: 1, outcome: 1), StudentAnswer(skill: 3, outcome: 0), StudentAnswer(skill: 1, outcome: 0)]
        for (features, keeps) in [([PracticeFeature](), false), (features, false), ([.recentWins, .relatedFails], true), ([.previousWin], true)] {
            let model = PracticeFeatureTests.model(features: features)
            XCTAssertEqual(model.keepsAnswerHistory, keeps, "\(features)")
            var state = model.initialState()
            for answer in answers { try model.update(&state, with: answer) }
            XCTAssertEqual(state.history == PracticeHistory(), !keeps, "\(features): update")
            XCTAssertEqual(StudentState(try model.foldIn(answers)).history, state.history, "\(features): fold-in")
        }
    }

    func testAModelWithRelatedFeaturesAndNoGraphIsNeitherWrittenNorRead() throws {
        let directory = TemporaryDirectory("related-no-graph")
        let model = PracticeFeatureTests.model(features: features)
        var metadata = model.metadata
        metadata.prerequisites = nil
        let withoutGraph = MasteryModel(metadata: metadata, globalBias: model.globalBias, skillBias: model.skillBias,
                                        skillFactors: model.skillFactors, gainCorrect: model.gainCorrect, gainWrong: model.gainWrong,
                                        practiceWeights: model.practiceWeights, itemIds: model.itemIds, itemBias: model.itemBias)
        let path = directory.path("m.lotrinh")
        XCTAssertThrowsError(try withoutGraph.write(to: path)) { error in
            guard case let .invalidModel(_, section, reason)? = error as? ModelFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(section, "metadata")
            XCTAssertTrue(reason.contains("relatedWins") && reason.contains("no prerequisite edges"), reason)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        // With its graph the same model round-trips and keeps its neighbours.
        try model.write(to: path)
        let loaded = try MasteryModel.load(from: path)
        XCTAssertEqual(loaded.relatedSkills, model.relatedSkills)
        XCTAssertEqual(Array(loaded.relatedSkills.neighbours(of: 0)), [1, 3])
    }
}
