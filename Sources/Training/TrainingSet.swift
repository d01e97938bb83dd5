import MasteryData
import MasteryModel

/// The rows a fit learns from, with everything the sweeps read precomputed per row: practice
/// counts, weights (recency × 1/|S|), and indexes by student and by skill.
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
    public internal(set) var rowWeight: [Float] = []
    public internal(set) var rowLogWins: [Float] = []
    public internal(set) var rowLogFails: [Float] = []
    public internal(set) var studentOffsets: [Int] = []
    /// Rows of skill `s` in ``SkillMajorRows`` order: `skillOffsets[s]..<skillOffsets[s + 1]`.
    public internal(set) var skillOffsets: [Int] = []

    public var rowCount: Int { rowSkill.count }

    /// - Parameters:
    ///   - rows: the rows of `data` to learn from (ascending); nil for all.
    ///   - useItems: whether to index items (the item-bias term).
    public init(data: ResponseData, rows: [Int]? = nil, recency: Recency, useItems: Bool) {
        studentCount = data.studentCount
        skillCount = data.skillCount
        itemCount = useItems && data.hasItems ? data.itemIds.count : 0
        isBinary = data.isBinary
        let (logWins, logFails, weights) = Self.features(of: data, recency: recency, counted: rows.map { Self.mask($0, count: data.rowCount) })
        if let rows {
            rowStudent = rows.map { data.rowStudent[$0] }
            rowSkill = rows.map { data.rowSkill[$0] }
            if itemCount > 0 { rowItem = rows.map { data.rowItem[$0] } }
            rowTarget = rows.map { data.rowOutcome[$0] }
            rowWeight = rows.map { weights[$0] }
            rowLogWins = rows.map { logWins[$0] }
            rowLogFails = rows.map { logFails[$0] }
        } else {
            rowStudent = data.rowStudent
            rowSkill = data.rowSkill
            if itemCount > 0 { rowItem = data.rowItem }
            rowTarget = data.rowOutcome
            rowWeight = weights
            rowLogWins = logWins
            rowLogFails = logFails
        }
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

    /// Practice counts and weights of every row, student by student, counting the outcomes of the
    /// `counted` rows only (all when nil).
    static func features(of data: ResponseData, recency: Recency, counted: [Bool]? = nil) -> ([Float], [Float], [Float]) {
        var logWins = [Float](repeating: 0, count: data.rowCount)
        var logFails = [Float](repeating: 0, count: data.rowCount)
        var weights = [Float](repeating: 0, count: data.rowCount)
        var features = AnswerFeatures(skillCount: data.skillCount)
        data.rowSkill.withUnsafeBufferPointer { skills in
            data.rowAnswer.withUnsafeBufferPointer { answers in
                data.rowOutcome.withUnsafeBufferPointer { outcomes in
                    data.rowTime.withUnsafeBufferPointer { times in
                        logWins.withUnsafeMutableBufferPointer { wins in
                            logFails.withUnsafeMutableBufferPointer { fails in
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
                                            recency: recency,
                                            logWins: UnsafeMutableBufferPointer(rebasing: wins[range]),
                                            logFails: UnsafeMutableBufferPointer(rebasing: fails[range]),
                                            weights: UnsafeMutableBufferPointer(rebasing: weight[range]))
                                    }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (logWins, logFails, weights)
    }
}

/// The columns of a training set that the sweep's skill pass reads, stored skill by skill (each
/// skill's rows in row order, so grouped by student), made once per fit.
///
/// Read through an index into the row-ordered columns instead, every row of the skill pass
/// costs a cache miss per column on a large set (20 million rows: a third of that pass's time
/// went to the first such load); stored in the order the pass walks them, they stream.
final class SkillMajorRows {
    let student: UnsafeMutablePointer<UInt32>
    /// Empty (one unused slot) when the set has no items.
    let item: UnsafeMutablePointer<UInt32>
    let target, weight, logWins, logFails: UnsafeMutablePointer<Float>

    init(_ set: TrainingSet) {
        let count = max(set.rowCount, 1)
        student = .allocate(capacity: count)
        item = .allocate(capacity: set.itemCount > 0 ? count : 1)
        target = .allocate(capacity: count)
        weight = .allocate(capacity: count)
        logWins = .allocate(capacity: count)
        logFails = .allocate(capacity: count)
        // A stable counting sort by skill, scattering each column as it goes.
        var next = set.skillOffsets
        for row in 0..<set.rowCount {
            let skill = Int(set.rowSkill[row])
            let position = next[skill]
            next[skill] = position + 1
            student[position] = set.rowStudent[row]
            if set.itemCount > 0 { item[position] = set.rowItem[row] }
            target[position] = set.rowTarget[row]
            weight[position] = set.rowWeight[row]
            logWins[position] = set.rowLogWins[row]
            logFails[position] = set.rowLogFails[row]
        }
    }

    deinit {
        student.deallocate()
        item.deallocate()
        for column in [target, weight, logWins, logFails] { column.deallocate() }
    }
}
