/// What a student's online state keeps, beyond the per-skill wins and fails, to compute the
/// further practice features (``PracticeFeature``) of the next answer in constant time: the
/// totals over every skill, the last answer on each skill, and the latest answers of the window.
///
/// Kept only for a model with a feature that reads the order of the answers
/// (``PracticeFeature/needsAnswerHistory``; empty otherwise), so that the state of a model
/// without them, or with only the related pair, is what it was before they existed.
public struct PracticeHistory: Sendable, Equatable {
    /// Right answers over every skill (a score as that fraction of one).
    public internal(set) var totalWins = 0.0
    /// Wrong answers over every skill, `1 − outcome` each.
    public internal(set) var totalFails = 0.0
    /// Per skill practised, the position (from 0) of the student's last answer on it.
    public internal(set) var lastAnswer = PracticeTally()
    /// The student's last ``PracticeFeature/window`` answers, oldest first.
    public internal(set) var recent: [StudentAnswer] = []
    /// Per skill, the right (or wrong) answers in a row at the end of the student's answers on it.
    public internal(set) var rightStreak = PracticeTally()
    public internal(set) var wrongStreak = PracticeTally()

    /// Nothing answered yet.
    public init() {}

    /// The history after `answers` (in order), with the per-skill tallies from a caller that has
    /// counted them already (fold-in, from its rows grouped by skill).
    init(after answers: [StudentAnswer], lastAnswer: PracticeTally, rightStreak: PracticeTally, wrongStreak: PracticeTally) {
        for index in answers.indices {
            totalWins += answers[index].outcome
            totalFails += 1 - answers[index].outcome
        }
        self.lastAnswer = lastAnswer
        self.rightStreak = rightStreak
        self.wrongStreak = wrongStreak
        recent = Array(answers.suffix(PracticeFeature.window))
    }

    private mutating func extendStreaks(with answer: StudentAnswer) {
        for skill in answer.skills {
            var right = rightStreak[skill] ?? 0, wrong = wrongStreak[skill] ?? 0
            AnswerStreaks.extend(right: &right, wrong: &wrong, with: answer.outcome)
            rightStreak.set(right, for: skill)
            wrongStreak.set(wrong, for: skill)
        }
    }

    /// The counts of the next answer on `skill`, the student's answer number `answerCount`
    /// (from 0), given the per-skill wins and fails so far; the related counts sum them over
    /// `related`'s neighbours of `skill` (pass ``RelatedSkills/none`` to leave them 0).
    func counts(skill: Int, answerCount: Int, wins: PracticeTally, fails: PracticeTally, related: RelatedSkills) -> PracticeCounts {
        var counts = countsOnAnUnpractisedSkill()
        counts.skillWins = wins[skill] ?? 0
        counts.skillFails = fails[skill] ?? 0
        (counts.relatedWins, counts.relatedFails) = related.sums(around: skill, wins: wins, fails: fails)
        for answer in recent where answer.skills.contains(skill) {
            counts.recentAttempts += 1
            counts.recentWins += answer.outcome
        }
        if let last = lastAnswer[skill] { counts.answersSince = Double(answerCount) - last }
        counts.rightStreak = rightStreak[skill] ?? 0
        counts.wrongStreak = wrongStreak[skill] ?? 0
        return counts
    }

    /// The counts of the next answer on a skill the student has never answered: the totals and
    /// the previous answer only, the same for every such skill (the related counts, which differ
    /// from skill to skill, are left 0).
    func countsOnAnUnpractisedSkill() -> PracticeCounts {
        var counts = PracticeCounts()
        counts.totalWins = totalWins
        counts.totalFails = totalFails
        if let previous = recent.last {
            counts.previousWin = previous.outcome
            counts.previousFail = 1 - previous.outcome
        }
        return counts
    }

    /// Adds `answer`, the student's answer number `position` (from 0).
    mutating func record(_ answer: StudentAnswer, position: Int) {
        totalWins += answer.outcome
        totalFails += 1 - answer.outcome
        for skill in answer.skills { lastAnswer.set(Double(position), for: skill) }
        extendStreaks(with: answer)
        if recent.count == PracticeFeature.window { recent.removeFirst() }
        recent.append(answer)
    }
}
