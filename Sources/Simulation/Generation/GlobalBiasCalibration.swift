import MasteryData
/// Adds up the true probabilities of simulated answers (no files), for calibrating μ.
private struct ExpectedRate: AnswerSink {
    var answers = 0
    var probabilitySum = 0.0
    /// Σ p(1 − p): the derivative of Σ p with respect to μ, for Newton steps.
    var slopeSum = 0.0

    mutating func record(order: Int, item: Int, skill: Int, secondSkill: Int, correct: Bool, probability: Double) {
        answers += 1
        probabilitySum += probability
        slopeSum += probability * (1 - probability)
    }
}

extension TrueParameters {
    /// Chooses μ so that the expected correct rate of a pilot cohort is `targetCorrectRate`.
    ///
    /// The rate depends on the walk and on the practice counts, which depend on earlier outcomes,
    /// so it is measured by simulating pilot learners (their own streams, never written) rather
    /// than computed in closed form. Every trial replays the same streams (a Bernoulli draw always
    /// consumes one uniform), so the rate is a smooth function of μ and Newton's method converges
    /// in a few steps.
    mutating func calibrateGlobalBias(graph: PrerequisiteGraph, config: SyntheticDataset, answerCounts: [Int32]) {
        let pilotStudents = min(config.students, 1_000)
        // Long-tailed answer counts are capped: the pilot measures a rate, not a volume.
        let pilotAnswerCounts = answerCounts.prefix(pilotStudents).map { min(Int($0), 1_000) }
        var traits = StudentTraits(rank: rank)
        globalBias = 0
        for _ in 0..<30 {
            var simulator = LearnerSimulator(graph: graph, truth: self, config: config)
            var expected = ExpectedRate()
            for (student, answerCount) in pilotAnswerCounts.enumerated() {
                var random = SeededRandom(seed: config.seed, stream: RandomStream.pilotStudent(student))
                traits.redraw(spread: config.spread, &random)
                simulator.simulate(traits, answerCount: answerCount, random: &random, sink: &expected)
            }
            let rate = expected.probabilitySum / Double(expected.answers)
            let slope = expected.slopeSum / Double(expected.answers)
            let miss = config.targetCorrectRate - rate
            if abs(miss) < 1e-5 || slope <= 0 { break }
            // Bounded steps keep Newton safe where σ is flat.
            globalBias += min(max(miss / slope, -3), 3)
        }
    }
}
