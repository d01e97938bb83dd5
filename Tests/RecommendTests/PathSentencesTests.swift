import LearningPaths
import MasteryData
import Recommend
import XCTest

/// The sentences a student or teacher reads about a planned path (``PathSentences``, the one owner
/// of them), on paths planned by hand-checked estimates.
final class PathSentencesTests: XCTestCase {
    /// Plans with certain (zero-width) estimates, so each interval is the point estimate.
    private func plan(skills: Int, _ pairs: [(Int, Int)]?, mastery: [Double], resources: [[Resource]]? = nil) throws -> LearningPath {
        let graph = pairs.map { PrerequisiteGraph(skillCount: skills, edges: $0.map { PrerequisiteGraph.Edge(prerequisite: $0.0, skill: $0.1) }) }
        let planner = try PathPlanner(skillCount: skills, graph: graph, resources: resources)
        return try planner.plan(MasteryEstimates(certain: mastery), options: PlanOptions())
    }

    private func explanation(_ path: LearningPath, step: Int, names: [String]) -> LocalizedText {
        LocalizedText { $0.explanation(of: path, stepAt: step) { names[$0] } }
    }

    /// The chain Số tự nhiên → Phân số → Số thập phân with Số tự nhiên mastered (0.9): Phân số
    /// needs (0.8 − 0.52) / 0.1 → 3 answers, Số thập phân (0.8 − 0.1) / 0.1 = 7.
    func testStepExplanationReadsAsSentences() throws {
        let resources = [[], [Resource(title: "Bài 3", url: "https://example.org/3")], []]
        let path = try plan(skills: 3, [(0, 1), (1, 2)], mastery: [0.9, 0.52, 0.1], resources: resources)
        let names = ["Số tự nhiên", "Phân số", "Số thập phân"]
        XCTAssertEqual(path.skills, [1, 2])
        XCTAssertEqual(explanation(path, step: 0, names: names), LocalizedText(
            vi: "Luyện tập Phân số khoảng 3 lần (mức thành thạo dự đoán 52%, khoảng 52%–52%). Phân số là một mục tiêu. "
                + "Kỹ năng này còn mở đường cho 1 mục tiêu khác. Kiến thức nền: Số tự nhiên (đã thành thạo).",
            en: "Practise Phân số about 3 times (predicted mastery 52%, interval 52%–52%). "
                + "Phân số is one of the goals. It leads to 1 more goal. Prerequisites: Số tự nhiên (mastered)."))
        XCTAssertEqual(explanation(path, step: 1, names: names), LocalizedText(
            vi: "Luyện tập Số thập phân khoảng 7 lần (mức thành thạo dự đoán 10%, khoảng 10%–10%). Số thập phân là một mục tiêu. "
                + "Kiến thức nền: Phân số (bước 1).",
            en: "Practise Số thập phân about 7 times (predicted mastery 10%, interval 10%–10%). "
                + "Số thập phân is one of the goals. Prerequisites: Phân số (step 1)."))
    }

    /// Without a graph the path is a ranking, and its first step says so, once.
    func testWithoutGraphTheFirstStepSaysTheOrderIsARanking() throws {
        let path = try plan(skills: 4, nil, mastery: [0.5, 0.7, 0.9, 0.1])
        XCTAssertFalse(path.graphGiven)
        XCTAssertEqual(path.skills, [3, 0, 1])
        let names = ["s0", "s1", "s2", "s3"]
        let first = explanation(path, step: 0, names: names), second = explanation(path, step: 1, names: names)
        XCTAssertTrue(first.en.hasSuffix(" No prerequisite graph was given, so this order is a ranking only."), first.en)
        XCTAssertTrue(first.vi.hasSuffix(" Mô hình không có đồ thị kiến thức nền, nên thứ tự này chỉ là một bảng xếp hạng."), first.vi)
        XCTAssertFalse(second.en.contains("No prerequisite graph"), second.en)
        XCTAssertFalse(second.vi.contains("đồ thị"), second.vi)
    }

    /// Each reason's sentence, written out here for every case.
    func testReasonSentenceOfEveryReason() {
        let cases: [(StepReason, en: String, vi: String)] = [
            (.goal, "Phân số is one of the goals.", "Phân số là một mục tiêu."),
            (.prerequisite(goalCount: 1), "Phân số is needed before 1 goal skill.", "Phân số cần được học trước 1 kỹ năng mục tiêu."),
            (.prerequisite(goalCount: 3), "Phân số is needed before 3 goal skills.", "Phân số cần được học trước 3 kỹ năng mục tiêu."),
            (.confirmMastery, "Phân số is predicted above the mastery threshold, but the evidence is too thin to be sure.",
             "Phân số được dự đoán đạt ngưỡng thành thạo, nhưng chưa đủ bằng chứng để chắc chắn."),
            (.scheduled, "Phân số is already on the student's agenda, or needed before something that is.",
             "Phân số đã có trong kế hoạch học của học sinh, hoặc cần cho một nội dung trong đó."),
        ]
        for (reason, english, vietnamese) in cases {
            XCTAssertEqual(LocalizedText { $0.reasonSentence(reason, skill: "Phân số") }, LocalizedText(vi: vietnamese, en: english), "\(reason)")
        }
    }
}
