import Foundation
import LotrinhTestSupport
import Recommend
import XCTest

/// A service's JSON path request decodes to the request it means, or fails with an error that
/// names the key and says what was expected.
final class PathRequestCodingTests: XCTestCase {
    private func decode(_ json: String) throws -> PathRequest {
        try JSONDecoder().decode(PathRequest.self, from: Data(json.utf8))
    }

    /// The coding path and description of the error `json` fails with.
    private func failure(_ json: String, file: StaticString = #filePath, line: UInt = #line) -> (key: String, message: String) {
        do {
            let request = try decode(json)
            XCTFail("decoded \(request)", file: file, line: line)
        } catch let DecodingError.dataCorrupted(context) {
            return (context.codingPath.map(\.stringValue).joined(separator: "."), context.debugDescription)
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
        return ("", "")
    }

    func testAnEmptyObjectIsTheDefaultRequest() throws {
        XCTAssertEqual(try decode("{}"), PathRequest())
        XCTAssertEqual(try decode(#"{"goals": null}"#), PathRequest())
    }

    func testEveryFieldIsRead() throws {
        let json = #"{"goals": ["T6.26", "T6.30"], "threshold": 0.7, "confidence": 0.9, "maximumSteps": 5, "excluded": ["T6.05"], "scheduled": ["T6.13"], "maximumAnswers": 20, "recentSkills": ["T6.12"]}"#
        XCTAssertEqual(try decode(json), PathRequest(goals: ["T6.26", "T6.30"], threshold: 0.7, confidence: 0.9, maximumSteps: 5,
                                                    excluded: ["T6.05"], scheduled: ["T6.13"], maximumAnswers: 20, recentSkills: ["T6.12"]))
    }

    func testEncodingAndDecodingGiveTheSameRequest() throws {
        for request in [PathRequest(), PathRequest(goals: ["a"], threshold: 1, confidence: 0.5, maximumSteps: 1, excluded: ["b"], scheduled: ["c"],
                                                   maximumAnswers: 7, recentSkills: ["d"])] {
            XCTAssertEqual(try JSONDecoder().decode(PathRequest.self, from: JSONEncoder().encode(request)), request)
        }
        let encoded = String(decoding: try JSONEncoder().encode(PathRequest()), as: UTF8.self)
        XCTAssertFalse(encoded.contains("goals") || encoded.contains("maximumSteps"), "nil fields are left out: \(encoded)")
    }

    func testThresholdsOutsideZeroToOneAreRefusedNamingTheKey() {
        for value in ["0", "-0.5", "1.0001", "1e308"] {
            let (key, message) = failure(#"{"threshold": \#(value)}"#)
            XCTAssertEqual(key, "threshold")
            XCTAssertTrue(message.contains("threshold must be a number in (0, 1], got"), message)
        }
        XCTAssertNoThrow(try decode(#"{"threshold": 1}"#))
    }

    func testConfidenceMustLieStrictlyBetweenZeroAndOne() {
        for value in ["0", "1", "95"] {
            let (key, message) = failure(#"{"confidence": \#(value)}"#)
            XCTAssertEqual(key, "confidence")
            XCTAssertTrue(message.contains("confidence must be a number in (0, 1), got"), message)
        }
    }

    func testAtLeastOneStep() {
        let (key, message) = failure(#"{"maximumSteps": 0}"#)
        XCTAssertEqual(key, "maximumSteps")
        XCTAssertTrue(message.contains("at least 1"), message)
    }

    func testAnAnswerBudgetOutsideItsRangeIsRefused() {
        for budget in [0, -3, Recommender.maximumAnswerBudget + 1] {
            let (key, message) = failure(#"{"maximumAnswers": \#(budget)}"#)
            XCTAssertEqual(key, "maximumAnswers")
            XCTAssertTrue(message.contains("\(budget)"), message)
        }
    }

    func testSessionPracticeIsReadAndNeedsABudget() throws {
        var expected = PathRequest(maximumAnswers: 6)
        expected.sessionPractice = ["T6.01": 2, "T6.02": 0]
        XCTAssertEqual(try decode(#"{"maximumAnswers": 6, "sessionPractice": {"T6.01": 2, "T6.02": 0}}"#), expected)
        XCTAssertEqual(try JSONDecoder().decode(PathRequest.self, from: JSONEncoder().encode(expected)), expected)
        var (key, message) = failure(#"{"sessionPractice": {"T6.01": 2}}"#)
        XCTAssertEqual(key, "sessionPractice")
        XCTAssertTrue(message.contains("needs maximumAnswers"), message)
        (key, message) = failure(#"{"maximumAnswers": 6, "sessionPractice": {"T6.01": -1}}"#)
        XCTAssertEqual(key, "sessionPractice")
        XCTAssertTrue(message.contains("sessionPractice[T6.01] = -1"), message)
        (key, message) = failure(#"{"maximumAnswers": 6, "sessionPractice": {"": 1}}"#)
        XCTAssertTrue(message.contains("empty skill id"), message)
    }

    func testTheSessionBudgetRuleNamesTheBudgetInTheCallersWords() {
        for part in PathRequest.SessionPart.allCases {
            XCTAssertNil(PathRequest.sessionBudgetFault(part, isGiven: false, budget: nil))
            XCTAssertNil(PathRequest.sessionBudgetFault(part, isGiven: true, budget: 4))
            let library = PathRequest.sessionBudgetFault(part, isGiven: true, budget: nil) ?? ""
            XCTAssertTrue(library.hasPrefix("\(part.rawValue) needs maximumAnswers: "), library)
            let contract = PathRequest.sessionBudgetFault(part, isGiven: true, budget: nil, budgetName: "maxAnswers") ?? ""
            XCTAssertEqual(contract, library.replacingOccurrences(of: "maximumAnswers", with: "maxAnswers"))
        }
    }

    func testSessionScheduleIsReadAndNeedsABudget() throws {
        var expected = PathRequest(maximumAnswers: 3)
        expected.sessionPractice = ["T6.01": 1]
        expected.sessionSchedule = ["T6.01", "T6.02", "T6.02"]
        XCTAssertEqual(try decode(#"{"maximumAnswers": 3, "sessionPractice": {"T6.01": 1}, "sessionSchedule": ["T6.01", "T6.02", "T6.02"]}"#),
                       expected)
        XCTAssertEqual(try JSONDecoder().decode(PathRequest.self, from: JSONEncoder().encode(expected)), expected)
        var (key, message) = failure(#"{"sessionSchedule": ["T6.01"]}"#)
        XCTAssertEqual(key, "sessionSchedule")
        XCTAssertTrue(message.contains("needs maximumAnswers"), message)
        (key, message) = failure(#"{"maximumAnswers": 2, "sessionSchedule": ["T6.01", ""]}"#)
        XCTAssertEqual(key, "sessionSchedule")
        XCTAssertTrue(message.contains("sessionSchedule[1] is an empty skill id"), message)
        let tooLong = String(repeating: #""T6.01","#, count: Recommender.maximumAnswerBudget) + #""T6.01""#
        (key, message) = failure(#"{"maximumAnswers": 2, "sessionSchedule": [\#(tooLong)]}"#)
        XCTAssertEqual(key, "sessionSchedule")
        XCTAssertTrue(message.contains("at most \(Recommender.maximumAnswerBudget)"), message)
    }

    func testEmptySkillIdsAreRefusedWithTheirPosition() {
        let (key, message) = failure(#"{"goals": ["T6.01", ""]}"#)
        XCTAssertEqual(key, "goals")
        XCTAssertTrue(message.contains("goals[1] is an empty skill id"), message)
        XCTAssertEqual(failure(#"{"excluded": [""]}"#).key, "excluded")
    }

    func testASkillBothExcludedAndScheduledIsRefused() {
        let (key, message) = failure(#"{"excluded": ["T6.05", "T6.06"], "scheduled": ["T6.06"]}"#)
        XCTAssertEqual(key, "scheduled")
        XCTAssertTrue(message.contains("'T6.06' is both excluded and scheduled"), message)
    }

    func testAMisspeltKeyIsNotIgnored() {
        let (key, message) = failure(#"{"treshold": 0.9}"#)
        XCTAssertEqual(key, "treshold")
        XCTAssertTrue(message.contains("unknown key 'treshold'") && message.contains("threshold"), message)
    }

    func testWrongTypesAreDecodingErrors() {
        for json in [#"{"threshold": "0.8"}"#, #"{"goals": "T6.01"}"#, #"{"maximumSteps": 2.5}"#, "[]", "null"] {
            XCTAssertThrowsError(try decode(json), json) { XCTAssertTrue($0 is DecodingError, "\(json): \($0)") }
        }
    }

    /// A decoded request plans against the bundled model; an unknown skill is the model's typed error.
    func testADecodedRequestPlansAgainstTheBundledModel() throws {
        let recommender = try Recommender(modelPath: RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path)
        let path = try recommender.path(for: recommender.newStudent(), request: decode(#"{"goals": ["T6.26"], "maximumSteps": 3}"#))
        XCTAssertEqual(path.steps.count, 3)
        XCTAssertThrowsError(try recommender.path(for: recommender.newStudent(), request: decode(#"{"goals": ["T9.99"]}"#))) {
            XCTAssertEqual($0 as? RecommendError, .unknownSkill("T9.99"))
        }
    }
}

final class RecentSkillsTests: XCTestCase {
    /// The distinct skills of the last answers, most recent last, three of them: D, then C, then A
    /// (the earlier A is the same skill), in log order.
    func testTheLastDistinctSkillsOfALog() {
        let log = ["A", "B", "A", "C", "D"].map { AnswerRecord(skillId: $0, outcome: 1) }
        XCTAssertEqual(PathRequest.recentSkills(of: log), ["A", "C", "D"])
        XCTAssertEqual(PathRequest.recentSkills(of: Array(log.prefix(1))), ["A"])
        XCTAssertEqual(PathRequest.recentSkills(of: []), [])
    }
}
