import Foundation
import LearningPaths
import Recommend

/// Every interface string of the reports (and lotrinh-path), in English and Vietnamese, in one table so a
/// translation is reviewed in one place. Skill names and ids come from the data, never from here.
public struct Words: Sendable {
    /// The language of every string.
    public let language: Language
    /// The sentences about paths and steps, which Recommend's responses carry too.
    public let sentences: PathSentences

    /// The strings of `language`.
    public init(language: Language) {
        self.language = language
        sentences = PathSentences(language: language)
    }

    private func pick(_ english: @autoclosure () -> String, _ vietnamese: @autoclosure () -> String) -> String {
        sentences.pick(english(), vietnamese())
    }

    /// A share as a whole percentage, e.g. "52%".
    public func percent(_ value: Double) -> String { sentences.percent(value) }

    public func decimal(_ value: Double, digits: Int = 2) -> String {
        let text = String(format: "%.\(digits)f", value)
        return language == .vi ? text.replacingOccurrences(of: ".", with: ",") : text
    }
    public func signed(_ value: Double, digits: Int = 3) -> String { (value >= 0 ? "+" : "−") + decimal(abs(value), digits: digits) }
    public func interval(_ lower: Double, _ upper: Double) -> String { "\(decimal(lower))–\(decimal(upper))" }

    // MARK: Skill states and reasons

    /// A skill's status in a few words (Recommend's ``PathSentences`` owns these words).
    public func status(_ status: SkillStatus) -> String { sentences.status(status) }
    /// Why a step is on the path, in a few words.
    public func shortReason(_ reason: StepReason) -> String { sentences.shortReason(reason) }
    /// Why a step is on the path, as a sentence.
    public func reasonSentence(_ reason: StepReason, skill: String) -> String { sentences.reasonSentence(reason, skill: skill) }
    /// What to practise at step `index`, how much and why.
    public func explanation(of path: LearningPath, stepAt index: Int, name: (Int) -> String) -> String {
        sentences.explanation(of: path, stepAt: index, name: name)
    }
    /// Said once when a path was planned without a prerequisite graph.
    public var noGraph: String { sentences.noGraph }

    // MARK: Student report

    public var studentReportTitle: String { pick("Learning path", "Lộ trình học tập") }
    public func student(_ label: String) -> String { pick("Student \(label)", "Học sinh \(label)") }
    public func answersFolded(_ count: Int?) -> String {
        guard let count else { return pick("the model's estimate (no answers given)", "ước lượng có sẵn của mô hình (không kèm câu trả lời)") }
        return pick("\(count) answers folded in", "ước lượng từ \(count) câu trả lời")
    }
    public func counts(mastered: Int, ready: Int, blocked: Int) -> String {
        pick("mastered \(mastered) · ready \(ready) · needs prerequisite \(blocked)",
             "đã thành thạo \(mastered) · sẵn sàng học \(ready) · chưa đủ kiến thức nền \(blocked)")
    }
    public func rule(threshold: Double, confidence: Double) -> String {
        pick("threshold \(decimal(threshold)), \(percent(confidence)) interval", "ngưỡng thành thạo \(decimal(threshold)), khoảng tin cậy \(percent(confidence))")
    }
    /// The goals, listed in full when few, else the first ones and how many there are.
    public func goals(_ names: [String]?) -> String {
        guard let names else { return pick("Goals: every skill", "Mục tiêu: tất cả kỹ năng") }
        let listed = names.count <= 8 ? names.joined(separator: ", ")
            : names.prefix(6).joined(separator: ", ") + pick(", … (\(names.count) skills)", ", … (\(names.count) kỹ năng)")
        return pick("Goals: ", "Mục tiêu: ") + listed
    }
    /// The practice schedule of an answer budget, e.g. "In 12 answers: T6.03 ×1, T6.08 ×4; not
    /// within the budget: T6.11."
    public func schedule(answers: Int, steps: [(id: String, answers: Int)], beyond: [String]) -> String {
        let listed = steps.map { "\($0.id) ×\($0.answers)" }.joined(separator: ", ")
        let outside = beyond.isEmpty ? "" : pick("; goals beyond the budget: ", "; mục tiêu vượt quá số câu: ") + beyond.joined(separator: ", ")
        return pick("In \(answers) answers: ", "Trong \(answers) câu: ") + listed + outside + "."
    }

    public func pathHeading(steps: Int, omitted: Int) -> String {
        pick("Path: \(steps) step\(steps == 1 ? "" : "s")", "Lộ trình: \(steps) bước")
            + (omitted > 0 ? pick(" (\(omitted) more not shown)", " (còn \(omitted) bước chưa hiển thị)") : "")
    }
    public var nothingToLearn: String { pick("Nothing to learn: every goal is mastered.", "Không còn gì phải học: mọi mục tiêu đã thành thạo.") }
    public func whyStep(_ number: Int) -> String { pick("Why step \(number): ", "Vì sao có bước \(number): ") }
    public var allSkillsHeading: String { pick("Mastery of every skill", "Mức thành thạo của mọi kỹ năng") }

    // MARK: Column headers

    public var stepColumn: String { pick("Step", "Bước") }
    public var idColumn: String { pick("ID", "Mã") }
    public var skillColumn: String { pick("Skill", "Kỹ năng") }
    public var masteryColumn: String { pick("Mastery (interval)", "Thành thạo (khoảng)") }
    public var stateColumn: String { pick("State", "Trạng thái") }
    public var practiceColumn: String { pick("Practice", "Luyện tập") }
    public var reasonColumn: String { pick("Reason", "Lý do") }
    public var resourcesColumn: String { pick("Resources", "Học liệu") }
    /// A step's practice: `~n`, or `>n` when the model predicts the cap is not enough.
    public func practice(_ count: Int, reachesThreshold: Bool = true) -> String {
        reachesThreshold ? pick("~\(count)", "~\(count) lần") : pick(">\(count)", ">\(count) lần")
    }

    // MARK: Class report

    public var classReportTitle: String { pick("Class report", "Báo cáo lớp học") }
    public func classScope(school: String?, class: String?, grade: String?, students: Int) -> String {
        var parts: [String] = []
        if let school { parts.append(pick("school \(school)", "trường \(school)")) }
        if let `class` { parts.append(pick("class \(`class`)", "lớp \(`class`)")) }
        if let grade { parts.append(pick("grade \(grade)", "khối \(grade)")) }
        parts.append(pick("\(students) students", "\(students) học sinh"))
        return parts.joined(separator: " · ")
    }
    public var skillsHeading: String { pick("Skills: who is ready, who needs them, who has mastered them", "Kỹ năng: ai sẵn sàng, ai còn thiếu nền, ai đã thành thạo") }
    public var classMasteryColumn: String { pick("Class mastery", "Thành thạo TB") }
    public var masteredColumn: String { pick("Mastered", "Thành thạo") }
    public var readyColumn: String { pick("Ready", "Sẵn sàng") }
    public var needsColumn: String { pick("Needs prereq.", "Thiếu nền") }
    public var groupsHeading: String { pick("Teach together: students with the same next steps", "Dạy theo nhóm: học sinh có cùng bước tiếp theo") }
    public var nextStepsColumn: String { pick("Next steps", "Bước tiếp theo") }
    public var studentsColumn: String { pick("Students", "Học sinh") }
    public var alone: String { pick("(working alone)", "(học riêng)") }
    public var noGroups: String { pick("No two students share their next steps.", "Không có hai học sinh nào có cùng bước tiếp theo.") }
    public var stuckHeading: String { pick("Students who are stuck", "Học sinh đang gặp khó khăn") }
    public var noneStuck: String { pick("No student is stuck by these rules.", "Không có học sinh nào gặp khó khăn theo các tiêu chí này.") }
    public func stuckAttempts(_ attempts: Int, skill: String, mastery: Double) -> String {
        pick("\(attempts) answers on their next step \(skill) without mastering it (mastery \(percent(mastery)))",
             "đã làm \(attempts) câu về bước tiếp theo \(skill) mà chưa thành thạo (mức \(percent(mastery)))")
    }
    public func stuckLowMastery(_ mastery: Double) -> String {
        pick("mean mastery \(percent(mastery)) over the skills in scope", "mức thành thạo trung bình chỉ \(percent(mastery)) trên các kỹ năng cần học")
    }
    public var weakestHeading: String { pick("The class's weakest prerequisites", "Kiến thức nền yếu nhất của lớp") }
    public var notMasteredByColumn: String { pick("Not mastered by", "Số HS chưa thành thạo") }
    public var dependentsColumn: String { pick("Skills waiting on it", "Kỹ năng phụ thuộc") }
    public var studentsHeading: String { pick("Students", "Học sinh") }
    public var studentColumn: String { pick("Student", "Học sinh") }
    public var answersColumn: String { pick("Answers", "Số câu") }
    public var nextStepColumn: String { pick("Next step", "Bước tiếp theo") }
    public var meanMasteryColumn: String { pick("Mean mastery", "Thành thạo TB") }
    public var chartHeading: String { pick("Class mastery by skill", "Mức thành thạo của lớp theo kỹ năng") }
    public var chartCaption: String {
        pick("Each bar: the class's students by state (dark green mastered, yellow ready, hatched red needs a prerequisite, grey not needed); the mark is the mean mastery.",
             "Mỗi thanh: số học sinh theo trạng thái (xanh lá đậm: đã thành thạo, vàng: sẵn sàng học, đỏ gạch chéo: chưa đủ kiến thức nền, xám: không cần); vạch đen là mức thành thạo trung bình.")
    }
    public var hiddenIdsNote: String { pick("Student ids are hidden: rows are numbered in the order of the class list.", "Mã học sinh được ẩn: các dòng đánh số theo thứ tự trong danh sách lớp.") }

    // MARK: Explain report

    public func explainTitle(skill: String, student: String) -> String { pick("Why \(skill)? Student \(student)", "Vì sao \(skill)? Học sinh \(student)") }
    public func onPath(step: Int) -> String { pick("On the path at step \(step).", "Nằm trong lộ trình, ở bước \(step).") }
    public var masteredVerdict: String { pick("Mastered: not on the path.", "Đã thành thạo: không cần đưa vào lộ trình.") }
    public var notNeededVerdict: String { pick("Not needed: no goal depends on it, so it is not on the path.", "Không cần: không mục tiêu nào phụ thuộc vào kỹ năng này, nên nó không có trong lộ trình.") }
    public var beyondLengthVerdict: String { pick("Needed, but beyond the maximum number of steps.", "Cần học, nhưng nằm ngoài số bước tối đa của lộ trình.") }
    public func masteryRule(mastery: Double, lower: Double, upper: Double, threshold: Double) -> String {
        pick("Predicted mastery \(decimal(mastery)) (interval \(interval(lower, upper))); it counts as mastered when the interval's lower end reaches \(decimal(threshold)), or when the student's last \(PathRequest.defaultRightInARow ?? 3) answers on it were right and the estimate is at least \(decimal(PathRequest.defaultRunEstimateFloor ?? 0)).",
             "Mức thành thạo dự đoán \(decimal(mastery)) (khoảng \(interval(lower, upper))); kỹ năng được coi là thành thạo khi đầu dưới của khoảng đạt \(decimal(threshold)), hoặc khi \(PathRequest.defaultRightInARow ?? 3) câu trả lời gần nhất của học sinh về kỹ năng này đều đúng và mức dự đoán đạt ít nhất \(decimal(PathRequest.defaultRunEstimateFloor ?? 0)).")
    }
    public var prerequisitesHeading: String { pick("Prerequisites", "Kiến thức nền") }
    public var noPrerequisites: String { pick("None: it can be learned first.", "Không có: có thể học ngay từ đầu.") }
    public var goalsHeading: String { pick("Goals that need it", "Các mục tiêu cần kỹ năng này") }
    public var isItselfGoal: String { pick("It is itself a goal.", "Bản thân kỹ năng này là một mục tiêu.") }
    public var noGoalsNeedIt: String { pick("No goal needs it.", "Không mục tiêu nào cần kỹ năng này.") }
    public var evidenceHeading: String { pick("Evidence: the answers that moved it most", "Bằng chứng: những câu trả lời ảnh hưởng nhiều nhất") }
    public var evidenceMethod: String {
        pick("Each answer is left out in turn and the student refitted: the change is mastery with all answers minus mastery without that one.",
             "Lần lượt bỏ từng câu trả lời rồi ước lượng lại: mức thay đổi là mức thành thạo khi có đủ câu trả lời trừ đi mức thành thạo khi bỏ câu đó.")
    }
    public var noEvidence: String {
        pick("No answers were given, so the model's estimate cannot be traced to single answers (give --answers FILE).",
             "Không có câu trả lời kèm theo, nên không thể truy ra từng câu đã ảnh hưởng thế nào (hãy dùng --answers FILE).")
    }
    public var positionColumn: String { pick("Answer #", "Câu số") }
    public var itemColumn: String { pick("Item", "Câu hỏi") }
    public var outcomeColumn: String { pick("Outcome", "Kết quả") }
    public func outcome(_ value: Double) -> String {
        value == 1 ? pick("correct", "đúng") : value == 0 ? pick("wrong", "sai") : decimal(value)
    }
    public var withoutColumn: String { pick("Without it", "Nếu bỏ câu này") }
    public var changeColumn: String { pick("Change", "Thay đổi") }

    // MARK: Errors and warnings
    // The errors and warnings of choosing goals and students, in the report's language; the
    // command line's own errors and --help stay English.

    public func unknownTopic(_ typed: String, file: String, topics: [String]) -> String {
        pick("no skill of the model has topic '\(typed)' in \(file) (case and diacritics ignored); its topics: \(listed(topics))",
             "không có kỹ năng nào của mô hình thuộc chủ đề '\(typed)' trong \(file) (không phân biệt chữ hoa, chữ thường và dấu); các chủ đề có: \(listed(topics))")
    }
    public func unknownGrade(_ typed: String, file: String, grades: [String]) -> String {
        pick("no skill of the model has grade '\(typed)' in \(file); its grades: \(listed(grades))",
             "không có kỹ năng nào của mô hình thuộc khối '\(typed)' trong \(file); các khối có: \(listed(grades))")
    }
    public func ambiguousTopic(_ typed: String, file: String, matches: [String]) -> String {
        pick("topic '\(typed)' names several topics of \(file) when case and diacritics are ignored: \(listed(matches)); write it as the file does",
             "chủ đề '\(typed)' ứng với nhiều chủ đề trong \(file) khi bỏ qua chữ hoa và dấu: \(listed(matches)); hãy viết đúng như trong tệp")
    }
    public func ambiguousGrade(_ typed: String, file: String, matches: [String]) -> String {
        pick("grade '\(typed)' names several grades of \(file) when case and diacritics are ignored: \(listed(matches)); write it as the file does",
             "khối '\(typed)' ứng với nhiều khối trong \(file) khi bỏ qua chữ hoa và dấu: \(listed(matches)); hãy viết đúng như trong tệp")
    }
    public func noTopicInGrade(_ topic: String, grade: String, file: String, topicsOfGrade: [String]) -> String {
        pick("no skill of the model has topic '\(topic)' in grade '\(grade)' in \(file); the topics of grade \(grade): \(listed(topicsOfGrade))",
             "không có kỹ năng nào của mô hình thuộc chủ đề '\(topic)' ở khối '\(grade)' trong \(file); các chủ đề của khối \(grade): \(listed(topicsOfGrade))")
    }
    public func notInModel(student: String) -> String {
        pick("student '\(student)' is not in the model: give their answers with --answers FILE",
             "học sinh '\(student)' không có trong mô hình: hãy đưa các câu trả lời của học sinh vào bằng --answers FILE")
    }
    public func inNeitherAnswersNorModel(student: String, file: String) -> String {
        pick("student '\(student)' has no answers in \(file) and is not in the model",
             "học sinh '\(student)' không có câu trả lời nào trong \(file) và cũng không có trong mô hình")
    }
    public func trainingEstimateWarning(student: String) -> String {
        pick("warning: showing the model's training-time estimate for student \(student); pass --answers to fold in their current answers",
             "cảnh báo: đang hiển thị ước lượng của mô hình từ lúc huấn luyện cho học sinh \(student); hãy dùng --answers để đưa vào các câu trả lời hiện tại của học sinh")
    }
    public func notInAnswersWarning(student: String, file: String) -> String {
        pick("warning: student \(student) has no answers in \(file); showing the model's training-time estimate",
             "cảnh báo: học sinh \(student) không có câu trả lời nào trong \(file); đang hiển thị ước lượng của mô hình từ lúc huấn luyện")
    }
    public func trainingEstimatesWarning(students: Int) -> String {
        pick("warning: showing the model's training-time estimates for the \(students) students; pass --answers to fold in their current answers",
             "cảnh báo: đang hiển thị ước lượng của mô hình từ lúc huấn luyện cho \(students) học sinh; hãy dùng --answers để đưa vào các câu trả lời hiện tại của học sinh")
    }
    public func notInAnswersWarning(students: [String], file: String) -> String {
        pick((students.count == 1 ? "warning: 1 student has" : "warning: \(students.count) students have")
                + " no answers in \(file) (\(listed(students))); showing the model's training-time estimates for them",
             "cảnh báo: \(students.count) học sinh không có câu trả lời nào trong \(file) (\(listed(students))); đang hiển thị ước lượng của mô hình từ lúc huấn luyện cho các học sinh này")
    }
    /// Names in quotes, the first 20 and how many there are when more.
    private func listed(_ names: [String]) -> String {
        guard !names.isEmpty else { return pick("none", "không có") }
        return names.prefix(20).map { "'\($0)'" }.joined(separator: ", ") + (names.count > 20 ? ", … (\(names.count))" : "")
    }

    // MARK: HTML

    public var graphHeading: String { pick("The path over the prerequisite graph", "Lộ trình trên đồ thị kiến thức nền") }
    public var classGraphHeading: String { pick("The class over the prerequisite graph", "Lớp học trên đồ thị kiến thức nền") }
    public var generatedBy: String { pick("Generated by lotrinh-path from model", "Tạo bởi lotrinh-path từ mô hình") }
    public func wrote(_ path: String) -> String { pick("Wrote \(path)", "Đã ghi \(path)") }

    // MARK: Quiz

    public var quizTitle: String { pick("Quiz for the class", "Đề kiểm tra cho lớp") }
    public var quizCoverageHeading: String { pick("Skills the class is about to learn", "Kỹ năng lớp sắp học") }
    public var quizItemHeaders: [String] { [pick("#", "#"), pick("item", "câu hỏi"), pick("skill", "kỹ năng"), pick("expected right", "tỉ lệ đúng dự kiến")] }
    public var quizSkillHeaders: [String] { [pick("skill", "kỹ năng"), pick("students", "số học sinh"), pick("items", "số câu")] }
    public func quizSummary(items: Int, students: Int, target: Double, mean: Double?) -> String {
        let meanText = mean.map { percent($0) } ?? "–"
        return pick("\(items) items for \(students) students; expected right: \(meanText) on average (target \(percent(target))).",
                    "\(items) câu cho \(students) học sinh; tỉ lệ đúng dự kiến trung bình \(meanText) (mục tiêu \(percent(target))).")
    }

    // MARK: Diagnostic

    public var diagnosticTitle: String { pick("Diagnostic: the next questions", "Chẩn đoán: các câu hỏi tiếp theo") }
    public var diagnosticNextQuestions: String { pick("Next questions", "Câu hỏi tiếp theo") }
    public var diagnosticSkillsHeading: String { pick("Where each skill stands", "Tình trạng từng kỹ năng") }
    public var diagnosticQuestionHeaders: [String] {
        [pick("#", "#"), pick("item", "câu hỏi"), pick("skill", "kỹ năng"), pick("expected right", "khả năng làm đúng"),
         pick("information (bits)", "thông tin (bit)"), pick("settles", "giúp xác định")]
    }
    public func diagnosticSkillHeaders(threshold: Double) -> [String] {
        [pick("skill", "kỹ năng"), pick("chance mastered (≥ \(percent(threshold)))", "khả năng đã thành thạo (≥ \(percent(threshold)))"),
         pick("verdict", "kết luận")]
    }
    public func diagnosticVerdict(_ probability: Double, settled: Bool) -> String {
        guard settled else { return pick("not yet clear", "chưa rõ") }
        return probability >= 0.5 ? pick("mastered", "đã thành thạo") : pick("not mastered", "chưa thành thạo")
    }
    public func diagnosticStatus(_ status: String, answered: Int) -> String {
        let so = pick("\(answered) answer\(answered == 1 ? "" : "s") so far", "đã trả lời \(answered) câu")
        switch status {
        case "settled": return pick("Every skill the goals need is settled (\(so)): plan the path.", "Mọi kỹ năng mục tiêu cần đã rõ (\(so)): có thể lập lộ trình.")
        case "budget-spent": return pick("The diagnostic's budget of questions is spent (\(so)).", "Đã hết số câu hỏi dành cho chẩn đoán (\(so)).")
        case "no-items-left": return pick("No item in the bank is left for the skills still unclear (\(so)).", "Ngân hàng câu hỏi không còn câu nào cho các kỹ năng chưa rõ (\(so)).")
        default: return pick("Ask these questions next (\(so)).", "Hãy hỏi các câu sau (\(so)).")
        }
    }
    public var diagnosticRule: String {
        pick("Each question is chosen for how much its answer is expected to clear up which skills are mastered; a skill asked already counts half each time, and each question is drawn among the best few so students do not all get the same items.",
             "Mỗi câu được chọn vì câu trả lời dự kiến giúp làm rõ nhất kỹ năng nào đã thành thạo; kỹ năng đã được hỏi thì mỗi lần chỉ tính một nửa, và mỗi câu được rút ngẫu nhiên trong vài câu tốt nhất để học sinh không cùng nhận một đề.")
    }
}

extension String {
    /// The first letter in upper case, for a phrase that starts a sentence.
    public var sentenceCased: String { prefix(1).uppercased() + dropFirst() }
}
