/// Graded answers held compactly, struct-of-arrays, with compressed sparse rows both ways.
///
/// Rows (one per skill of an answer) are sorted by student and, within a student, by sequence
/// (the `order` column, else the timestamp, else file order), so a student's rows are the contiguous
/// range ``rows(ofStudent:)``; ``rowCount(ofSkill:)`` counts each skill's rows.
///
/// A question tagged with several skills is one *answer* made of consecutive rows: same student,
/// same item, same outcome, each row a different skill. ``rowAnswer`` numbers answers so that
/// splits and evaluation keep those rows together.
///
/// Memory: 20 bytes per row (student, skill, item, outcome, answer), plus 8 when timestamps are
/// present. There is no index of rows by skill: nothing reads one (a fit makes its own skill-major
/// copy of what it needs), and on a province's 100 M rows it held 400 MB through every fit.
public struct ResponseData: Sendable {
    public var studentIds: IdTable
    public var skillIds: IdTable
    /// Empty when the data has no item column.
    public var itemIds: IdTable

    public var rowStudent: [UInt32]
    public var rowSkill: [UInt32]
    /// Empty when the data has no item column.
    public var rowItem: [UInt32]
    /// 0 or 1 for correctness; a score in [0, 1] when graded.
    public var rowOutcome: [Float]
    /// The answer each row belongs to; rows of one answer are consecutive.
    public var rowAnswer: [UInt32]
    /// Unix seconds; empty when the data has no timestamps.
    public var rowTime: [Double]
    /// Split label per row (index into ``splitLabels``); empty when no split column was read.
    public var rowSplit: [UInt16]
    public var splitLabels: [String]

    /// True when outcomes are 0/1 correctness, false for graded scores.
    public var isBinary: Bool

    /// `studentOffsets[s] ..< studentOffsets[s + 1]` are the rows of student `s`.
    public private(set) var studentOffsets: [Int]
    /// `skillOffsets[k + 1] − skillOffsets[k]` rows carry skill `k`.
    public private(set) var skillOffsets: [Int]

    public var rowCount: Int { rowSkill.count }
    public var answerCount: Int { rowAnswer.last.map { Int($0) + 1 } ?? 0 }
    public var studentCount: Int { studentIds.count }
    public var skillCount: Int { skillIds.count }
    public var hasItems: Bool { !rowItem.isEmpty }
    public var hasTimestamps: Bool { !rowTime.isEmpty }

    @inline(__always)
    public func rows(ofStudent student: Int) -> Range<Int> {
        studentOffsets[student]..<studentOffsets[student + 1]
    }

    /// The rows of each answer of `student`, in sequence: a multi-skill question is one range.
    public func answerRows(ofStudent student: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        let rows = rows(ofStudent: student)
        var start = rows.lowerBound
        while start < rows.upperBound {
            var end = start + 1
            while end < rows.upperBound, rowAnswer[end] == rowAnswer[start] { end += 1 }
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }

    public func rowCount(ofSkill skill: Int) -> Int {
        skillOffsets[skill + 1] - skillOffsets[skill]
    }

    /// Bytes held per row by the row columns and indexes (id tables excluded), for memory reports.
    public var bytesPerRow: Double {
        guard rowCount > 0 else { return 0 }
        let columns = rowStudent.capacity * 4 + rowSkill.capacity * 4 + rowItem.capacity * 4
            + rowOutcome.capacity * 4 + rowAnswer.capacity * 4 + rowTime.capacity * 8 + rowSplit.capacity * 2
        let indexes = studentOffsets.capacity * 8 + skillOffsets.capacity * 8
        return Double(columns + indexes) / Double(rowCount)
    }

    /// Builds the store from rows already sorted by student and sequence, with answers numbered;
    /// the offsets are counted on up to `threads` threads.
    init(studentIds: IdTable, skillIds: IdTable, itemIds: IdTable,
         rowStudent: [UInt32], rowSkill: [UInt32], rowItem: [UInt32], rowOutcome: [Float],
         rowAnswer: [UInt32], rowTime: [Double], rowSplit: [UInt16], splitLabels: [String], isBinary: Bool,
         threads: Int = 1) {
        self.studentIds = studentIds
        self.skillIds = skillIds
        self.itemIds = itemIds
        self.rowStudent = rowStudent
        self.rowSkill = rowSkill
        self.rowItem = rowItem
        self.rowOutcome = rowOutcome
        self.rowAnswer = rowAnswer
        self.rowTime = rowTime
        self.rowSplit = rowSplit
        self.splitLabels = splitLabels
        self.isBinary = isBinary
        studentOffsets = CompressedIndex.offsets(of: rowStudent, count: studentIds.count, threads: threads)
        skillOffsets = CompressedIndex.offsets(of: rowSkill, count: skillIds.count, threads: threads)
    }
}

/// Compressed sparse row indexes: rows grouped by a key (student, skill, item).
public enum CompressedIndex {
    /// Prefix sums of how many rows carry each key.
    public static func offsets(of keys: [UInt32], count: Int) -> [Int] {
        var offsets = [Int](repeating: 0, count: count + 1)
        for key in keys { offsets[Int(key) + 1] += 1 }
        for index in 0..<count { offsets[index + 1] += offsets[index] }
        return offsets
    }

    /// Row numbers grouped by key (a stable counting sort), so each bucket is ascending.
    public static func bucketRows(_ keys: [UInt32], offsets: [Int]) -> [UInt32] {
        var next = offsets
        var rows = [UInt32](repeating: 0, count: keys.count)
        for (row, key) in keys.enumerated() {
            rows[next[Int(key)]] = UInt32(row)
            next[Int(key)] += 1
        }
        return rows
    }
}
