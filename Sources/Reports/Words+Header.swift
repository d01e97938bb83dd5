/// The words of a printed report's header.
extension Words {
    public func reportDate(_ day: String) -> String { sentences.pick("Report of \(day)", "Ngày lập báo cáo: \(day)") }
    public func schoolLabel(_ name: String) -> String { sentences.pick("School: \(name)", "Trường: \(name)") }
    public func classLabel(_ name: String) -> String { sentences.pick("Class: \(name)", "Lớp: \(name)") }
    public func modelTrained(_ day: String) -> String { sentences.pick("model trained on \(day)", "mô hình huấn luyện ngày \(day)") }
    /// A student's name with their id, e.g. "Nguyễn Văn An (17)".
    public func named(_ name: String, id: String) -> String { "\(name) (\(id))" }
}

/// How the evidence names an answer when the teacher has no item titles.
extension Words {
    /// "câu thứ 3 trên kỹ năng Phân số, ngày 2026-11-20".
    public func answerOnSkill(_ position: Int, skill: String, day: String?) -> String {
        sentences.pick("answer no. \(position) on \(skill)", "câu thứ \(position) trên kỹ năng \(skill)")
            + (day.map { sentences.pick(", \($0)", ", ngày \($0)") } ?? "")
    }
    /// The evidence column that names the question.
    public var questionColumn: String { sentences.pick("Question", "Câu hỏi") }
}

extension Words {
    /// Before the printed line of the path's later steps.
    public var laterSteps: String { sentences.pick("Then:", "Các bước tiếp theo:") }
}
