import MasteryData

/// A question a diagnostic may ask: an item of the school's bank and the skills it is tagged with.
public struct DiagnosticItem: Sendable, Hashable, Codable {
    /// The item's id, as in the answers (`item_id`); an item the model never saw is treated as a
    /// typical item of its skills.
    public var id: String
    /// The skills the item is tagged with, by id.
    public var skillIds: [String]

    public init(id: String, skillIds: [String]) {
        self.id = id
        self.skillIds = skillIds
    }

    /// An item of a bank read by MasteryData's `ItemBank.load(path:…)`.
    public init(_ item: ItemBank.Item) {
        self.init(id: item.id, skillIds: item.skillIds)
    }
}

/// What a diagnostic should settle and how many questions it may take.
public struct DiagnosticRequest: Sendable, Equatable {
    /// The skills the student's path is for; the diagnostic settles them and every prerequisite
    /// they need. Nil: every skill of the model.
    public var goals: [String]?
    /// A skill is mastered at or above this probability of a right answer (as in a path request).
    public var threshold: Double
    /// A skill is settled when the probability that its mastery lies on one side of the threshold
    /// reaches this (e.g. 0.9: 90 % sure it is mastered, or 90 % sure it is not).
    public var confidence: Double
    /// How many next questions to propose (each after the previous, as if its expected answer
    /// had been seen: the uncertainty it removes is counted, the answer it will get is not).
    public var questions: Int
    /// The whole diagnostic's budget in questions, the items already asked included; nil: no budget.
    public var maximumQuestions: Int?
    /// Items already asked in this diagnostic (their answers are in the state): never asked again,
    /// and their skills count for content balance.
    public var askedItems: [String]
    /// Exposure control: each question is drawn at random among this many best candidates
    /// (1: always the best), so that the same few items are not shown to every student.
    public var exposureCandidates: Int
    /// Seeds the exposure draw; the same state, request and seed give the same questions.
    public var seed: UInt64

    public init(goals: [String]? = nil, threshold: Double = 0.8, confidence: Double = 0.9, questions: Int = 5,
                maximumQuestions: Int? = nil, askedItems: [String] = [], exposureCandidates: Int = 5, seed: UInt64 = 0) {
        self.goals = goals
        self.threshold = threshold
        self.confidence = confidence
        self.questions = questions
        self.maximumQuestions = maximumQuestions
        self.askedItems = askedItems
        self.exposureCandidates = exposureCandidates
        self.seed = seed
    }
}

/// A proposed question and why it was chosen.
public struct DiagnosticQuestion: Sendable, Equatable, Codable {
    /// The item to ask, and its skills.
    public var itemId: String
    public var skillIds: [String]
    /// The predicted probability of a right answer.
    public var expectedSuccess: Double
    /// The expected fall of the uncertainty (in bits) about which skills are mastered, summed
    /// over the skills being settled.
    public var expectedInformation: Double
    /// The unsettled skills whose decision the answer informs most, most informed first (at most three).
    public var informs: [String]
}

/// Where a skill stands after the answers so far.
public struct DiagnosticSkill: Sendable, Equatable, Codable {
    public var skillId: String
    /// The probability that the skill's mastery is at or above the threshold.
    public var probabilityMastered: Double
    /// Whether that probability is at least the confidence, or at most one minus it.
    public var isSettled: Bool
}

/// The next questions of a diagnostic and where it stands.
public struct DiagnosticPlan: Sendable, Equatable, Codable {
    /// Why the diagnostic proposes what it does.
    public enum Status: String, Sendable, Codable {
        /// Questions remain useful; ``DiagnosticPlan/questions`` lists them.
        case asking
        /// Every skill being settled is settled: the path can be planned.
        case settled
        /// The diagnostic's budget of questions is spent.
        case budgetSpent = "budget-spent"
        /// No item of the bank is left that touches an unsettled skill.
        case noItemsLeft = "no-items-left"
    }

    public var status: Status
    public var questions: [DiagnosticQuestion]
    /// The goals and their prerequisites, in the model's skill order.
    public var skills: [DiagnosticSkill]
}
