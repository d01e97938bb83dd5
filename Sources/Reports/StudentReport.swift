import MasteryData
import Recommend

/// One student's path and mastery: what `student` prints in every format (the JSON is this value;
/// its schema is `docs/lotrinh-path.schema.json`).
public struct StudentReport: Encodable, Sendable {
    public struct Step: Encodable, Sendable {
        public var step: Int
        public var id: String
        public var name: String
        public var state: SkillStatus
        public var mastery: Double
        /// The mastery estimate in a teacher's words.
        public var level: MasteryLevel
        public var lower: Double
        public var upper: Double
        public var estimatedPractice: Int
        /// False when the model predicts the threshold is not reached within the cap.
        public var practiceReachesThreshold: Bool
        /// With --max-answers: the answers the schedule gives this step.
        public var plannedAnswers: Int?
        public var isGoal: Bool
        public var unlocksGoals: Int
        public var prerequisites: [String]
        public var reason: ReasonCode
        /// The reason in a few words, in the report's language.
        public var reasonText: String
        /// A paragraph on what to practise and why, in the report's language.
        public var explanation: String
        public var resources: [Resource]
    }

    public let report = "student"
    public let schemaVersion = 1
    public var language: Language
    public var student: String
    /// The student's name from the teacher's roster (lotrinh-path --roster); never from a model.
    public var name: String?
    /// Answers folded in; nil when the model's own estimate was used.
    public var answers: Int?
    public var threshold: Double
    public var confidence: Double
    /// Goal skill ids; nil for every skill.
    public var goals: [String]?
    public var graphGiven: Bool
    public var mastered: Int
    public var ready: Int
    public var blocked: Int
    public var omittedByLength: Int
    public var path: [Step]
    /// With --max-answers: the skill id of every answer of the schedule, in order.
    public var practiceSchedule: [String]?
    /// With --max-answers: goals whose path did not fit into the budget.
    public var goalsBeyondBudget: [String]?
    /// Every skill of the model (JSON and text: only with --mastery).
    public var skills: [SkillLine]?

    /// The report of `response`, a path response with every skill's mastery
    /// (``Recommend/Recommender/pathResponse(for:request:includeMastery:)``), for `student`.
    public init(student: ReportStudent, response: PathResponse, context: ReportContext) {
        let language = context.words.language
        self.language = language
        self.student = student.id
        answers = student.answers?.count
        threshold = context.threshold
        confidence = context.confidence
        goals = context.goals
        graphGiven = response.graphGiven
        mastered = response.mastered
        ready = response.ready
        blocked = response.needsPrerequisite
        omittedByLength = response.omittedByLength
        path = response.steps.map { step in
            Step(step: step.number, id: step.skillId, name: context.display(step.name), state: step.state,
                 mastery: step.mastery, level: MasteryLevel(mastery: step.mastery, threshold: context.threshold), lower: step.lower, upper: step.upper, estimatedPractice: step.estimatedPractice,
                 practiceReachesThreshold: step.practiceReachesThreshold, plannedAnswers: step.plannedAnswers,
                 isGoal: step.isGoal, unlocksGoals: step.unlockedGoals.count, prerequisites: step.prerequisites,
                 reason: step.reason, reasonText: step.reasonText[language],
                 explanation: context.display(step.explanation[language]), resources: step.resources)
        }
        if context.request.maximumAnswers != nil {
            practiceSchedule = response.practiceSchedule
            goalsBeyondBudget = response.goalsBeyondBudget
        }
        skills = response.skills?.map { SkillLine($0, context: context) }
    }
}
