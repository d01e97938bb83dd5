@testable import MasteryModel
import XCTest

/// The tally reads like the dictionary it replaced: same lookups, same contents whichever way it
/// is built, iteration in ascending skill order.
final class PracticeTallyTests: XCTestCase {
    func testBuildingByAddingMatchesADictionary() {
        var tally = PracticeTally()
        var dictionary: [Int: Double] = [:]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let skill = Int.random(in: 0..<40, using: &generator)
            let amount = Double.random(in: 0...1, using: &generator)
            tally.add(amount, to: skill)
            dictionary[skill, default: 0] += amount
        }
        XCTAssertEqual(tally.count, dictionary.count)
        for skill in -1...41 { XCTAssertEqual(tally[skill], dictionary[skill], "skill \(skill)") }
        // Compared with: the dictionary's keys sorted.
        XCTAssertEqual(tally.map(\.key), dictionary.keys.sorted())
        XCTAssertEqual(tally.map(\.value), dictionary.keys.sorted().map { dictionary[$0]! })
    }

    func testSortedConstructionLiteralAndEquality() {
        let skills: [Int32] = [30, 2, 17, 5]
        let (built, failures) = skills.withUnsafeBufferPointer { PracticeTally.pair(skills: $0, wins: [3, 0.5, 1, 2], fails: [0, 1, 2, 3]) }
        XCTAssertEqual(built.skills, [2, 5, 17, 30])
        // Compared with: the fails listed in the skills' sorted order (2, 5, 17, 30).
        XCTAssertEqual(failures.counts, [1, 3, 2, 0])
        let literal: PracticeTally = [17: 1, 2: 0.5, 30: 3, 5: 2]
        XCTAssertEqual(built, literal)
        XCTAssertNil(built[3])
        XCTAssertEqual(built[30], 3)
        XCTAssertNotEqual(built, [17: 1, 2: 0.5, 30: 3])
        XCTAssertTrue(PracticeTally().isEmpty)
    }
}
