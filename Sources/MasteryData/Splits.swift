/// An assignment of every row to one of ``count`` parts (folds, or train/test), made at the level
/// of answers: the rows of one answer (a question tagged with several skills) always share a part,
/// so no held-out answer leaks into training through a sibling row.
public struct RowSplit: Sendable, Equatable {
    public let count: Int
    /// Part of each row, `0..<count`.
    public let rowPart: [UInt8]

    public init(count: Int, rowPart: [UInt8]) {
        precondition((1...255).contains(count), "a split has 1 to 255 parts")
        self.count = count
        self.rowPart = rowPart
    }

    /// Rows in `part`, ascending.
    public func rows(in part: Int) -> [Int] {
        rowPart.indices.filter { Int(rowPart[$0]) == part }
    }

    /// Rows outside `part`, ascending (the training rows of fold `part`).
    public func rows(notIn part: Int) -> [Int] {
        rowPart.indices.filter { Int(rowPart[$0]) != part }
    }

    /// Number of rows in each part.
    public var sizes: [Int] {
        var sizes = [Int](repeating: 0, count: count)
        for part in rowPart { sizes[Int(part)] += 1 }
        return sizes
    }
}

extension ResponseData {
    /// `k` folds by student: every student's rows fall in one fold; students are shuffled and dealt
    /// round-robin so fold sizes differ by at most one student.
    public func studentFolds<G: RandomNumberGenerator>(_ k: Int, using generator: inout G) -> RowSplit {
        precondition(k >= 2 && k <= min(255, max(studentCount, 2)), "2 … min(255, students) folds")
        var students = Array(0..<studentCount)
        students.shuffle(using: &generator)
        var fold = [UInt8](repeating: 0, count: studentCount)
        for (position, student) in students.enumerated() { fold[student] = UInt8(position % k) }
        return RowSplit(count: k, rowPart: rowStudent.map { fold[Int($0)] })
    }

    /// Holds out a random `testFraction` of answers (part 1), the rest is training (part 0).
    public func randomAnswerSplit<G: RandomNumberGenerator>(testFraction: Double, using generator: inout G) -> RowSplit {
        precondition((0...1).contains(testFraction), "a fraction in [0, 1]")
        let answerIsTest = (0..<answerCount).map { _ in Double.random(in: 0..<1, using: &generator) < testFraction }
        return RowSplit(count: 2, rowPart: rowAnswer.map { answerIsTest[Int($0)] ? 1 : 0 })
    }

    /// `k` folds of answers: answers are shuffled and dealt round-robin, so fold sizes differ by at
    /// most one answer and a student's answers spread over all folds.
    public func randomAnswerFolds<G: RandomNumberGenerator>(_ k: Int, using generator: inout G) -> RowSplit {
        precondition(k >= 2 && k <= 255, "2 … 255 folds")
        var answers = Array(0..<answerCount)
        answers.shuffle(using: &generator)
        var fold = [UInt8](repeating: 0, count: answerCount)
        for (position, answer) in answers.enumerated() { fold[answer] = UInt8(position % k) }
        return RowSplit(count: k, rowPart: rowAnswer.map { fold[Int($0)] })
    }

    /// Holds out each student's last `testFraction` of answers in sequence order (part 1), rounded
    /// down, so a student with few answers keeps them all for training.
    public func lastAnswersSplit(testFraction: Double) -> RowSplit {
        precondition((0...1).contains(testFraction), "a fraction in [0, 1]")
        var parts = [UInt8](repeating: 0, count: rowCount)
        for student in 0..<studentCount {
            let rows = self.rows(ofStudent: student)
            guard let first = rows.first, let last = rows.last else { continue }
            let firstAnswer = Int(rowAnswer[first])
            let answers = Int(rowAnswer[last]) - firstAnswer + 1
            let firstTestAnswer = firstAnswer + answers - Int(Double(answers) * testFraction)
            for row in rows where Int(rowAnswer[row]) >= firstTestAnswer { parts[row] = 1 }
        }
        return RowSplit(count: 2, rowPart: parts)
    }

    /// The split given by the data's split column: rows whose label is in `testLabels` are part 1.
    /// Throws when a label is unknown or an answer's rows disagree (which would leak the answer).
    public func columnSplit(testLabels: Set<String>) throws(SplitError) -> RowSplit {
        guard !splitLabels.isEmpty else { throw .noSplitColumn }
        let unknown = testLabels.subtracting(splitLabels)
        guard unknown.isEmpty else { throw .unknownLabels(unknown.sorted(), known: splitLabels) }
        let isTest = splitLabels.map(testLabels.contains)
        let parts = rowSplit.map { isTest[Int($0)] ? UInt8(1) : 0 }
        try checkAnswersKeptTogether(parts)
        return RowSplit(count: 2, rowPart: parts)
    }

    /// Folds from the data's split column, one fold per label (e.g. ASSISTments' `akt_fold` 1…5), in
    /// label order.
    public func columnFolds() throws(SplitError) -> RowSplit {
        guard !splitLabels.isEmpty else { throw .noSplitColumn }
        let order = splitLabels.indices.sorted { splitLabels[$0].localizedStandardLess(splitLabels[$1]) }
        var foldOfLabel = [UInt8](repeating: 0, count: splitLabels.count)
        for (fold, label) in order.enumerated() { foldOfLabel[label] = UInt8(fold) }
        let parts = rowSplit.map { foldOfLabel[Int($0)] }
        try checkAnswersKeptTogether(parts)
        return RowSplit(count: splitLabels.count, rowPart: parts)
    }

    private func checkAnswersKeptTogether(_ parts: [UInt8]) throws(SplitError) {
        for row in 1..<max(rowCount, 1) where rowAnswer[row] == rowAnswer[row - 1] && parts[row] != parts[row - 1] {
            throw .answerSplitAcross(row: row)
        }
    }
}

public enum SplitError: Error, Sendable, Equatable, CustomStringConvertible {
    case noSplitColumn
    case unknownLabels([String], known: [String])
    case answerSplitAcross(row: Int)

    public var description: String {
        switch self {
        case .noSplitColumn:
            "the data has no split column (map one with --column split=HEADER)"
        case let .unknownLabels(labels, known):
            "split labels \(labels.joined(separator: ", ")) do not occur; the split column holds \(known.joined(separator: ", "))"
        case let .answerSplitAcross(row):
            "the rows of one answer carry different split labels (sorted row \(row)): the answer would leak across the split"
        }
    }
}

private extension String {
    /// Numeric-aware ordering so that fold "10" follows "9".
    func localizedStandardLess(_ other: String) -> Bool {
        if let left = Int(self), let right = Int(other) { return left < right }
        return self < other
    }
}
