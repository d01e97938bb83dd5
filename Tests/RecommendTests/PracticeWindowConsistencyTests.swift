@testable import LearningPaths
import MasteryData
@testable import MasteryModel
@testable import Recommend
import XCTest

/// The planner's projection of a step (`PracticeWindow`) starts from the same feature values the
/// model adds to the student's next answer on the skill (`PracticeHistory` and `PracticeCounts`).
final class PracticeWindowConsistencyTests: XCTestCase {
    func testTheWindowsTermsAreTheModelsFeatureTermsAtTheNextAnswer() throws {
        let features: [PracticeFeature] = [.recentAttempts, .recentWins, .answersSince, .rightStreak, .wrongStreak]
        let skills = 4
        var random = SeededRandom(seed: 21)
        func values(_ count: Int) -> ParameterArray { ParameterArray((0..<count).map { _ in random.nextUniform() - 0.5 }) }
        let metadata = ModelMetadata(kind: .logistic, rank: 1, terms: ModelTerms(practiceFeatures: features),
                                     regularization: Regularization(), recency: .none, onlineRecency: .none,
                                     skillIds: ["a", "b", "c", "d"], skillNames: ["a", "b", "c", "d"], dataFingerprint: "f", createdAt: "t")
        let weights = values(skills * features.count)
        let model = MasteryModel(metadata: metadata, globalBias: 0.1, skillBias: values(skills), skillFactors: values(skills),
                                 gainCorrect: values(skills), gainWrong: values(skills), practiceWeights: weights)
        let withoutFeatures = MasteryModel(metadata: metadata, globalBias: model.globalBias, skillBias: model.skillBias,
                                           skillFactors: model.skillFactors, gainCorrect: model.gainCorrect, gainWrong: model.gainWrong,
                                           practiceWeights: ParameterArray(Array(repeating: 0, count: weights.count)))
        let recommender = try Recommender(model: model)
        var state = recommender.newStudent()
        // Runs of each kind, an answer of skill "a" still in the window and one gone from it,
        // a graded outcome, and "d" never answered.
        for (skill, outcome) in [("a", 1.0), ("b", 0), ("a", 1), ("c", 0), ("c", 0), ("b", 1), ("a", 0.75), ("b", 0), ("c", 1), ("b", 1)] {
            try recommender.update(&state, with: AnswerRecord(skillId: skill, outcome: outcome))
        }
        let curves = try XCTUnwrap(recommender.learningCurves(of: state))
        let featureTerms = zip(model.practiceLogits(of: state), withoutFeatures.practiceLogits(of: state)).map { $0 - $1 }
        for skill in 0..<skills {
            let window = try XCTUnwrap(curves.learningCurve(of: skill).practiceWindow)
            let start = window.terms(after: [], streaks: (window.rightStreak, window.wrongStreak))
            // The model's values pass through Float (`PracticeCounts.write`): agreement to 1e-6.
            XCTAssertEqual(start, featureTerms[skill], accuracy: 1e-6, "skill \(metadata.skillIds[skill])")
        }
    }
}
