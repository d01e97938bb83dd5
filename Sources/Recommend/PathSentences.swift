import Foundation
import LearningPaths

/// Where a skill stands for a student, as responses and reports name it (these raw values are
/// the stable codes in JSON).
public enum SkillStatus: String, Codable, Sendable, CaseIterable {
    case mastered, ready, needsPrerequisite, notNeeded

    /// The status of a planner's state.
    public init(_ state: SkillState) {
        switch state {
        case .mastered: self = .mastered
        case .ready: self = .ready
        case .blocked: self = .needsPrerequisite
        case .notNeeded: self = .notNeeded
        }
    }
}

/// Why a step is on the path, as a stable code (these raw values are the codes in JSON; the
/// goal count of `prerequisite` travels beside it).
public enum ReasonCode: String, Codable, Sendable, CaseIterable {
    case goal, prerequisite, confirmMastery, scheduled

    /// The code of a planner's reason.
    public init(_ reason: StepReason) {
        switch reason {
        case .goal: self = .goal
        case .prerequisite: self = .prerequisite
        case .confirmMastery: self = .confirmMastery
        case .scheduled: self = .scheduled
        }
    }
}

/// The sentences about a path and its steps, in one language: the one owner of these words,
/// shared by path responses, `Reports` and `lotrinh-path`. Skill names come from the caller.
public struct PathSentences: Sendable {
    /// The language the sentences are written in.
    public let language: Language

    /// Sentences in `language`.
    public init(language: Language) {
        self.language = language
    }

    /// The English text or the Vietnamese one, by ``language``; only the one picked is built (a
    /// path reply writes a few sentences per step, and building both doubled their cost).
    public func pick(_ english: @autoclosure () -> String, _ vietnamese: @autoclosure () -> String) -> String {
        language == .vi ? vietnamese() : english()
    }

    /// A share as a whole percentage, e.g. "52%".
    public func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }

    /// A skill's status in a few words.
    public func status(_ status: SkillStatus) -> String {
        switch status {
        case .mastered: pick("mastered", "đã thành thạo")
        case .ready: pick("ready", "sẵn sàng học")
        case .needsPrerequisite: pick("needs prerequisite", "chưa đủ kiến thức nền")
        case .notNeeded: pick("not needed", "không cần cho mục tiêu")
        }
    }

    /// Why a step is on the path, in a few words.
    public func shortReason(_ reason: StepReason) -> String {
        switch reason {
        case .goal: pick("goal", "mục tiêu")
        case let .prerequisite(count): pick("needed for \(count) goal\(count == 1 ? "" : "s")", "cần cho \(count) mục tiêu")
        case .confirmMastery: pick("confirm mastery", "xác nhận thành thạo")
        case .scheduled: pick("on the agenda", "đã có trong kế hoạch")
        }
    }

    /// Why a step is on the path, as a sentence naming the skill.
    public func reasonSentence(_ reason: StepReason, skill: String) -> String {
        switch reason {
        case .scheduled:
            pick("\(skill) is already on the student's agenda, or needed before something that is.",
                 "\(skill) đã có trong kế hoạch học của học sinh, hoặc cần cho một nội dung trong đó.")
        case .confirmMastery:
            pick("\(skill) is predicted above the mastery threshold, but the evidence is too thin to be sure.",
                 "\(skill) được dự đoán đạt ngưỡng thành thạo, nhưng chưa đủ bằng chứng để chắc chắn.")
        case .goal:
            pick("\(skill) is one of the goals.", "\(skill) là một mục tiêu.")
        case let .prerequisite(count):
            pick("\(skill) is needed before \(count) goal skill\(count == 1 ? "" : "s").",
                 "\(skill) cần được học trước \(count) kỹ năng mục tiêu.")
        }
    }

    /// What to practise at step `index`, how much and why, naming skills by `name`.
    public func explanation(of path: LearningPath, stepAt index: Int, name: (Int) -> String) -> String {
        let step = path.steps[index]
        let skill = name(step.skill)
        let count = step.estimatedPractice
        let times = !step.practiceReachesThreshold ? pick("more than \(count) times", "hơn \(count) lần")
            : count == 1 ? pick("once", "một lần") : pick("about \(count) times", "khoảng \(count) lần")
        var sentences = [
            pick("Practise \(skill) \(times) (predicted mastery \(percent(step.mastery)), interval \(percent(step.lower))–\(percent(step.upper))).",
                 "Luyện tập \(skill) \(times) (mức thành thạo dự đoán \(percent(step.mastery)), khoảng \(percent(step.lower))–\(percent(step.upper)))."),
            reasonSentence(step.reason, skill: skill),
        ]
        if !step.practiceReachesThreshold {
            sentences.append(pick("The model predicts that practice alone will not reach the threshold within \(count) answers: check its prerequisites, or teach it directly.",
                                  "Mô hình dự đoán chỉ luyện tập thì sau \(count) câu vẫn chưa đạt ngưỡng: hãy kiểm tra kiến thức nền, hoặc giảng lại trực tiếp."))
        }
        let goals = step.unlockedGoals.count
        if goals > 0, step.reason != .prerequisite(goalCount: goals) {
            sentences.append(step.isGoal ? pick("It leads to \(goals) more goal\(goals == 1 ? "" : "s").", "Kỹ năng này còn mở đường cho \(goals) mục tiêu khác.")
                                         : pick("It leads to \(goals) goal\(goals == 1 ? "" : "s").", "Kỹ năng này mở đường cho \(goals) mục tiêu."))
        }
        if !step.prerequisites.isEmpty {
            let listed = step.prerequisites.map { prerequisite in
                if path.states[prerequisite] == .mastered { return "\(name(prerequisite)) (\(status(.mastered)))" }
                let position = path.steps[..<index].firstIndex { $0.skill == prerequisite }.map { $0 + 1 } ?? 0
                return "\(name(prerequisite)) (\(pick("step", "bước")) \(position))"
            }
            sentences.append(pick("Prerequisites: ", "Kiến thức nền: ") + listed.joined(separator: ", ") + ".")
        }
        if !path.graphGiven && index == 0 { sentences.append(noGraph) }
        return sentences.joined(separator: " ")
    }

    /// Said once when a path was planned without a prerequisite graph.
    public var noGraph: String {
        pick("No prerequisite graph was given, so this order is a ranking only.",
             "Mô hình không có đồ thị kiến thức nền, nên thứ tự này chỉ là một bảng xếp hạng.")
    }
}
