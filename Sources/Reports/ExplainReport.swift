import LearningPaths
import Recommend

/// Why one skill is or is not on a student's path: its state, its prerequisites, the goals that
/// need it, and the answers that moved its estimate. The JSON of `lotrinh-path explain` is this
/// value (schema: docs/lotrinh-path.schema.json).
public struct ExplainReport: Encodable, Sendable {
    public struct Goal: Encodable, Sendable {
        public var id: String
        public var name: String
    }

    public enum Verdict: String, Encodable, Sendable { case onPath, mastered, notNeeded, beyondLength }

    /// One answer's weight in the estimate: the skill's mastery with every answer minus its
    /// mastery with that answer left out (the student refitted from the rest).
    public struct Evidence: Encodable, Sendable, Equatable {
        /// Position in the student's answers, from 1.
        public var answer: Int
        public var skills: [String]
        public var item: String?
        public var outcome: Double
        public var masteryWithout: Double
        public var change: Double
        /// Its place among the student's answers on its (first) skill, from 1: "the 3rd answer on
        /// Phân số", which a teacher can find where an answer number says nothing.
        public var onSkill: Int
        /// Unix seconds, when the answers have a time.
        public var time: Double?

        // The JSON keeps its version-1 fields; `onSkill` and `time` only word the evidence.
        private enum CodingKeys: String, CodingKey { case answer, skills, item, outcome, masteryWithout, change }
    }

    public let report = "explain"
    public let schemaVersion = 1
    public var language: Language
    public var student: String
    public var answers: Int?
    public var threshold: Double
    public var confidence: Double
    public var goals: [String]?
    public var skill: SkillLine
    public var verdict: Verdict
    /// The verdict and the mastery rule in sentences, in the report's language.
    public var verdictText: String
    public var prerequisites: [SkillLine]
    /// Every skill it depends on, directly or through others, ascending by the model's order.
    public var ancestors: [SkillLine]
    public var isGoal: Bool
    /// Goals that depend on the skill directly or through other skills.
    public var goalsNeedingIt: [Goal]
    /// The answers that moved the skill most, largest change first; nil without answers.
    public var evidence: [Evidence]?

    /// The report on skill `id` for `student`, with the `evidenceCount` answers that moved it most.
    ///
    /// - Throws: ``Recommend/RecommendError/unknownSkill(_:)`` for a skill the model does not have,
    ///   or any error of planning the student's path.
    public init(skill id: String, student: ReportStudent, evidenceCount: Int, context: ReportContext) throws {
        let recommender = context.recommender
        let words = context.words
        guard let index = recommender.model.skillIndex.index(of: id) else { throw RecommendError.unknownSkill(id) }
        let response = try recommender.pathResponse(for: student.state, request: context.request(for: student), includeMastery: true)
        let entries = response.skills ?? []
        func line(_ skill: Int) -> SkillLine { SkillLine(entries[skill], context: context) }

        language = words.language
        self.student = student.id
        answers = student.answers?.count
        threshold = context.threshold
        confidence = context.confidence
        goals = context.goals
        skill = line(index)
        let graph = context.graph
        prerequisites = (graph?.prerequisites(of: index)).map { Array($0).map(line) } ?? []
        ancestors = (graph?.ancestors(of: [index]) ?? []).filter { $0 != index }.map(line)
        isGoal = response.goals.contains(id)
        let dependents = Set((graph?.descendants(of: [index]) ?? []).map { context.ids[$0] })
        goalsNeedingIt = entries.filter { response.goals.contains($0.skillId) && dependents.contains($0.skillId) }
            .map { Goal(id: $0.skillId, name: context.display($0.name)) }

        if let step = skill.step {
            verdict = .onPath
            verdictText = words.onPath(step: step)
        } else if skill.state == .mastered {
            verdict = .mastered
            verdictText = words.masteredVerdict
        } else if skill.state == .notNeeded {
            verdict = .notNeeded
            verdictText = words.notNeededVerdict
        } else {
            verdict = .beyondLength
            verdictText = words.beyondLengthVerdict
        }
        verdictText += " " + words.masteryRule(mastery: skill.mastery, lower: skill.lower, upper: skill.upper, threshold: threshold)
        evidence = try student.answers.map { answers in
            try Self.leaveOneOut(answers, skill: id, full: skill.mastery, recommender: recommender).prefix(evidenceCount).map { $0 }
        }
    }

    /// Refits the student without each answer in turn, through the same Recommend calls a
    /// service makes; the answers that moved `skill` most come first (ties: the earlier answer).
    public static func leaveOneOut(_ answers: [AnswerRecord], skill: String, full: Double, recommender: Recommender) throws -> [Evidence] {
        guard answers.count > 1 else { return [] }
        var seen: [String: Int] = [:]
        let onSkill = answers.map { answer -> Int in
            let first = answer.skillIds.first ?? ""
            seen[first, default: 0] += 1
            return seen[first]!
        }
        return try answers.indices.map { left in
            var rest = answers
            rest.remove(at: left)
            let without = try recommender.mastery(of: try recommender.state(after: rest), skills: [skill])[0].probability
            let answer = answers[left]
            return Evidence(answer: left + 1, skills: answer.skillIds, item: answer.itemId, outcome: answer.outcome,
                            masteryWithout: without, change: full - without, onSkill: onSkill[left], time: answer.time)
        }
        .sorted { (abs($0.change), -$0.answer) > (abs($1.change), -$1.answer) }
    }
}
