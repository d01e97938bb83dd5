import MasteryData
import XCTest

/// The one check of thresholds and confidence levels: each range's ends, NaN and infinities, and
/// the one message every caller shows.
final class ProbabilitySettingTests: XCTestCase {
    func testEachRuleAcceptsItsRangeAndNothingElse() {
        let probes = [-Double.infinity, -0.1, 0, 0.25, 0.5, 0.5000001, 0.8, 0.9999, 1, 1.0001, .infinity, .nan]
        for value in probes {
            // Independent: each range written out as an interval test of its own.
            XCTAssertEqual((try? MasteryThreshold(value)) != nil, value > 0 && value <= 1, "threshold \(value)")
            XCTAssertEqual((try? MasteryThreshold(decidable: value)) != nil, value > 0 && value < 1, "decidable \(value)")
            XCTAssertEqual((try? ConfidenceLevel(value)) != nil, value > 0 && value < 1, "confidence \(value)")
            XCTAssertEqual((try? ConfidenceLevel(decision: value)) != nil, value > 0.5 && value < 1, "decision \(value)")
        }
        XCTAssertEqual(try MasteryThreshold(0.8).value, 0.8)
    }

    func testTheMessageNamesTheSettingRangeAndValue() {
        XCTAssertThrowsError(try MasteryThreshold(0, name: "--threshold")) { error in
            XCTAssertEqual("\(error)", "--threshold must be a number in (0, 1], got 0.0: the mastery probability at which a skill counts as mastered")
        }
        XCTAssertThrowsError(try ConfidenceLevel(decision: 0.5, name: "--decision-confidence")) { error in
            XCTAssertTrue("\(error)".hasPrefix("--decision-confidence must be a number in (0.5, 1), got 0.5: "), "\(error)")
        }
        XCTAssertThrowsError(try ConfidenceLevel(.nan)) { error in
            XCTAssertTrue("\(error)".hasPrefix("confidence must be a number in (0, 1), got nan: "), "\(error)")
        }
        XCTAssertThrowsError(try MasteryThreshold(decidable: 1)) { error in
            XCTAssertTrue("\(error)".hasPrefix("threshold must be a number in (0, 1), got 1.0: "), "\(error)")
        }
    }
}
