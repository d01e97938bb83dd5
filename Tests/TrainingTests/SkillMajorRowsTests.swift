import MasteryModel
@testable import Training
import XCTest

/// The skill pass's copy of the rows: skill by skill in row order, and in the compact layout only
/// when every value comes back exactly.
final class SkillMajorRowsTests: XCTestCase {
    func testWholeCountLogsInvertExactlyAndRefuseEverythingElse() {
        for count in [0, 1, 2, 7, 1023, 1024, 4097, 65_535] {
            XCTAssertEqual(WholeCountLogs.table[count], Float(log1p(Double(count))))
            XCTAssertEqual(WholeCountLogs.count(of: WholeCountLogs.table[count]), count)
        }
        for value in [Float(log1p(0.5)), Float(log1p(65_536.0)), -1, .nan, .infinity, Float(log1p(3.0)).nextUp] {
            XCTAssertNil(WholeCountLogs.count(of: value), "\(value)")
        }
    }

    func testCompactLayoutHoldsTheSameRowsAsTheTrainingSet() throws {
        let data = try SyntheticTruth(students: 80, answersPerStudent: 30, rank: 2, seed: 3).dataset.responses
        let set = TrainingSet(data: data, recency: .none, useItems: true)
        XCTAssertTrue(set.rowPractice.contains { $0 > 0 }, "the data must repeat skills for the counts to mean anything")
        let rows = SkillMajorRows(set)
        XCTAssertTrue(rows.isCompact)
        // The stable counting sort, written as a sort of row numbers by (skill, row).
        let order = (0..<set.rowCount).sorted { (set.rowSkill[$0], $0) < (set.rowSkill[$1], $1) }
        for (position, row) in order.enumerated() {
            XCTAssertEqual(rows.student[position], set.rowStudent[row])
            XCTAssertEqual(rows.item[position], set.rowItem[row])
            XCTAssertEqual(Float(rows.outcome[position]), set.rowTarget[row])
            XCTAssertEqual(WholeCountLogs.table[Int(rows.counts[position] & 0xFFFF)], set.rowPractice[row * 2])
            XCTAssertEqual(WholeCountLogs.table[Int(rows.counts[position] >> 16)], set.rowPractice[row * 2 + 1])
        }
    }

    func testFeaturesOrRecencyKeepTheFloatLayout() throws {
        let data = try SyntheticTruth(students: 40, answersPerStudent: 20, rank: 2, seed: 4).dataset.responses
        let features = TrainingSet(data: data, recency: .none, useItems: false, features: [.recentWins])
        XCTAssertFalse(SkillMajorRows(features).isCompact, "further features are not whole counts")
        let recent = TrainingSet(data: data, recency: Recency(halfLife: 5, unit: .answers), useItems: false)
        let rows = SkillMajorRows(recent)
        XCTAssertFalse(recent.hasUnitWeights)
        XCTAssertEqual(rows.weightStride, 1)
        let order = (0..<recent.rowCount).sorted { (recent.rowSkill[$0], $0) < (recent.rowSkill[$1], $1) }
        for (position, row) in order.enumerated() {
            XCTAssertEqual(rows.weight[position], recent.weight(ofRow: row))
            if !rows.isCompact { XCTAssertEqual(rows.target[position], recent.rowTarget[row]) }
        }
    }
}
