extension Words {
    /// The caption of the printed graph, which shows only the first steps' neighbourhood.
    public func printedGraphCaption(steps: Int, threshold: Double) -> String {
        let range = steps == 1 ? "1" : "1–\(steps)"
        return sentences.pick("Steps \(range) and the skills they need directly; the report on screen has the whole graph. " + nodeLevels(threshold: threshold) + ". Number: the step on the path.",
                              "Bước \(range) và kiến thức nền trực tiếp của chúng; bản trên màn hình có toàn bộ đồ thị. " + nodeLevels(threshold: threshold) + ". Số: thứ tự bước trong lộ trình.")
    }

    /// Before a printed step's direct prerequisites, when the graph prints as a list.
    public var needsDirectly: String { sentences.pick("needs", "cần") }
}
