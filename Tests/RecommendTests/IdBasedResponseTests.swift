import Foundation
import LearningPaths
import LotrinhTestSupport
import MasteryData
import MasteryModel
import Recommend
import XCTest

/// The id-based responses a service returns: the same facts as the index-based path, by skill id,
/// with reasons as codes and sentences in both languages.
final class IdBasedResponseTests: XCTestCase {
    private let modelPath = RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path

    private func someAnswers() -> [AnswerRecord] {
        (0..<14).map { AnswerRecord(skillId: "T6.0\($0 % 6 + 1)", itemId: $0 % 4 == 0 ? "3" : nil, outcome: $0 % 3 == 0 ? 0 : 1) }
    }

    func testPathResponseHasTheIndexBasedPathsFieldsById() throws {
        let recommender = try Recommender(modelPath: modelPath)
        let answers = someAnswers()
        let state = try recommender.state(after: answers)
        let request = PathRequest(goals: ["T6.26", "T6.30"], maximumAnswers: 15, recentSkills: PathRequest.recentSkills(of: answers))
        let response = try recommender.pathResponse(for: state, request: request, includeMastery: true)
        let path = try recommender.path(for: state, request: request)
        let ids = recommender.model.metadata.skillIds
        let names = recommender.model.metadata.skillNames

        XCTAssertFalse(path.steps.isEmpty)
        XCTAssertEqual(response.steps.map(\.skillId), path.skills.map { ids[$0] })
        XCTAssertEqual(response.goals, path.goals.map { ids[$0] })
        XCTAssertEqual(response.practiceSchedule, path.practiceSchedule.map { ids[$0] })
        XCTAssertEqual(response.practiceSchedule.count, 15)
        XCTAssertEqual(response.mastered + response.ready + response.needsPrerequisite,
                       path.states.filter { $0 != .notNeeded }.count)
        for (index, (step, indexed)) in zip(response.steps, path.steps).enumerated() {
            XCTAssertEqual(step.number, index + 1)
            XCTAssertEqual(step.name, names[indexed.skill])
            XCTAssertEqual(step.mastery, indexed.mastery)
            XCTAssertEqual(step.lower, indexed.lower)
            XCTAssertEqual(step.upper, indexed.upper)
            XCTAssertEqual(step.estimatedPractice, indexed.estimatedPractice)
            XCTAssertEqual(step.plannedAnswers, path.plannedAnswers[index])
            XCTAssertEqual(step.prerequisites, indexed.prerequisites.map { ids[$0] })
            XCTAssertEqual(step.unlockedGoals, indexed.unlockedGoals.map { ids[$0] })
            XCTAssertEqual(step.reason, ReasonCode(indexed.reason))
            XCTAssertEqual(step.state, SkillStatus(path.states[indexed.skill]))
            // The practice count is the answers on the skill: each answer adds its outcome to the
            // wins and the rest to the fails, so together they count every answer naming it.
            let answered = answers.filter { $0.skillIds.contains(step.skillId) }.count
            XCTAssertEqual(step.practiceCount, answered)
            let name = names[indexed.skill]
            let english = switch indexed.reason {
            case .goal: "\(name) is one of the goals."
            case let .prerequisite(count): "\(name) is needed before \(count) goal skill\(count == 1 ? "" : "s")."
            case .confirmMastery: "\(name) is predicted above the mastery threshold, but the evidence is too thin to be sure."
            case .scheduled: "\(name) is already on the student's agenda, or needed before something that is."
            }
            XCTAssertEqual(step.reasonSentence.en, english, "the sentence is about the step's own reason and skill")
            XCTAssertTrue(step.reasonSentence.vi.hasPrefix(name), step.reasonSentence.vi)
        }
        let skills = try XCTUnwrap(response.skills)
        let masteries = try recommender.mastery(of: state)
        XCTAssertEqual(skills.map(\.skillId), ids)
        XCTAssertEqual(skills.map(\.mastery), masteries.map(\.probability))
        XCTAssertEqual(skills.map(\.state), path.states.map { SkillStatus($0) })
        for (index, skill) in path.skills.enumerated() { XCTAssertEqual(skills[skill].step, index + 1) }
        XCTAssertEqual(skills.filter { $0.step != nil }.count, path.steps.count)

        // The response survives JSON unchanged, as a service sends it.
        let decoded = try JSONDecoder().decode(PathResponse.self, from: try JSONEncoder().encode(response))
        XCTAssertEqual(decoded, response)
    }

    func testBatchIsKeyedByStudentIdAndEqualsOneCallEach() throws {
        let recommender = try Recommender(modelPath: modelPath)
        let queries = try ["HS-1", "HS-2", "HS-3"].enumerated().map { offset, id in
            StudentQuery(studentId: id, state: try recommender.state(after: Array(someAnswers().prefix(4 + 4 * offset))),
                         request: PathRequest(maximumSteps: 3 + offset))
        }
        let batch = try recommender.pathResponses(for: queries)
        XCTAssertEqual(batch.keys.sorted(), ["HS-1", "HS-2", "HS-3"])
        for query in queries {
            XCTAssertEqual(batch[query.studentId], try recommender.pathResponse(for: query.state, request: query.request))
        }
        XCTAssertThrowsError(try recommender.pathResponses(for: [queries[0], queries[0]])) { error in
            XCTAssertEqual(error as? RecommendError, .invalidOption("student 'HS-1' appears twice in one batch"))
        }
        let entries = try recommender.masteryEntries(of: Dictionary(uniqueKeysWithValues: queries.map { ($0.studentId, $0.state) }),
                                                     skills: ["T6.02"])
        XCTAssertEqual(entries["HS-2"], try recommender.masteryEntries(of: queries[1].state, skills: ["T6.02"]))
    }

    /// A chain Số tự nhiên → Phân số with Phân số the goal, planned by hand-chosen estimates; the
    /// practice counts follow ⌈(0.8 − lower) / 0.1⌉ (the planner's constant gain without a learning
    /// curve): ⌈5.5⌉ = 6 and ⌈6.5⌉ = 7.
    func testReasonSentencesInVietnameseAndEnglish() throws {
        let graph = PrerequisiteGraph(skillCount: 2, edges: [PrerequisiteGraph.Edge(prerequisite: 0, skill: 1)])
        let planner = try PathPlanner(skillCount: 2, graph: graph)
        let estimates = try MasteryEstimates(mastery: [0.4, 0.3], lower: [0.25, 0.15], upper: [0.5, 0.4])
        let path = try planner.plan(estimates, options: PlanOptions(goals: [1]))
        XCTAssertEqual(path.skills, [0, 1])
        let names = ["Số tự nhiên", "Phân số"]
        func text(_ index: Int) -> LocalizedText { LocalizedText { $0.explanation(of: path, stepAt: index) { names[$0] } } }

        XCTAssertEqual(text(0), LocalizedText(
            vi: "Luyện tập Số tự nhiên khoảng 6 lần (mức thành thạo dự đoán 40%, khoảng 25%–50%). Số tự nhiên cần được học trước 1 kỹ năng mục tiêu.",
            en: "Practise Số tự nhiên about 6 times (predicted mastery 40%, interval 25%–50%). Số tự nhiên is needed before 1 goal skill."))
        XCTAssertEqual(text(1), LocalizedText(
            vi: "Luyện tập Phân số khoảng 7 lần (mức thành thạo dự đoán 30%, khoảng 15%–40%). Phân số là một mục tiêu. Kiến thức nền: Số tự nhiên (bước 1).",
            en: "Practise Phân số about 7 times (predicted mastery 30%, interval 15%–40%). Phân số is one of the goals. Prerequisites: Số tự nhiên (step 1)."))
        XCTAssertEqual(LocalizedText { $0.shortReason(path.steps[0].reason) }, LocalizedText(vi: "cần cho 1 mục tiêu", en: "needed for 1 goal"))
        XCTAssertEqual(LocalizedText { $0.reasonSentence(.confirmMastery, skill: "Phân số") }, LocalizedText(
            vi: "Phân số được dự đoán đạt ngưỡng thành thạo, nhưng chưa đủ bằng chứng để chắc chắn.",
            en: "Phân số is predicted above the mastery threshold, but the evidence is too thin to be sure."))
        XCTAssertEqual(text(1)[.vi], text(1).vi)
    }
}
