extension Words {
    /// The caption of the printed graph, which shows only the first steps' neighbourhood.
    public func printedGraphCaption(steps: Int, threshold: Double) -> String {
        let range = steps == 1 ? "1" : "1–\(steps)"
        return sentences.pick("Steps \(range) and the skills they need directly; the report on screen has the whole graph. " + nodeLevels(threshold: threshold) + ". Number: the step on the path.",
                              "Bước \(range) và kiến thức nền trực tiếp của chúng; bản trên màn hình có toàn bộ đồ thị. " + nodeLevels(threshold: threshold) + ". Số: thứ tự bước trong lộ trình.")
    }

    /// The caption of a class's printed graph: the skills most students take next and their
    /// direct prerequisites.
    public func printedClassGraphCaption(skills: Int, threshold: Double) -> String {
        sentences.pick("The \(skills) skills most students take next (numbered 1–\(skills) in the list when the graph does not fit) and the skills they need directly; the report on screen has the whole graph. " + nodeLevels(threshold: threshold) + " of the class's mean mastery. Number: how many students have the skill as their next step.",
                       "\(skills) kỹ năng nhiều học sinh học tiếp nhất và kiến thức nền trực tiếp của chúng; bản trên màn hình có toàn bộ đồ thị. " + nodeLevels(threshold: threshold) + " theo mức thành thạo trung bình của lớp. Số: số học sinh có kỹ năng này là bước tiếp theo.")
    }

    /// Before a printed step's direct prerequisites, when the graph prints as a list.
    public var needsDirectly: String { sentences.pick("needs", "cần") }
}
