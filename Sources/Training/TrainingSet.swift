import MasteryData
import MasteryModel

/// The rows a fit learns from, with everything the sweeps read precomputed per row: practice
/// counts, weights (recency × 1/|S|; none stored when all are 1), and offsets by student and by
/// skill.
///
/// Practice counts come from the selected rows only: an answer outside them (held out for
/// validation or evaluation) must not reach the training rows after it through their counts.
public struct TrainingSet: Sendable {
    public let studentCount: Int
    public let skillCount: Int
    /// Zero when the data has no items or the item term is off.
    public let itemCount: Int
    public let isBinary: Bool

    public internal(set) var rowStudent: [UInt32] = []
    public internal(set) var rowSkill: [UInt32] = []
    public internal(set) var rowItem: [UInt32] = []
    public internal(set) var rowTarget: [Float] = []
    /// Each row's weight (recency × 1/|S|), or empty when every row weighs 1 (no recency, one
    /// skill per answer: the default fit of single-skill data). Read through ``weight(ofRow:)``.
    /// Stored only when rows differ, because a column of ones and its skill-major copy held 800 MB
    /// of a province's fit (100 M rows).
    public internal(set) var storedWeights: [Float] = []
    /// The practice values of each row, ``practiceStride`` per row: `log(1 + wins)`,
    /// `log(1 + fails)` on the row's skill, then each of ``practiceFeatures``.
    public internal(set) var rowPractice: [Float] = []
    /// The further practice features computed per row.
    public let practiceFeatures: [PracticeFeature]
    public internal(set) var studentOffsets: [Int] = []
    /// Rows of skill `s` in ``SkillMajorRows`` order: `skillOffsets[s]..<skillOffsets[s + 1]`.
    public internal(set) var skillOffsets: [Int] = []

    public var rowCount: Int { rowSkill.count }
    /// Whether every row weighs 1 (``storedWeights`` is empty).
    public var hasUnitWeights: Bool { storedWeights.isEmpty }

    /// The weight of `row`.
    @inline(__always)
    public func weight(ofRow row: Int) -> Float { storedWeights.isEmpty ? 1 : storedWeights[row] }
    /// Practice values per row in ``rowPractice``.
    public var practiceStride: Int { 2 + practiceFeatures.count }

    /// - Parameters:
    ///   - rows: the rows of `data` to learn from (ascending); nil for all.
    ///   - useItems: whether to index items (the item-bias term).
    ///   - features: further practice features to compute per row.
    ///   - related: the prerequisite graph's neighbours, for the related features.
    public init(data: ResponseData, rows: [Int]? = nil, recency: Recency, useItems: Bool, features: [PracticeFeature] = [],
                related: RelatedSkills = .none) {
        studentCount = data.studentCount
        skillCount = data.skillCount
        itemCount = useItems && data.hasItems ? data.itemIds.count : 0
        isBinary = data.isBinary
        practiceFeatures = features
        let (practice, weights) = Self.features(of: data, recency: recency, features: features, related: related,
                                                counted: rows.map { Self.mask($0, count: data.rowCount) })
        if let rows {
            let stride = 2 + features.count
            rowStudent = rows.map { data.rowStudent[$0] }
            rowSkill = rows.map { data.rowSkill[$0] }
            if itemCount > 0 { rowItem = rows.map { data.rowItem[$0] } }
            rowTarget = rows.map { data.rowOutcome[$0] }
            storedWeights = rows.map { weights[$0] }
            rowPractice.reserveCapacity(rows.count * stride)
            for row in rows { rowPractice.append(contentsOf: practice[(row * stride)..<((row + 1) * stride)]) }
        } else {
            rowStudent = data.rowStudent
            rowSkill = data.rowSkill
            if itemCount > 0 { rowItem = data.rowItem }
            rowTarget = data.rowOutcome
            storedWeights = weights
            rowPractice = practice
        }
        // Judged on the selected rows: held-out multi-skill answers leave the others' weights at 1.
        if storedWeights.allSatisfy({ $0 == 1 }) { storedWeights = [] }
        studentOffsets = CompressedIndex.offsets(of: rowStudent, count: studentCount)
        skillOffsets = CompressedIndex.offsets(of: rowSkill, count: skillCount)
    }

    @inline(__always)
    func rows(ofStudent student: Int) -> Range<Int> { studentOffsets[student]..<studentOffsets[student + 1] }

    /// `true` at each of `rows`.
    static func mask(_ rows: [Int], count: Int) -> [Bool] {
        var mask = [Bool](repeating: false, count: count)
        for row in rows { mask[row] = true }
        return mask
    }

    /// Practice values (`2 + features.count` per row) and weights of every row, student by student,
    /// counting the outcomes of the `counted` rows only (all when nil).
    static func features(of data: ResponseData, recency: Recency, features practiceFeatures: [PracticeFeature],
                         related: RelatedSkills, counted: [Bool]? = nil) -> (practice: [Float], weights: [Float]) {
        let stride = 2 + practiceFeatures.count
        var practice = [Float](repeating: 0, count: data.rowCount * stride)
        var weights = [Float](repeating: 0, count: data.rowCount)
        var features = AnswerFeatures(skillCount: data.skillCount)
        data.rowSkill.withUnsafeBufferPointer { skills in
            data.rowAnswer.withUnsafeBufferPointer { answers in
                data.rowOutcome.withUnsafeBufferPointer { outcomes in
                    data.rowTime.withUnsafeBufferPointer { times in
                        practice.withUnsafeMutableBufferPointer { practice in
                                weights.withUnsafeMutableBufferPointer { weight in
                                    (counted ?? []).withUnsafeBufferPointer { counted in
                                    for student in 0..<data.studentCount {
                                        let range = data.rows(ofStudent: student)
                                        features.compute(
                                            skills: UnsafeBufferPointer(rebasing: skills[range]),
                                            answers: UnsafeBufferPointer(rebasing: answers[range]),
                                            outcomes: UnsafeBufferPointer(rebasing: outcomes[range]),
                                            times: times.isEmpty ? nil : UnsafeBufferPointer(rebasing: times[range]),
                                            counted: counted.isEmpty ? nil : UnsafeBufferPointer(rebasing: counted[range]),
                                            recency: recency, features: practiceFeatures, related: related,
                                            practice: UnsafeMutableBufferPointer(
                                                rebasing: practice[(range.lowerBound * stride)..<(range.upperBound * stride)]),
                                            weights: UnsafeMutableBufferPointer(rebasing: weight[range]))
                                    }
                                    }
                                }
                        }
                    }
                }
            }
        }
        return (practice, weights)
    }
}
