import LearningPaths

/// What a policy may know about a learner: the answers it has seen, counted per skill.
///
/// The estimate is the simplest honest one, with no access to the true mastery:
///
///     mastery(s) = (correct_s + priorStrength · priorMean) / (answers_s + priorStrength)
///
/// (the empirical rate shrunk toward the prior, i.e. the mean of a Beta posterior), with the
/// interval `mastery ± z · √(mastery(1 − mastery) / (answers_s + priorStrength + 1))`, the normal
/// approximation of that posterior, clipped to [0, 1]. An unseen skill sits at the prior with a
/// wide interval, so the planner never calls it mastered. The rate counts old answers as much as
/// new ones, so it lags a learner who is improving: a cautious estimate, as a real one would be.
struct AnswerTally {
    private var answers: [Int]
    private var correct: [Int]

    init(skillCount: Int) {
        answers = [Int](repeating: 0, count: skillCount)
        correct = answers
    }

    mutating func record(_ isCorrect: Bool, on skill: Int) {
        answers[skill] += 1
        if isCorrect { correct[skill] += 1 }
    }

    func estimates(priorMean: Double, priorStrength: Double, z: Double) -> MasteryEstimates {
        var mastery = [Double](repeating: 0, count: answers.count)
        var lower = mastery
        var upper = mastery
        for skill in answers.indices {
            let weight = Double(answers[skill]) + priorStrength
            let mean = (Double(correct[skill]) + priorStrength * priorMean) / weight
            let spread = z * (mean * (1 - mean) / (weight + 1)).squareRoot()
            mastery[skill] = mean
            lower[skill] = max(0, mean - spread)
            upper[skill] = min(1, mean + spread)
        }
        do {
            return try MasteryEstimates(mastery: mastery, lower: lower, upper: upper)
        } catch {
            preconditionFailure("a shrunk rate lies in [0, 1] with its clipped interval around it: \(error)")
        }
    }
}
