import MasteryData
import Recommend

/// One held-out student's answers, replayed under each diagnostic policy.
struct StudentReplay {
    /// The figures after k questions: predictions of the answers not yet asked, and the agreement
    /// of the mastery decisions with the all-answers reference.
    struct Point {
        /// The answer (position in the student's order) asked at this k.
        var asked: Int
        var predictions: [Double]
        var outcomes: [Double]
        var agreement: Double
    }

    let recommender: Recommender
    /// The student's answers in their order, each with the key its item is asked by.
    let answers: [(record: AnswerRecord, item: String)]
    let student: Int
    let skills: [String]
    let threshold: Double
    /// Mastered (point estimate at the threshold) of each of ``skills`` from all the answers.
    let reference: [Bool]

    init(data: ResponseData, student: Int, recommender: Recommender, threshold: Double) throws(SimulationError) {
        self.recommender = recommender
        self.student = student
        self.threshold = threshold
        var answers: [(AnswerRecord, String)] = []
        var skillSet = Set<String>()
        var skills: [String] = []
        for (position, rows) in data.answerRows(ofStudent: student).enumerated() {
            let ids = rows.map { data.skillIds[Int(data.rowSkill[$0])] }
            let item = data.hasItems ? data.itemIds[Int(data.rowItem[rows.lowerBound])] : "answer-\(position + 1)"
            answers.append((AnswerRecord(skillIds: ids, itemId: data.hasItems ? item : nil, outcome: Double(data.rowOutcome[rows.lowerBound])),
                            item))
            for id in ids where skillSet.insert(id).inserted { skills.append(id) }
        }
        self.answers = answers
        self.skills = skills
        let all = try Self.state(recommender, after: answers.map(\.0))
        reference = try Self.mastered(recommender, all, skills: skills, threshold: threshold)
    }

    /// The figures after each of the first `questions` questions under `policy`.
    func run(_ policy: DiagnosticReplayPolicy, questions: Int, popularity: [String: Int], seed: UInt64) throws(SimulationError) -> [Point] {
        var seen = [Bool](repeating: false, count: answers.count)
        var order: [Int] = []
        var state = recommender.newStudent()
        var points: [Point] = []
        let fixedOrder = fixedOrder(policy, popularity: popularity, seed: seed)
        while order.count < min(questions, answers.count) {
            let next = try policy == .adaptive ? adaptiveChoice(state, seen: seen) : fixedOrder.first { !seen[$0] }
            guard let chosen = next ?? seen.firstIndex(of: false) else { break }
            seen[chosen] = true
            order.append(chosen)
            state = try Self.state(recommender, after: order.map { answers[$0].record })
            points.append(try point(state, seen: seen, asked: chosen))
        }
        return points
    }

    /// The answer order of a policy that does not look at the answers (nil for the adaptive one).
    private func fixedOrder(_ policy: DiagnosticReplayPolicy, popularity: [String: Int], seed: UInt64) -> [Int] {
        switch policy {
        case .adaptive, .studentOrder:
            return Array(answers.indices)
        case .random:
            var random = SeededRandom(seed: seed, stream: UInt64(student))
            var order = Array(answers.indices)
            for index in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(index, random.nextInt(below: index + 1)) }
            return order
        case .mostAnsweredFirst:
            return answers.indices.sorted { (popularity[answers[$0].item] ?? 0, $1) > (popularity[answers[$1].item] ?? 0, $0) }
        }
    }

    /// The diagnostic's next question among the items not yet asked: the first unseen answer on
    /// that item, or nil when the diagnostic proposes none.
    private func adaptiveChoice(_ state: Recommender.State, seen: [Bool]) throws(SimulationError) -> Int? {
        var bank: [DiagnosticItem] = []
        var listed = Set<String>()
        var asked: [String] = []
        for (index, answer) in answers.enumerated() {
            if seen[index] { asked.append(answer.item) }
            if listed.insert(answer.item).inserted { bank.append(DiagnosticItem(id: answer.item, skillIds: answer.record.skillIds)) }
        }
        let request = DiagnosticRequest(goals: skills, threshold: threshold, confidence: 0.99, questions: 1, askedItems: asked,
                                        exposureCandidates: 1)
        let plan: DiagnosticPlan
        do {
            plan = try recommender.diagnose(state, bank: bank, request: request)
        } catch {
            throw .engine("diagnosing a replayed student: \(error)")
        }
        guard let item = plan.questions.first?.itemId else { return nil }
        return answers.indices.first { !seen[$0] && answers[$0].item == item }
    }

    private func point(_ state: Recommender.State, seen: [Bool], asked: Int) throws(SimulationError) -> Point {
        var predictions: [Double] = []
        var outcomes: [Double] = []
        for (index, answer) in answers.enumerated() where !seen[index] {
            do {
                predictions.append(try recommender.successProbability(of: answer.record, in: state))
            } catch {
                throw .engine("predicting a replayed answer: \(error)")
            }
            outcomes.append(answer.record.outcome)
        }
        let mastered = try Self.mastered(recommender, state, skills: skills, threshold: threshold)
        let agreeing = zip(mastered, reference).count { $0 == $1 }
        return Point(asked: asked, predictions: predictions, outcomes: outcomes, agreement: Double(agreeing) / Double(max(1, skills.count)))
    }

    /// The batch fold-in of `records` from the prior; when it does not converge, the same answers
    /// one by one (as a service would have folded them in).
    static func state(_ recommender: Recommender, after records: [AnswerRecord]) throws(SimulationError) -> Recommender.State {
        do {
            return try recommender.state(after: records)
        } catch {
            do {
                return try recommender.state(after: records, from: recommender.newStudent())
            } catch {
                throw .engine("folding in a replayed student: \(error)")
            }
        }
    }

    static func mastered(_ recommender: Recommender, _ state: Recommender.State, skills: [String],
                         threshold: Double) throws(SimulationError) -> [Bool] {
        do {
            return try recommender.mastery(of: state, skills: skills).map { $0.probability >= threshold }
        } catch {
            throw .engine("reading a replayed student's mastery: \(error)")
        }
    }
}
