import Reports
import XCTest

/// The plain-language levels: their bounds, their words and the rule the reports print.
final class MasteryLevelTests: XCTestCase {
    func testLevelsAtAndAroundTheirBounds() {
        // Bounds written out for the default threshold 0.8: learning from 0.40, almost from 0.65.
        let expected: [(Double, MasteryLevel)] = [
            (0, .notStarted), (0.394, .notStarted), (0.4, .learning), (0.644, .learning),
            (0.65, .almost), (0.794, .almost), (0.8, .mastered), (0.81, .mastered), (1, .mastered),
        ]
        for (mastery, level) in expected {
            XCTAssertEqual(MasteryLevel(mastery: mastery, threshold: 0.8), level, "\(mastery)")
        }
        // The level reads the estimate as printed: 0.7996 prints 0,80 and reads mastered beside
        // it, 0.7949 prints 0,79 and reads almost; likewise at the other bounds.
        XCTAssertEqual(MasteryLevel(mastery: 0.7996, threshold: 0.8), .mastered)
        XCTAssertEqual(MasteryLevel(mastery: 0.7949, threshold: 0.8), .almost)
        XCTAssertEqual(MasteryLevel(mastery: 0.3951, threshold: 0.8), .learning)
        XCTAssertEqual(MasteryLevel(mastery: 0.6449, threshold: 0.8), .learning)
        // A skill at 0.81 reads mastered whatever its interval: the level reads the estimate.
        XCTAssertEqual(MasteryLevel(mastery: 0.81, threshold: 0.8), .mastered)
    }

    func testTheAlmostBandFollowsTheThreshold() {
        XCTAssertEqual(MasteryLevel(mastery: 0.76, threshold: 0.9), .almost)   // 0.9 − 0.15 = 0.75
        XCTAssertEqual(MasteryLevel(mastery: 0.74, threshold: 0.9), .learning)
        // Threshold 0.5: "almost" from 0.35 (below 0.40), so no estimate is "learning" and the rule omits it.
        XCTAssertEqual(MasteryLevel(mastery: 0.39, threshold: 0.5), .almost)
        XCTAssertEqual(MasteryLevel(mastery: 0.34, threshold: 0.5), .notStarted)
        XCTAssertEqual(Words(language: .en).levelRule(threshold: 0.5), "not started < 0.35 ≤ almost < 0.50 ≤ mastered")
    }

    func testWordsAndRuleInBothLanguages() {
        let vietnamese = Words(language: .vi)
        XCTAssertEqual(MasteryLevel.allCases.map(vietnamese.level), ["chưa học", "đang học", "gần thành thạo", "thành thạo"])
        XCTAssertEqual(vietnamese.levelRule(threshold: 0.8), "chưa học < 0,40 ≤ đang học < 0,65 ≤ gần thành thạo < 0,80 ≤ thành thạo")
        let english = Words(language: .en)
        XCTAssertEqual(MasteryLevel.allCases.map(english.level), ["not started", "learning", "almost", "mastered"])
        XCTAssertEqual(english.levelRule(threshold: 0.9), "not started < 0.40 ≤ learning < 0.75 ≤ almost < 0.90 ≤ mastered")
        XCTAssertEqual(vietnamese.intervalTooltip(mastery: 0.74, lower: 0.25, upper: 0.96, confidence: 0.95),
                       "ước lượng 0,74, khoảng tin cậy 95% 0,25–0,96")
    }
}
