import Foundation
import LotrinhTestSupport
import MasteryData
import MasteryModel
@testable import Training
import XCTest

/// Fits with practice on neighbouring skills (``PracticeFeature/relatedWins``,
/// ``PracticeFeature/relatedFails``): the fit finds an effect that only a prerequisite's practice
/// carries, and refuses the features when there is no graph to take neighbours from.
final class RelatedPracticeFitTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUp() { directory = TemporaryDirectory("related-practice-fit") }
    override func tearDown() { directory = nil }

    /// Each student answers `a` three times (right with probability ½), then `b` twice, right
    /// with probability σ(−0.5 + 1.5·log(1 + wins on a) − 1.0·log(1 + fails on a)).
    private func data(students: Int, seed: UInt64) throws -> ResponseData {
        var random = SeededRandom(seed: seed)
        var lines = ["student_id,skill_id,correct,order"]
        var order = 0
        for student in 0..<students {
            var wins = 0.0, fails = 0.0
            func answer(_ skill: String, _ right: Bool) {
                lines.append("s\(student),\(skill),\(right ? 1 : 0),\(order)")
                order += 1
            }
            for _ in 0..<3 {
                let right = random.nextUniform() < 0.5
                if right { wins += 1 } else { fails += 1 }
                answer("a", right)
            }
            let logit = -0.5 + 1.5 * log1p(wins) - 1.0 * log1p(fails)
            for _ in 0..<2 { answer("b", random.nextUniform() < 1 / (1 + exp(-logit))) }
        }
        return try ResponseLoader.load(path: directory.write("responses.csv", lines.joined(separator: "\n") + "\n")).0
    }

    func testTheFitFindsTheEffectOfPracticeOnAPrerequisite() throws {
        let data = try data(students: 3000, seed: 41)
        let a = try XCTUnwrap(data.skillIds.index(of: "a")), b = try XCTUnwrap(data.skillIds.index(of: "b"))
        let graph = PrerequisiteGraph(skillCount: data.skillCount, edges: [.init(prerequisite: a, skill: b)])
        var config = FitConfiguration(rank: 0, threads: 2)
        config.terms.practiceFeatures = [.relatedWins, .relatedFails]
        // The truth has no student effect; a free student bias would take part of the effect (a
        // student's answers on a and on b move together), so it is pinned near 0.
        config.regularization.studentBias = 1e4
        let model = try Trainer.fit(data, graph: graph, configuration: config).model
        func weight(_ skill: Int, _ feature: PracticeFeature) -> Double {
            model.practiceWeights[skill * 2 + model.practiceFeatures.firstIndex(of: feature)!]
        }
        // The truth is +1.5 and −1.0 (6,000 answers on b; this seed gives 1.42 and a fail weight within 0.05 of the truth).
        XCTAssertEqual(weight(b, .relatedWins), 1.5, accuracy: 0.25)
        XCTAssertEqual(weight(b, .relatedFails), -1.0, accuracy: 0.25)
        // Skill a's rows come before any answer on b: their related counts are all 0, and the
        // penalty leaves their weights at 0.
        XCTAssertEqual(weight(a, .relatedWins), 0, accuracy: 1e-9)
        XCTAssertEqual(weight(a, .relatedFails), 0, accuracy: 1e-9)
        XCTAssertEqual(Array(model.relatedSkills.neighbours(of: b)), [Int32(a)])
    }

    func testRelatedFeaturesWithoutAGraphAreRefused() throws {
        let data = try data(students: 20, seed: 2)
        var config = FitConfiguration(rank: 0, threads: 1)
        config.terms.practiceFeatures = [.recentWins, .relatedFails]
        for graph in [nil, PrerequisiteGraph(skillCount: data.skillCount, edges: [])] {
            XCTAssertThrowsError(try Trainer.fit(data, graph: graph, configuration: config)) { error in
                guard case let .invalidConfiguration(reason)? = error as? TrainingError else { return XCTFail("\(error)") }
                XCTAssertTrue(reason.contains("relatedFails") && reason.contains("no prerequisite edges"), reason)
            }
        }
    }
}
