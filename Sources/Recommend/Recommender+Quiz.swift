import MasteryModel

/// What a class quiz should cover and how hard it should be.
public struct QuizRequest: Sendable, Equatable {
    /// How many items.
    public var questions: Int
    /// The class's expected rate of right answers each item is chosen toward.
    public var targetSuccess: Double
    /// A skill counts as about to be learned by a student when it is among the first this many
    /// steps of their path.
    public var stepsAhead: Int
    /// The path request every student's next steps come from (goals, threshold, …).
    public var path: PathRequest

    public init(questions: Int = 20, targetSuccess: Double = 0.7, stepsAhead: Int = 3, path: PathRequest = PathRequest()) {
        self.questions = questions
        self.targetSuccess = targetSuccess
        self.stepsAhead = stepsAhead
        self.path = path
    }
}

/// A class quiz: the items, and the skills they cover with how many students are about to learn each.
public struct Quiz: Sendable, Equatable, Codable {
    public struct Item: Sendable, Equatable, Codable {
        public var itemId: String
        public var skillIds: [String]
        /// The class's mean predicted probability of a right answer.
        public var expectedSuccess: Double
    }

    public struct Coverage: Sendable, Equatable, Codable {
        public var skillId: String
        /// Students of the class with this skill among their next steps.
        public var students: Int
        /// Items of the quiz on it.
        public var items: Int
    }

    public var items: [Item]
    /// The skills the class is about to learn, most students first.
    public var coverage: [Coverage]
}

extension Recommender {
    /// A quiz for a class (`states`, one per student) from `bank`: items on the skills most of the
    /// class is about to learn, each toward the target success rate for this class.
    ///
    /// Each student's next ``QuizRequest/stepsAhead`` steps (``path(for:request:)``) count as
    /// demand for their skills. The questions are shared among the demanded skills in proportion
    /// to their demand (largest remainders; every skill with demand gets one before any gets a
    /// second, while questions remain), and within a skill the items whose expected success for
    /// the class (the mean of each student's predicted probability) lies nearest the target come
    /// first. No two items are near-duplicates: items with the same skills whose difficulties
    /// (the model's item biases; an item the model never saw counts as a typical one) differ by
    /// less than ``nearDuplicateBias`` logits are interchangeable for the class, and only the first
    /// is taken. A skill without enough items passes its share on. The quiz lists items by skill
    /// (most demand first), easier first within a skill.
    public func assembleQuiz(for states: [State], bank: [DiagnosticItem],
                             request: QuizRequest = QuizRequest()) throws(RecommendError) -> Quiz {
        guard (1...500).contains(request.questions) else { throw .invalidOption("questions must be between 1 and 500, got \(request.questions)") }
        guard request.targetSuccess > 0, request.targetSuccess < 1 else {
            throw .invalidOption("the target success rate must lie strictly between 0 and 1, got \(request.targetSuccess)")
        }
        guard request.stepsAhead >= 1 else { throw .invalidOption("steps ahead must be at least 1, got \(request.stepsAhead)") }
        guard !states.isEmpty else { throw .invalidOption("a quiz needs at least one student") }
        var demand = [Int](repeating: 0, count: model.skillCount)
        for state in states {
            for step in try path(for: state, request: request.path).steps.prefix(request.stepsAhead) { demand[step.skill] += 1 }
        }
        let skills = demand.indices.filter { demand[$0] > 0 }.sorted { (demand[$0], $1) > (demand[$1], $0) }
        var candidates: [Int: [(item: DiagnosticItem, success: Double, bias: Double, skills: Set<Int>)]] = [:]
        for item in bank {
            let indices = try skillIndices(item.skillIds)
            guard let skill = skills.first(where: indices.contains) else { continue }
            let answer = AnswerRecord(skillIds: item.skillIds, itemId: item.id, outcome: 0)
            var success = 0.0
            for state in states { success += try successProbability(of: answer, in: state) }
            let bias = model.itemIds.index(of: item.id).map { model.itemBias[$0] } ?? 0
            candidates[skill, default: []].append((item, success / Double(states.count), bias, Set(indices)))
        }
        for skill in candidates.keys {
            candidates[skill]!.sort { (abs($0.success - request.targetSuccess), $0.item.id) < (abs($1.success - request.targetSuccess), $1.item.id) }
        }
        let shares = Self.quizShares(request.questions, demand: skills.map { demand[$0] },
                                     available: skills.map { candidates[$0]?.count ?? 0 })
        var items: [Quiz.Item] = []
        var coverage: [Quiz.Coverage] = []
        for (skill, share) in zip(skills, shares) {
            var chosen: [(item: DiagnosticItem, success: Double, bias: Double, skills: Set<Int>)] = []
            for candidate in candidates[skill] ?? [] where chosen.count < share {
                let duplicate = chosen.contains { $0.skills == candidate.skills && abs($0.bias - candidate.bias) < Self.nearDuplicateBias }
                if !duplicate { chosen.append(candidate) }
            }
            items += chosen.sorted { $0.success > $1.success }.map {
                Quiz.Item(itemId: $0.item.id, skillIds: $0.item.skillIds, expectedSuccess: $0.success)
            }
            coverage.append(Quiz.Coverage(skillId: model.metadata.skillIds[skill], students: demand[skill], items: chosen.count))
        }
        return Quiz(items: items, coverage: coverage)
    }

    /// Items whose biases differ by less than this (in logits), on the same skills, are near-duplicates.
    public static let nearDuplicateBias = 0.05

    /// `questions` shared among skills in proportion to `demand`, never more than `available`:
    /// one each first (most demand first), then the rest by largest remainder of the proportional
    /// share, repeated until the questions or the items run out.
    static func quizShares(_ questions: Int, demand: [Int], available: [Int]) -> [Int] {
        var shares = [Int](repeating: 0, count: demand.count)
        var left = questions
        for index in demand.indices where left > 0 && available[index] > 0 {
            shares[index] = 1
            left -= 1
        }
        while left > 0 {
            let open = demand.indices.filter { shares[$0] < available[$0] }
            guard !open.isEmpty else { break }
            let total = Double(open.reduce(0) { $0 + demand[$1] })
            let target = open.map { Double(questions) * Double(demand[$0]) / total - Double(shares[$0]) }
            let index = open[target.indices.max { (target[$0], -$0) < (target[$1], -$1) }!]
            shares[index] += 1
            left -= 1
        }
        return shares
    }
}
