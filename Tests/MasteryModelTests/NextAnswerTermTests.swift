import Foundation
import LotrinhTestSupport
import MasteryData
@testable import MasteryModel
import XCTest

/// The next-answer terms (`ModelTerms.nextAnswerFeatures`): they move the probability of the next
/// answer by `Σ w·x`, and nothing else — not a student's estimate, not mastery — and the model file
/// keeps their weights and refuses metadata that could not have them.
final class NextAnswerTermTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUp() { directory = TemporaryDirectory("next-answer-terms") }
    override func tearDown() { directory = nil }

    private static let features: [PracticeFeature] = [.previousWin, .totalFails]
    private static let weights = [0.7, -0.4]

    /// The same parameters with and without the terms.
    private static func models() -> (with: MasteryModel, without: MasteryModel) {
        let base = ModelFixtures.model(rank: 2, items: 0, students: 0)
        var metadata = base.metadata
        metadata.terms.nextAnswerFeatures = features
        let with = MasteryModel(metadata: metadata, globalBias: base.globalBias, skillBias: base.skillBias,
                                skillFactors: base.skillFactors, gainCorrect: base.gainCorrect, gainWrong: base.gainWrong,
                                nextAnswerWeights: ParameterArray(weights))
        return (with, base)
    }

    private static let answers = [StudentAnswer(skill: 0, outcome: 1), StudentAnswer(skill: 1, outcome: 0),
                                  StudentAnswer(skill: 0, outcome: 1), StudentAnswer(skill: 2, outcome: 0),
                                  StudentAnswer(skill: 1, outcome: 1)]

    func testTheEstimateAndMasteryIgnoreTheTermsAndTheNextAnswerAddsThem() throws {
        let (with, without) = Self.models()
        var stateWith = with.initialState(), stateWithout = without.initialState()
        for (index, answer) in Self.answers.enumerated() {
            // The term before each answer, by hand from the answers before it:
            // 0.7 · (previous outcome, 0 before the first) − 0.4 · log(1 + wrong answers so far).
            let earlier = Self.answers[..<index]
            let expectedTerm = 0.7 * (earlier.last?.outcome ?? 0) - 0.4 * log1p(Double(earlier.count { $0.outcome == 0 }))
            for skill in 0..<3 {
                XCTAssertEqual(with.nextAnswerTerm(skill: skill, after: stateWith), expectedTerm, accuracy: 1e-6, "answer \(index), skill \(skill)")
                let next = StudentAnswer(skill: skill, outcome: 0)
                XCTAssertEqual(with.logit(of: next, for: stateWith), without.logit(of: next, for: stateWithout) + expectedTerm,
                               accuracy: 1e-6)
            }
            try with.update(&stateWith, with: answer)
            try without.update(&stateWithout, with: answer)
            XCTAssertEqual(stateWith.theta, stateWithout.theta, "the per-answer update leaves the terms out")
            XCTAssertEqual(with.studentMasteries(of: stateWith).probability, without.studentMasteries(of: stateWithout).probability,
                           "mastery leaves the terms out")
            for skill in 0..<3 {
                XCTAssertEqual(with.mastery(of: stateWith, skill: skill).probability, without.mastery(of: stateWithout, skill: skill).probability,
                               "one skill's mastery leaves them out too")
                let next = StudentAnswer(skill: skill, outcome: 0)
                XCTAssertEqual(with.predict(next, for: stateWith, asTheNextAnswer: false), without.predict(next, for: stateWithout))
            }
        }
        let foldedWith = try with.foldIn(Self.answers), foldedWithout = try without.foldIn(Self.answers)
        XCTAssertEqual(foldedWith.bias, foldedWithout.bias)
        XCTAssertEqual(foldedWith.factors, foldedWithout.factors)
        XCTAssertEqual(foldedWith.covariance, foldedWithout.covariance)
        // After a fold-in the history is complete: the last answer was right, two were wrong.
        let folded = StudentState(foldedWith)
        XCTAssertEqual(with.nextAnswerTerm(skill: 1, after: folded), 0.7 * 1 - 0.4 * log1p(2), accuracy: 1e-6)
    }

    func testAModelFileKeepsTheWeightsAndAFileWithoutThemHasNoTraceOfThem() throws {
        let (with, without) = Self.models()
        let path = directory.path("with.lotrinh")
        try with.write(to: path)
        let loaded = try MasteryModel.load(from: path)
        XCTAssertEqual(loaded.nextAnswerFeatures, Self.features)
        XCTAssertEqual(loaded.nextAnswerWeights.map(\.bitPattern), Self.weights.map(\.bitPattern))
        // A model without the terms writes neither the section nor the metadata key, so its
        // file is what it was before they existed.
        let plain = directory.path("without.lotrinh")
        try without.write(to: plain)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: plain))
        XCTAssertNil(bytes.range(of: Data("nextAnswer".utf8)))
        XCTAssertEqual(try MasteryModel.load(from: plain).nextAnswerFeatures, [])
    }

    func testMetadataThatCouldNotHaveTheTermsIsRefused() {
        let (with, _) = Self.models()
        let cases: [([PracticeFeature], [PracticeFeature], String)] = [
            ([.relatedWins], [], "cannot be a next-answer feature"),
            ([.previousWin, .previousWin], [], "name one twice"),
            ([.recentWins], [.recentWins], "both a practice feature and a next-answer feature"),
        ]
        for (nextAnswer, practice, message) in cases {
            var metadata = with.metadata
            metadata.terms.nextAnswerFeatures = nextAnswer
            metadata.terms.practiceFeatures = practice
            let problem = ModelFileLayout.metadataProblem(metadata)
            XCTAssertTrue(problem?.contains(message) == true, "\(nextAnswer): \(problem ?? "accepted")")
        }
        var graded = with.metadata
        graded.kind = .gaussian
        XCTAssertTrue(ModelFileLayout.metadataProblem(graded)?.contains("predicts graded scores") == true,
                      "a forged file could not apply them to a clipped linear prediction")
        XCTAssertEqual(ModelFileLayout.countsProblem([.globalBias: 1, .skillBias: 5, .gainCorrect: 5, .gainWrong: 5, .skillFactors: 10,
                                                      .itemIds: 0, .itemBias: 0, .studentIds: 0, .studentBias: 0, .studentFactors: 0,
                                                      .nextAnswerTerms: PracticeFeature.allCases.count + 1])?.section,
                       "nextAnswerTerms")
    }
}
