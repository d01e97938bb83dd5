import Foundation
import LotrinhTestSupport
import Recommend
import Reports
import XCTest

/// Report content as values, checked against the id-based Recommend calls a service would make
/// itself: the leave-one-out evidence, the class analytics and the report sentences.
final class ReportContentTests: XCTestCase {
    private let modelPath = RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path

    private func answers(_ count: Int, wrongEvery: Int) -> [AnswerRecord] {
        (0..<count).map { AnswerRecord(skillId: "T6.0\($0 % 5 + 1)", outcome: $0 % wrongEvery == 0 ? 0 : 1) }
    }

    /// Each answer's change is the skill's mastery with every answer minus its mastery refitted
    /// without that one, computed here by a plain loop of fold-ins.
    func testLeaveOneOutEvidenceIsARefitWithoutEachAnswer() throws {
        let recommender = try Recommender(modelPath: modelPath)
        let given = answers(7, wrongEvery: 3)
        let full = try recommender.mastery(of: try recommender.state(after: given), skills: ["T6.02"])[0].probability
        let evidence = try ExplainReport.leaveOneOut(given, skill: "T6.02", full: full, recommender: recommender)
        XCTAssertEqual(evidence.count, given.count)
        for item in evidence {
            var rest = given
            rest.remove(at: item.answer - 1)
            let without = try recommender.mastery(of: try recommender.state(after: rest), skills: ["T6.02"])[0].probability
            XCTAssertEqual(item.masteryWithout, without)
            XCTAssertEqual(item.change, full - without)
            XCTAssertEqual(item.skills, given[item.answer - 1].skillIds)
        }
        let sizes = evidence.map { abs($0.change) }
        XCTAssertEqual(sizes, sizes.sorted(by: >), "the answers that moved it most come first")
        XCTAssertEqual(try ExplainReport.leaveOneOut(Array(given.prefix(1)), skill: "T6.02", full: full, recommender: recommender), [],
                       "one answer cannot be left out")
    }

    /// Groups, stuck students and the weakest prerequisites, recomputed from each student's own
    /// path response and mastery entries.
    func testClassAnalyticsMatchEachStudentsOwnPath() throws {
        let recommender = try Recommender(modelPath: modelPath)
        let context = try ReportContext(recommender: recommender, request: PathRequest(goals: ["T6.12", "T6.15"]), language: .en,
                                        escapesControlCharacters: false)
        let students = try [("a", answers(12, wrongEvery: 4)), ("b", answers(12, wrongEvery: 4)), ("c", answers(20, wrongEvery: 1)),
                            ("d", answers(3, wrongEvery: 2))].map { id, given in
            ReportStudent(id: id, state: try recommender.state(after: given), answers: given)
        }
        let rules = ClassRules(stuckAttempts: 4)
        let report = try ClassReport(students: students, scope: ClassReport.Scope(school: nil, class: nil, grade: nil, studentsFile: nil),
                                     hideIds: false, rules: rules, context: context)
        let responses = try students.map { try recommender.pathResponse(for: $0.state, request: context.request(for: $0)) }

        var byFirstStep: [String: [String]] = [:]
        for (student, response) in zip(students, responses) {
            if let first = response.steps.first { byFirstStep[first.skillId, default: []].append(student.id) }
        }
        XCTAssertEqual(Set(report.groups.map(\.students)), Set(byFirstStep.values.filter { $0.count > 1 }))
        XCTAssertTrue(report.groups.contains { ["a", "b"].allSatisfy($0.students.contains) }, "equal answers give equal next steps")

        let everyScopeId = context.scope.map { context.ids[$0] }
        let stuckByHand = zip(students, responses).filter { student, response in
            let means = (try? recommender.masteryEntries(of: student.state, skills: everyScopeId)) ?? []
            let mean = means.map(\.mastery).reduce(0, +) / Double(means.count)
            let blocked = response.steps.first.map { $0.practiceCount >= rules.stuckAttempts && $0.mastery < context.threshold } ?? false
            return blocked || mean < rules.stuckMastery
        }.map(\.0.id)
        XCTAssertEqual(report.stuck.map(\.student), stuckByHand)
        XCTAssertTrue(stuckByHand.contains("c"), "twenty wrong answers leave student c stuck")

        for row in report.skills {
            let mean = try students.map { try recommender.masteryEntries(of: $0.state, skills: [row.id])[0].mastery }.reduce(0, +) / 4
            XCTAssertEqual(row.meanMastery, mean, accuracy: 1e-6, "single-precision batch against one double fold-in each")
        }
        let weakest = report.weakestPrerequisites.map(\.meanMastery)
        XCTAssertEqual(weakest, weakest.sorted())
    }

    func testWordsSpeakTheReportsLanguageAndShareTheReasonSentences() {
        let vi = Words(language: .vi), en = Words(language: .en)
        XCTAssertEqual(vi.counts(mastered: 3, ready: 2, blocked: 1), "đã thành thạo 3 · sẵn sàng học 2 · chưa đủ kiến thức nền 1")
        XCTAssertEqual(en.counts(mastered: 3, ready: 2, blocked: 1), "mastered 3 · ready 2 · needs prerequisite 1")
        XCTAssertEqual(vi.decimal(0.126), "0,13", "Vietnamese writes a decimal comma")
        XCTAssertEqual(vi.shortReason(.goal), PathSentences(language: .vi).shortReason(.goal))
        XCTAssertEqual(en.status(.needsPrerequisite), "needs prerequisite")
        XCTAssertEqual("đã làm".sentenceCased, "Đã làm")
    }
}
