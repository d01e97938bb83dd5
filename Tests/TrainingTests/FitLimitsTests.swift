import LotrinhTestSupport
import MasteryData
import Training
import XCTest

/// The rank and λ limits have one owner (`FitConfiguration.rankRange`, `.lambdaRange`): the
/// trainer refuses the ranks the commands and the tuner refuse, with the same bounds.
final class FitLimitsTests: XCTestCase {
    func testTheTrainerRefusesARankOutsideTheLimit() throws {
        let data = try SyntheticTruth(students: 20, answersPerStudent: 10, rank: 1, seed: 3).dataset.responses
        let tooLarge = FitConfiguration(rank: 513, maxSweeps: 1, threads: 1)
        XCTAssertThrowsError(try Trainer.fit(data, configuration: tooLarge)) { error in
            XCTAssertEqual(error as? TrainingError, .invalidConfiguration("rank 513 is outside 0…512"))
        }
    }

    func testTheTunerAndTheTrainerShareTheBounds() {
        XCTAssertThrowsError(try TuningSpace(ranks: [513], factorLambdas: [16]).validate()) { error in
            XCTAssertEqual(error as? TuningError, .invalidValue(list: "ranks", value: "513", expected: "an integer from 0 to 512"))
        }
        XCTAssertThrowsError(try TuningSpace(ranks: [8], factorLambdas: [1e11]).validate()) { error in
            XCTAssertEqual(error as? TuningError, .invalidValue(list: "factor λs", value: "100000000000.0", expected: "a number from 1e-10 to 1e10"))
        }
        XCTAssertNoThrow(try TuningSpace(ranks: [0, 512], factorLambdas: [1e-10, 1e10]).validate())
    }
}
