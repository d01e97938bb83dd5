/// A mastery estimate in a teacher's words (chưa học / đang học / gần thành thạo / thành thạo).
/// The level reads the point estimate: the interval tells how sure the model is, which a
/// teacher sees in a tooltip, not in the word (the path's states still use the interval).
public enum MasteryLevel: String, CaseIterable, Encodable, Sendable {
    case notStarted, learning, almost, mastered

    /// Below this estimate a skill has not been started.
    public static let learningFrom = 0.4
    /// How far below the mastery threshold a skill is almost mastered.
    public static let almostBelowThreshold = 0.15

    /// A circle filled a quarter, a half, three quarters or whole: the level without colour, in
    /// the text grids and (drawn the same way) on the graphs' nodes.
    public var glyph: Character {
        switch self {
        case .notStarted: return "◔"
        case .learning: return "◑"
        case .almost: return "◕"
        case .mastered: return "●"
        }
    }

    /// The share of a node's circle filled, as ``glyph`` fills it.
    public var filledShare: Double {
        switch self {
        case .notStarted: return 0.25
        case .learning: return 0.5
        case .almost: return 0.75
        case .mastered: return 1
        }
    }

    /// The level of `mastery` against the mastery `threshold`, read from the estimate as the
    /// reports print it (two decimals): an estimate of 0.7996 prints as 0,80 and must not read
    /// "gần thành thạo" beside it.
    public init(mastery: Double, threshold: Double) {
        let bounds = Self.lowerBounds(threshold: threshold)
        let shown = Self.asPrinted(mastery)
        self = Self.allCases[bounds.lastIndex { shown >= $0 } ?? 0]
    }

    /// `mastery` rounded to the two decimals the reports print.
    public static func asPrinted(_ mastery: Double) -> Double { (mastery * 100).rounded() / 100 }

    /// The lowest estimate of each level under `threshold`, in the order of ``allCases``. Under a
    /// low threshold "almost" starts below 0.40 and "learning" has no estimates left.
    public static func lowerBounds(threshold: Double) -> [Double] {
        // Rounded to six decimals, so 0.80 − 0.15 is the 0.65 the rule prints, not 0.6500000000000001.
        let almost = max(((threshold - almostBelowThreshold) * 1e6).rounded() / 1e6, 0)
        return [0, min(learningFrom, almost), almost, threshold]
    }
}

extension Words {
    /// A level in a teacher's words.
    public func level(_ level: MasteryLevel) -> String {
        switch level {
        case .notStarted: return sentences.pick("not started", "chưa học")
        case .learning: return sentences.pick("learning", "đang học")
        case .almost: return sentences.pick("almost", "gần thành thạo")
        case .mastered: return sentences.pick("mastered", "thành thạo")
        }
    }

    /// The levels' rule in one line, e.g. "chưa học < 0,40 ≤ đang học < 0,65 ≤ gần thành thạo < 0,80 ≤ thành thạo".
    public func levelRule(threshold: Double) -> String {
        let bounds = MasteryLevel.lowerBounds(threshold: threshold)
        var text = level(.notStarted)
        for index in 1..<bounds.count {
            // A level with no estimates of its own is left out of the rule.
            if index + 1 < bounds.count, bounds[index] == bounds[index + 1] { continue }
            text += " < \(decimal(bounds[index])) ≤ " + level(MasteryLevel.allCases[index])
        }
        return text
    }

    /// The interval a level's tooltip shows.
    public func intervalTooltip(mastery: Double, lower: Double, upper: Double, confidence: Double) -> String {
        sentences.pick("estimate \(decimal(mastery)), \(percent(confidence)) interval \(interval(lower, upper))",
                       "ước lượng \(decimal(mastery)), khoảng tin cậy \(percent(confidence)) \(interval(lower, upper))")
    }
}

extension Words {
    /// The column of levels (the HTML reports; the estimate is in each cell's tooltip).
    public var levelColumn: String { sentences.pick("Level", "Mức độ") }

    /// How a graph node shows its level: its colour and how much of its circle is filled.
    public func nodeLevels(threshold: Double) -> String {
        sentences.pick("Colour and filled share of the circle (\(MasteryLevel.allCases.map { String($0.glyph) }.joined(separator: " "))): the level (\(levelRule(threshold: threshold)))",
                       "Màu và phần tô của vòng tròn (\(MasteryLevel.allCases.map { String($0.glyph) }.joined(separator: " "))): mức độ (\(levelRule(threshold: threshold)))")
    }

    /// The caption of a student's graph.
    public func levelGraphCaption(threshold: Double) -> String {
        nodeLevels(threshold: threshold) + sentences.pick(". Number: the step on the path. Arrow: prerequisite → skill; the path's own links are blue. Point at a skill for its full name and estimate.",
                                                          ". Số: thứ tự bước trong lộ trình. Mũi tên: kiến thức nền → kỹ năng; các mũi tên xanh dương nối các bước của lộ trình. Di chuột lên kỹ năng để xem tên đầy đủ và ước lượng.")
    }

    /// The caption of `explain`'s graph: the skill and what it needs, at the student's levels.
    public func explainGraphCaption(threshold: Double) -> String {
        nodeLevels(threshold: threshold) + sentences.pick(". Number: the step on the path. Arrow: prerequisite → skill; the path's own links are blue.",
                                                          ". Số: thứ tự bước trong lộ trình. Mũi tên: kiến thức nền → kỹ năng; các mũi tên xanh dương nối các bước của lộ trình.")
    }

    /// The caption of the class's graph, whose nodes show the class's mean mastery.
    public func classGraphCaption(threshold: Double) -> String {
        nodeLevels(threshold: threshold) + sentences.pick(" of the class's mean mastery. Number: how many students have the skill as their next step.",
                                                          " theo mức thành thạo trung bình của lớp. Số: số học sinh có kỹ năng này là bước tiếp theo.")
    }
}

extension Words {
    /// The heading of the class's student × skill grid.
    public var gridHeading: String { sentences.pick("Each student on each skill", "Từng học sinh trên từng kỹ năng") }
}
