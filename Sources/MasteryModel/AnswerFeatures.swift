#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The per-row inputs the model needs beyond ids, computed from one student's rows in sequence:
/// the practice counts `log(1 + wins)`, `log(1 + fails)` of earlier answers on the row's skill,
/// and the row weight (recency discount × 1/|S| for a question tagged with |S| skills).
///
/// Training and fold-in both call this, so a student's features are the same in either.
public struct AnswerFeatures {
    private var wins: [Float]
    private var fails: [Float]

    /// Scratch for `skillCount` skills; reuse one value per thread.
    public init(skillCount: Int) {
        wins = [Float](repeating: 0, count: skillCount)
        fails = [Float](repeating: 0, count: skillCount)
    }

    /// Fills `logWins`, `logFails` and `weights` for one student's rows (in sequence order).
    ///
    /// - Parameters:
    ///   - answers: answer number of each row; rows of one answer are consecutive.
    ///   - outcomes: 0/1 or a score in [0, 1]; a score counts fractionally as a win.
    ///   - times: Unix seconds per row, needed only for a half-life in days.
    ///   - counted: rows whose outcome may count as practice for later rows (nil: all). Held-out
    ///     answers are left out, so their outcomes cannot reach the training rows after them.
    public mutating func compute(skills: UnsafeBufferPointer<UInt32>, answers: UnsafeBufferPointer<UInt32>,
                                 outcomes: UnsafeBufferPointer<Float>, times: UnsafeBufferPointer<Double>?,
                                 counted: UnsafeBufferPointer<Bool>? = nil, recency: Recency,
                                 logWins: UnsafeMutableBufferPointer<Float>, logFails: UnsafeMutableBufferPointer<Float>,
                                 weights: UnsafeMutableBufferPointer<Float>) {
        let rows = skills.count
        guard rows > 0 else { return }
        let lastAnswer = answers[rows - 1]
        let lastTime = times?[rows - 1] ?? 0
        var start = 0
        while start < rows {
            var end = start + 1
            while end < rows, answers[end] == answers[start] { end += 1 }
            let discount: Double
            switch (recency.halfLife, recency.unit) {
            case (nil, _):
                discount = 1
            case let (halfLife?, .answers):
                discount = pow(0.5, Double(lastAnswer - answers[start]) / halfLife)
            case let (halfLife?, .days):
                discount = pow(0.5, max(0, lastTime - (times?[start] ?? lastTime)) / (halfLife * 86_400))
            }
            let share = Float(discount / Double(end - start))
            for row in start..<end {
                let skill = Int(skills[row])
                // Most rows of a student are a first answer on their skill: log(1 + 0) needs no call.
                logWins[row] = wins[skill] == 0 ? 0 : log1pf(wins[skill])
                logFails[row] = fails[skill] == 0 ? 0 : log1pf(fails[skill])
                weights[row] = share
            }
            for row in start..<end where counted?[row] ?? true {
                let skill = Int(skills[row])
                wins[skill] += outcomes[row]
                fails[skill] += 1 - outcomes[row]
            }
            start = end
        }
        for row in 0..<rows {
            wins[Int(skills[row])] = 0
            fails[Int(skills[row])] = 0
        }
    }
}
