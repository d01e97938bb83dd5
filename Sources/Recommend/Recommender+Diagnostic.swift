import Foundation
import MasteryData
import MasteryModel

extension Recommender {
    /// The next questions to ask a student in `state`, chosen to settle what their path depends
    /// on: whether each goal skill and each prerequisite it needs is mastered.
    ///
    /// For each skill being settled, the decision uncertainty is the binary entropy of
    /// `P(mastered) = Φ((ℓ − logit(threshold)) / σ)`, ℓ and σ being the skill's logit and its
    /// standard deviation under the state's precision. A candidate item is scored by the expected
    /// fall of the sum of those entropies over its two answers, each folded in by the engine's
    /// own per-answer update (``update(_:with:)``) and weighted by the predicted probability —
    /// not by the largest variance, which would ask about a skill whose side of the threshold is
    /// already clear. Content balance halves an item's score for each question already asked on
    /// its skills; exposure control draws the question at random among the
    /// ``DiagnosticRequest/exposureCandidates`` best. Candidates are the bank's items tagged with
    /// an unsettled skill, at most ``candidatesPerSkill`` per skill (those whose predicted
    /// success is nearest one half, where an answer carries the most information).
    ///
    /// - Throws: ``RecommendError/invalidOption(_:)`` for a threshold, confidence or count out of
    ///   range; ``RecommendError/unknownSkill(_:)`` for a goal or an item's skill the model lacks.
    public func diagnose(_ state: State, bank: [DiagnosticItem], request: DiagnosticRequest = DiagnosticRequest()) throws(RecommendError) -> DiagnosticPlan {
        try validate(request)
        let targets = try diagnosticTargets(request.goals)
        let asked = Set(request.askedItems)
        var askedPerSkill = [Int: Int]()
        var candidates: [(item: DiagnosticItem, answer: AnswerRecord, skills: [Int])] = []
        for item in bank {
            guard !item.skillIds.isEmpty else { throw .invalidAnswer("item \(item.id) in the bank names no skill") }
            let skills = try skillIndices(item.skillIds)
            if asked.contains(item.id) {
                for skill in skills { askedPerSkill[skill, default: 0] += 1 }
            } else {
                candidates.append((item, AnswerRecord(skillIds: item.skillIds, itemId: item.id, outcome: 0), skills))
            }
        }
        var working = state
        var questions: [DiagnosticQuestion] = []
        var random = SeededRandom(seed: request.seed, stream: UInt64(asked.count))
        let budgetLeft = request.maximumQuestions.map { max(0, $0 - asked.count) } ?? Int.max
        let decisions = decisionProbabilities(working, skills: targets, threshold: request.threshold)
        let initial = zip(targets, decisions).map { skill, probability in
            DiagnosticSkill(skillId: model.metadata.skillIds[skill], probabilityMastered: probability,
                            isSettled: Self.isSettled(probability, confidence: request.confidence))
        }
        var status = DiagnosticPlan.Status.asking
        while questions.count < request.questions {
            let probabilities = decisionProbabilities(working, skills: targets, threshold: request.threshold)
            let unsettled = Set(zip(targets, probabilities).filter { !Self.isSettled($0.1, confidence: request.confidence) }.map(\.0))
            if unsettled.isEmpty { status = questions.isEmpty ? .settled : status; break }
            if questions.count >= budgetLeft { status = questions.isEmpty ? .budgetSpent : status; break }
            let pool = shortlist(candidates, touching: unsettled, state: working)
            guard !pool.isEmpty else { status = questions.isEmpty ? .noItemsLeft : status; break }
            let entropyNow = probabilities.reduce(0) { $0 + Self.entropy($1) }
            var scored: [(index: Int, score: Double, information: Double, success: Double, perSkill: [Double])] = []
            for index in pool {
                let candidate = candidates[index]
                let success = try successProbability(of: candidate.answer, in: working)
                var expected = [Double](repeating: 0, count: targets.count)
                for (outcome, weight) in [(1.0, success), (0.0, 1 - success)] where weight > 0 {
                    var after = working
                    var answer = candidate.answer
                    answer.outcome = outcome
                    try update(&after, with: answer)
                    let next = decisionProbabilities(after, skills: targets, threshold: request.threshold)
                    for row in targets.indices { expected[row] += weight * Self.entropy(next[row]) }
                }
                let perSkill = zip(probabilities, expected).map { Self.entropy($0) - $1 }
                let information = entropyNow - expected.reduce(0, +)
                let repeats = candidate.skills.reduce(0) { $0 + (askedPerSkill[$1] ?? 0) }
                scored.append((index, information * pow(0.5, Double(repeats)), information, success, perSkill))
            }
            scored.sort { ($0.score, candidates[$1.index].item.id) > ($1.score, candidates[$0.index].item.id) }
            let chosen = scored[random.nextInt(below: min(request.exposureCandidates, scored.count))]
            let candidate = candidates[chosen.index]
            let informs = zip(targets, chosen.perSkill).filter { unsettled.contains($0.0) && $0.1 > 0 }
                .sorted { $0.1 > $1.1 }.prefix(3).map { model.metadata.skillIds[$0.0] }
            questions.append(DiagnosticQuestion(itemId: candidate.item.id, skillIds: candidate.item.skillIds,
                                                expectedSuccess: chosen.success, expectedInformation: chosen.information,
                                                informs: Array(informs)))
            // The next pick sees this question's curvature but not its answer: folding in the
            // expected outcome leaves the estimate where it is and narrows it as the answer will.
            var expectedAnswer = candidate.answer
            expectedAnswer.outcome = chosen.success
            try update(&working, with: expectedAnswer)
            for skill in candidate.skills { askedPerSkill[skill, default: 0] += 1 }
            candidates.remove(at: chosen.index)
        }
        return DiagnosticPlan(status: status, questions: questions, skills: initial)
    }

    /// The most candidates per skill a diagnostic scores for one question.
    public static let candidatesPerSkill = 8

    private func validate(_ request: DiagnosticRequest) throws(RecommendError) {
        do throws(ProbabilityOutOfRange) {
            _ = try MasteryThreshold(decidable: request.threshold)
            _ = try ConfidenceLevel(decision: request.confidence)
        } catch {
            throw .invalidOption(error.description)
        }
        guard (1...100).contains(request.questions) else {
            throw .invalidOption("questions must be between 1 and 100, got \(request.questions)")
        }
        if let maximum = request.maximumQuestions, maximum < 1 {
            throw .invalidOption("maximum questions must be at least 1, got \(maximum)")
        }
        guard (1...100).contains(request.exposureCandidates) else {
            throw .invalidOption("exposure candidates must be between 1 and 100, got \(request.exposureCandidates)")
        }
    }

    /// The goals and every skill they need, ascending; every skill without goals.
    private func diagnosticTargets(_ goals: [String]?) throws(RecommendError) -> [Int] {
        guard let goals else { return Array(0..<model.skillCount) }
        let indices = try skillIndices(goals)
        let ancestors = planner.graph?.ancestors(of: indices) ?? []
        return Array(Set(indices + ancestors)).sorted()
    }

    /// Indices of the candidates tagged with an unsettled skill: per such skill, the
    /// ``candidatesPerSkill`` whose predicted success is nearest one half.
    private func shortlist(_ candidates: [(item: DiagnosticItem, answer: AnswerRecord, skills: [Int])], touching unsettled: Set<Int>,
                           state: State) -> [Int] {
        var bySkill: [Int: [(index: Int, distance: Double)]] = [:]
        for (index, candidate) in candidates.enumerated() {
            let touched = candidate.skills.filter(unsettled.contains)
            guard !touched.isEmpty, let success = try? successProbability(of: candidate.answer, in: state) else { continue }
            for skill in touched { bySkill[skill, default: []].append((index, abs(success - 0.5))) }
        }
        var chosen = Set<Int>()
        for (_, list) in bySkill {
            for entry in list.sorted(by: { ($0.distance, $0.index) < ($1.distance, $1.index) }).prefix(Self.candidatesPerSkill) {
                chosen.insert(entry.index)
            }
        }
        return chosen.sorted()
    }

    /// The probability that a student in `state` answers `answer`'s item right (its outcome is
    /// ignored), from the estimate alone: without the model's next-answer terms, which describe
    /// the moment of the very next answer. Diagnostics, quizzes and the replay weigh questions
    /// asked later, and a diagnostic folds in expected outcomes, which must leave the estimate
    /// where it is.
    public func successProbability(of answer: AnswerRecord, in state: State) throws(RecommendError) -> Double {
        model.predict(try resolve(answer), for: state, asTheNextAnswer: false)
    }

    /// `P(mastered)` of each of `skills`: the normal probability that the skill's logit (its
    /// probability on a linear model) is at or above the threshold's.
    func decisionProbabilities(_ state: State, skills: [Int], threshold: Double) -> [Double] {
        let columns = model.studentMasteries(of: state, z: 1).intervals(of: skills)
        let isLogistic = model.kind == .logistic
        let cut = isLogistic ? log(threshold / (1 - threshold)) : threshold
        return skills.indices.map { row in
            let probability = columns.probability[row]
            let deviation = columns.logitStandardDeviation[row]
            let centre = isLogistic ? log(probability / (1 - probability)) : probability
            guard deviation > 0, deviation.isFinite else { return deviation.isFinite ? (centre >= cut ? 1 : 0) : 0.5 }
            return 0.5 * erfc(-(centre - cut) / (deviation * 2.0.squareRoot()))
        }
    }

    static func isSettled(_ probability: Double, confidence: Double) -> Bool {
        probability >= confidence || probability <= 1 - confidence
    }

    /// Binary entropy in bits.
    static func entropy(_ probability: Double) -> Double {
        guard probability > 0, probability < 1 else { return 0 }
        return -(probability * log2(probability) + (1 - probability) * log2(1 - probability))
    }
}
