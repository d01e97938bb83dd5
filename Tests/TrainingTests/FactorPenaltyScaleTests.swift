import Foundation
import LotrinhTestSupport
import MasteryData
import MasteryModel
@testable import Training
import XCTest

/// λ_factors grows with the matrix beyond the shared datasets' size, as the nuclear-norm rate
/// √(N·max(m, n)/(m·n)) does, and a penalty that was chosen is left alone.
final class FactorPenaltyScaleTests: XCTestCase {
    func testTheScaleIsOneUpToASSISTmentsAndGrowsAsTheRateBeyond() {
        // ASSISTments 2009 as fitted: √(325,589 · 4,150 / (4,150 · 110)) = √2,959.9 = 54.40 < 54.5.
        XCTAssertEqual(FitConfiguration.factorPenaltyScale(answers: 325_589, students: 4_150, skills: 110), 1)
        // 200,000 students × 500 skills, 20 M answers: √(2e7 · 2e5 / (2e5 · 500)) = √40,000 = 200.
        XCTAssertEqual(FitConfiguration.factorPenaltyScale(answers: 20_000_000, students: 200_000, skills: 500), 200 / 54.5,
                       accuracy: 1e-12)
        // More skills than students: max(m, n) = n, so √(N / m) = √(1,000,000 / 10) = 316.2.
        XCTAssertEqual(FitConfiguration.factorPenaltyScale(answers: 1_000_000, students: 10, skills: 100), 100_000.0.squareRoot() / 54.5,
                       accuracy: 1e-12)
        XCTAssertEqual(FitConfiguration.factorPenaltyScale(answers: 0, students: 0, skills: 0), 1)
    }

    /// 100 students × one skill × 60 answers: √(6,000 · 100 / (100 · 1)) = √6,000 = 77.46, so the
    /// default λ 16 becomes 16 · 77.46 / 54.5 = 22.74 on both sides, in the model fold-in reads.
    func testAFitAboveTheReferenceKeepsTheRaisedPenaltyAndAChosenOneAsItIs() throws {
        let directory = TemporaryDirectory("factor-penalty")
        var random = SeededRandom(seed: 3)
        var lines = ["student_id,skill_id,correct"]
        for student in 0..<100 {
            for _ in 0..<60 { lines.append("u\(student),k0,\(random.nextUniform() < 0.6 ? 1 : 0)") }
        }
        let (data, _) = try ResponseLoader.load(path: directory.write("responses.csv", lines.joined(separator: "\n") + "\n"))
        var configuration = FitConfiguration(rank: 2, maxSweeps: 3, threads: 1)
        let raised = try Trainer.fit(data, configuration: configuration).model.metadata.regularization
        let expected = 16 * 6_000.0.squareRoot() / 54.5
        XCTAssertEqual(raised.studentFactors, expected, accuracy: 1e-9)
        XCTAssertEqual(raised.skillFactors, expected, accuracy: 1e-9)
        XCTAssertEqual(raised.studentBias, 1, "only the factors' penalty scales")
        configuration.scalesFactorPenalty = false
        let chosen = try Trainer.fit(data, configuration: configuration).model.metadata.regularization
        XCTAssertEqual(chosen.studentFactors, 16)
        XCTAssertEqual(chosen.skillFactors, 16)
    }
}
