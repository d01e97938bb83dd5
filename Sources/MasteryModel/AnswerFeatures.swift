#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The per-row inputs the model needs beyond ids, computed from one student's rows in sequence:
/// the practice terms (`log(1 + wins)`, `log(1 + fails)` of earlier answers on the row's skill,
/// then each ``PracticeFeature`` the model has) and the row weight (recency discount × 1/|S| for
/// a question tagged with |S| skills).
///
/// Training and fold-in both call this, so a student's features are the same in either; the
/// per-answer update gathers the same ``PracticeCounts`` from its state.
public struct AnswerFeatures {
    private var wins: [Double]
    private var fails: [Double]
    private var recentAttempts: [Double]
    private var recentWins: [Double]
    private var rightStreak: [Double]
    private var wrongStreak: [Double]
    /// Per skill, the ordinal (within the student) of the last answer on it, or −1.
    private var lastAnswer: [Int]
    /// The first row of each answer of the current student, plus the end.
    private var answerStarts: [Int] = []

    /// Scratch for `skillCount` skills; reuse one value per thread.
    public init(skillCount: Int) {
        wins = [Double](repeating: 0, count: skillCount)
        fails = wins
        recentAttempts = wins
        recentWins = wins
        rightStreak = wins
        wrongStreak = wins
        lastAnswer = [Int](repeating: -1, count: skillCount)
    }

    /// Fills `practice` (`2 + features.count` values per row, row by row) and `weights` for one
    /// student's rows (in sequence order).
    ///
    /// - Parameters:
    ///   - answers: answer number of each row; rows of one answer are consecutive.
    ///   - outcomes: 0/1 or a score in [0, 1]; a score counts fractionally as a win.
    ///   - times: Unix seconds per row, needed only for a half-life in days.
    ///   - related: the neighbours ``PracticeFeature/relatedWins`` and ``PracticeFeature/relatedFails``
    ///     sum over (the model's graph); unused without those features.
    ///   - counted: rows whose outcome may count as practice for later rows (nil: all). Held-out
    ///     answers are left out, so their outcomes cannot reach the training rows after them
    ///     (they still take their place in the answer sequence, as a skipped answer would).
    package mutating func compute(skills: UnsafeBufferPointer<UInt32>, answers: UnsafeBufferPointer<UInt32>,
                                 outcomes: UnsafeBufferPointer<Float>, times: UnsafeBufferPointer<Double>?,
                                 counted: UnsafeBufferPointer<Bool>? = nil, recency: Recency, features: [PracticeFeature],
                                 related: RelatedSkills, practice: UnsafeMutableBufferPointer<Float>, weights: UnsafeMutableBufferPointer<Float>) {
        let rows = skills.count
        guard rows > 0 else { return }
        if features.isEmpty && recency.halfLife == nil {
            return computeLifetimeCounts(skills: skills, answers: answers, outcomes: outcomes, counted: counted,
                                         practice: practice, weights: weights)
        }
        let stride = 2 + features.count
        let tracksMore = features.contains(where: \.needsAnswerHistory)
        let countsRelated = features.contains(where: \.needsPrerequisiteGraph)
        let window = PracticeFeature.window
        let lastAnswerNumber = answers[rows - 1]
        let lastTime = times?[rows - 1] ?? 0
        var totalWins = 0.0, totalFails = 0.0
        var previousWin = 0.0, previousFail = 0.0
        answerStarts.removeAll(keepingCapacity: true)
        var start = 0
        while start < rows {
            var end = start + 1
            while end < rows, answers[end] == answers[start] { end += 1 }
            let ordinal = answerStarts.count
            answerStarts.append(start)
            if tracksMore && ordinal > window {
                // The answer leaving the window: answer `ordinal` sees answers ordinal − window ..< ordinal.
                let leaving = answerStarts[ordinal - window - 1], leavingEnd = answerStarts[ordinal - window]
                for row in leaving..<leavingEnd where counted?[row] ?? true {
                    let skill = Int(skills[row])
                    recentAttempts[skill] -= 1
                    recentWins[skill] -= Double(outcomes[row])
                }
            }
            let discount: Double
            switch (recency.halfLife, recency.unit) {
            case (nil, _):
                discount = 1
            case let (halfLife?, .answers):
                discount = pow(0.5, Double(lastAnswerNumber - answers[start]) / halfLife)
            case let (halfLife?, .days):
                discount = pow(0.5, max(0, lastTime - (times?[start] ?? lastTime)) / (halfLife * 86_400))
            }
            let share = discount / Double(end - start)
            for row in start..<end {
                let skill = Int(skills[row])
                var counts = PracticeCounts()
                counts.skillWins = wins[skill]
                counts.skillFails = fails[skill]
                if tracksMore {
                    counts.totalWins = totalWins
                    counts.totalFails = totalFails
                    counts.recentAttempts = recentAttempts[skill]
                    counts.recentWins = recentWins[skill]
                    counts.answersSince = lastAnswer[skill] >= 0 ? Double(ordinal - lastAnswer[skill]) : 0
                    counts.rightStreak = rightStreak[skill]
                    counts.wrongStreak = wrongStreak[skill]
                    counts.previousWin = previousWin
                    counts.previousFail = previousFail
                }
                if countsRelated {
                    (counts.relatedWins, counts.relatedFails) = wins.withUnsafeBufferPointer { wins in
                        fails.withUnsafeBufferPointer { related.sums(around: skill, wins: wins.baseAddress!, fails: $0.baseAddress!) }
                    }
                }
                counts.write(features, into: practice.baseAddress! + row * stride)
                weights[row] = Float(share)
            }
            // The previous answer of the next one: this one, unless it is held out.
            previousWin = 0
            previousFail = 0
            for row in start..<end where counted?[row] ?? true {
                let skill = Int(skills[row])
                let outcome = Double(outcomes[row])
                wins[skill] += outcome
                fails[skill] += 1 - outcome
                if tracksMore {
                    // An answer counts once in the totals, whatever its number of skills.
                    totalWins += outcome / Double(end - start)
                    totalFails += (1 - outcome) / Double(end - start)
                    recentAttempts[skill] += 1
                    recentWins[skill] += outcome
                    lastAnswer[skill] = ordinal
                    AnswerStreaks.extend(right: &rightStreak[skill], wrong: &wrongStreak[skill], with: outcome)
                    previousWin = outcome
                    previousFail = 1 - outcome
                }
            }
            start = end
        }
        for row in 0..<rows {
            let skill = Int(skills[row])
            wins[skill] = 0
            fails[skill] = 0
            recentAttempts[skill] = 0
            recentWins[skill] = 0
            lastAnswer[skill] = -1
            rightStreak[skill] = 0
            wrongStreak[skill] = 0
        }
    }
    /// ``compute(skills:answers:outcomes:times:counted:recency:features:related:practice:weights:)``
    /// for a model with no further feature and no recency, the default fit's case: the same values
    /// (`log(1 + wins)`, `log(1 + fails)` from the same table, weight 1/|S|) without the general
    /// loop's per-row counts and per-answer bookkeeping, which were 3.4 s of a province's 100 M rows.
    private mutating func computeLifetimeCounts(skills: UnsafeBufferPointer<UInt32>, answers: UnsafeBufferPointer<UInt32>,
                                                outcomes: UnsafeBufferPointer<Float>, counted: UnsafeBufferPointer<Bool>?,
                                                practice: UnsafeMutableBufferPointer<Float>, weights: UnsafeMutableBufferPointer<Float>) {
        let rows = skills.count
        let table = PracticeCounts.table
        wins.withUnsafeMutableBufferPointer { wins in
            fails.withUnsafeMutableBufferPointer { fails in
                var start = 0
                while start < rows {
                    var end = start + 1
                    while end < rows, answers[end] == answers[start] { end += 1 }
                    let share = Float(1 / Double(end - start))
                    for row in start..<end {
                        let skill = Int(skills[row])
                        practice[2 * row] = PracticeCounts.logCount(wins[skill], table: table)
                        practice[2 * row + 1] = PracticeCounts.logCount(fails[skill], table: table)
                        weights[row] = share
                    }
                    for row in start..<end where counted?[row] ?? true {
                        let skill = Int(skills[row])
                        let outcome = Double(outcomes[row])
                        wins[skill] += outcome
                        fails[skill] += 1 - outcome
                    }
                    start = end
                }
                for row in 0..<rows {
                    let skill = Int(skills[row])
                    wins[skill] = 0
                    fails[skill] = 0
                }
            }
        }
    }
}
