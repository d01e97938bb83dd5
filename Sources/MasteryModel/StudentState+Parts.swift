/// Rebuilding a state from its stored parts, for a service that keeps a student's state between
/// requests (`Recommend`'s `StoredStudentState` checks the parts against the model first).
extension StudentState {
    /// A state with exactly these parts; see the properties of the same names.
    public init(theta: [Double], precision: [Double], wins: PracticeTally, fails: PracticeTally, answerCount: Int,
                rightAnswersInARow: [Int: Int], history: PracticeHistory) {
        self.init(StudentEstimate(bias: theta.first ?? 0, factors: Array(theta.dropFirst()), covariance: [], precision: precision,
                                  wins: wins, fails: fails, answerCount: answerCount, rightAnswersInARow: rightAnswersInARow,
                                  history: history, iterations: 0))
    }
}

extension PracticeHistory {
    /// A history with exactly these parts; see the properties of the same names.
    public init(totalWins: Double, totalFails: Double, lastAnswer: PracticeTally, recent: [StudentAnswer],
                rightStreak: PracticeTally, wrongStreak: PracticeTally) {
        self.totalWins = totalWins
        self.totalFails = totalFails
        self.lastAnswer = lastAnswer
        self.recent = recent
        self.rightStreak = rightStreak
        self.wrongStreak = wrongStreak
    }
}

extension PracticeTally {
    /// A tally of these `(skill, count)` pairs, in any order; a repeated skill adds up.
    public init<Pairs: Sequence>(_ pairs: Pairs) where Pairs.Element == (Int, Double) {
        self.init()
        for (skill, count) in pairs { add(count, to: skill) }
    }
}
