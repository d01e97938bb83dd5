/// The right and wrong answers in a row at the end of a student's answers on one skill (the
/// counts behind ``PracticeFeature/rightStreak`` and ``PracticeFeature/wrongStreak``): an answer
/// lengthens one streak and starts the other again from zero.
///
/// The one tally that training's rows (``AnswerFeatures``), fold-in and the per-answer update
/// (``PracticeHistory``) all extend, so that a student's streaks are the same in each.
enum AnswerStreaks {
    /// The streaks after one more answer of `outcome` on the skill: right from
    /// ``StudentState/rightOutcome`` on, wrong below it.
    @inline(__always)
    static func extend(right: inout Double, wrong: inout Double, with outcome: Double) {
        if outcome >= StudentState.rightOutcome {
            right += 1
            wrong = 0
        } else {
            wrong += 1
            right = 0
        }
    }
}
