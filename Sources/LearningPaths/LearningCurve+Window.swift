#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The practice terms of a model, beyond the lifetime counts, that move while one step is
/// practised answer after answer (MasteryModel's `PracticeFeature`s on the row's own skill):
/// the answers and right answers on the skill among the student's last `window` answers, the
/// answers since the last one on it, and the right and wrong answers in a row on it.
///
/// A ``LearningCurve`` that has them projects each of those counts with the expected outcomes
/// of the answers still to come, as it does the wins and fails, and adds `w · log(1 + count)`
/// for each: a model fitted with these terms puts part of the gain from practice in them (the
/// recent right answers above all), so a curve of γ⁺ and γ⁻ alone would promise too little.
/// The terms over every skill (totals, the previous answer) are left out: they move every
/// skill alike, not the step's own.
public struct PracticeWindow: Sendable, Equatable {
    /// The weight of each term in the skill's logit (0 for a term the model does not have).
    public var recentAttemptsWeight: Double
    public var recentWinsWeight: Double
    public var answersSinceWeight: Double
    public var rightStreakWeight: Double
    public var wrongStreakWeight: Double
    /// How many of the student's latest answers the recent counts look at.
    public var window: Int
    /// The student's earlier answers on the skill among their last `window` answers: how far
    /// back each is (1 is the latest answer) and its outcome.
    public var earlierAges: [Int]
    public var earlierOutcomes: [Double]
    /// The student's answers since the last one on the skill, at their next answer (0 when the
    /// skill was never answered).
    public var answersSince: Double
    /// The right and wrong answers in a row at the end of the student's answers on the skill.
    public var rightStreak: Double
    public var wrongStreak: Double

    public init(recentAttemptsWeight: Double, recentWinsWeight: Double, answersSinceWeight: Double,
                rightStreakWeight: Double, wrongStreakWeight: Double, window: Int,
                earlierAges: [Int], earlierOutcomes: [Double], answersSince: Double,
                rightStreak: Double, wrongStreak: Double) {
        precondition(earlierAges.count == earlierOutcomes.count, "one outcome per earlier answer")
        self.recentAttemptsWeight = recentAttemptsWeight
        self.recentWinsWeight = recentWinsWeight
        self.answersSinceWeight = answersSinceWeight
        self.rightStreakWeight = rightStreakWeight
        self.wrongStreakWeight = wrongStreakWeight
        self.window = window
        self.earlierAges = earlierAges
        self.earlierOutcomes = earlierOutcomes
        self.answersSince = answersSince
        self.rightStreak = rightStreak
        self.wrongStreak = wrongStreak
    }

    /// The terms' sum at the next answer after `session`, the step's answers so far (each an
    /// expected outcome), with `streaks` the expected right and wrong answers in a row after them.
    func terms(after session: [Double], streaks: (right: Double, wrong: Double)) -> Double {
        let answered = session.count
        var attempts = Double(min(answered, window)), wins = session.suffix(window).reduce(0, +)
        // An earlier answer `age` back is `age + answered` back at the next answer.
        for index in earlierAges.indices where earlierAges[index] + answered <= window {
            attempts += 1
            wins += earlierOutcomes[index]
        }
        let since = answered > 0 ? 1 : answersSince
        return recentAttemptsWeight * log1p(attempts) + recentWinsWeight * log1p(wins)
            + answersSinceWeight * log1p(since)
            + rightStreakWeight * log1p(streaks.right) + wrongStreakWeight * log1p(streaks.wrong)
    }

    /// The expected right and wrong answers in a row after one more answer, right with
    /// probability `expected`: a right answer extends the right run and ends the wrong one.
    static func extend(_ streaks: (right: Double, wrong: Double), expected: Double) -> (right: Double, wrong: Double) {
        (expected * (streaks.right + 1), (1 - expected) * (streaks.wrong + 1))
    }
}
