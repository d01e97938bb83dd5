import MasteryData

/// The cross-validation folds of one tuning run, made inside the rows the tuner may use, and
/// shared by every candidate so that their scores are paired comparisons.
///
/// Rows outside the allowed set are in no fold's training rows and no fold's test rows. This is
/// why the folds are not a ``RowSplit`` run by ``Evaluator/evaluate(_:options:)``: its training
/// rows are every row outside the held-out part, excluded ones included.
struct TuningFolds: Sendable, Equatable {
    /// Per fold, the held-out rows (ascending).
    let testRows: [[Int]]
    /// Per fold, the allowed rows that are not held out (ascending).
    let trainRows: [[Int]]

    var count: Int { testRows.count }

    /// - Parameters:
    ///   - allowedRows: the rows that may be used (any order); nil for all.
    ///   - evaluationProtocol: `online` deals whole students to folds: only students whose rows are
    ///     all allowed are held out, because online prediction replays a student's whole history;
    ///     the allowed rows of the other students train in every fold. `random` deals answers.
    init(data: ResponseData, allowedRows: [Int]?, count: Int, evaluationProtocol: EvaluationProtocol,
         seed: UInt64) throws(TuningError) {
        guard (2...255).contains(count) else { throw .invalidFoldCount(count) }
        var allowed = [Bool](repeating: allowedRows == nil, count: data.rowCount)
        if let allowedRows {
            for row in allowedRows {
                guard allowed.indices.contains(row) else { throw .allowedRowOutOfRange(row, rowCount: data.rowCount) }
                allowed[row] = true
            }
        }
        var generator = SeededRandom(seed: seed)
        let foldOfRow: [Int?]
        switch evaluationProtocol {
        case .online:
            let students = (0..<data.studentCount).filter { student in
                let rows = data.rows(ofStudent: student)
                return !rows.isEmpty && rows.allSatisfy { allowed[$0] }
            }
            guard students.count >= count else {
                throw .tooFewHeldOutUnits(available: students.count, folds: count, unit: "students with all their rows allowed")
            }
            let foldOfStudent = Self.deal(students, of: data.studentCount, folds: count, using: &generator)
            foldOfRow = data.rowStudent.map { foldOfStudent[Int($0)] }
        case .random:
            var answerAllowed = [Bool?](repeating: nil, count: data.answerCount)
            for row in 0..<data.rowCount {
                let answer = Int(data.rowAnswer[row])
                if let seen = answerAllowed[answer], seen != allowed[row] { throw .answerSplitByAllowedRows(row: row) }
                answerAllowed[answer] = allowed[row]
            }
            let answers = answerAllowed.indices.filter { answerAllowed[$0] == true }
            guard answers.count >= count else {
                throw .tooFewHeldOutUnits(available: answers.count, folds: count, unit: "allowed answers")
            }
            let foldOfAnswer = Self.deal(answers, of: data.answerCount, folds: count, using: &generator)
            foldOfRow = data.rowAnswer.map { foldOfAnswer[Int($0)] }
        }
        var testRows = [[Int]](repeating: [], count: count)
        var trainRows = [[Int]](repeating: [], count: count)
        for row in 0..<data.rowCount where allowed[row] {
            for fold in 0..<count {
                if foldOfRow[row] == fold { testRows[fold].append(row) } else { trainRows[fold].append(row) }
            }
        }
        self.testRows = testRows
        self.trainRows = trainRows
    }

    /// Shuffles `units` with the seeded generator and deals them round-robin, so fold sizes
    /// differ by at most one unit. Returns the fold of each of the `unitCount` units (nil: not dealt).
    private static func deal(_ units: [Int], of unitCount: Int, folds: Int, using generator: inout SeededRandom) -> [Int?] {
        var shuffled = units
        for position in shuffled.indices.dropLast() {
            let pick = position + Int(generator.next() % UInt64(shuffled.count - position))
            shuffled.swapAt(position, pick)
        }
        var fold = [Int?](repeating: nil, count: unitCount)
        for (position, unit) in shuffled.enumerated() { fold[unit] = position % folds }
        return fold
    }
}
