import LearningPaths
import Recommend

/// Why one skill is or is not on a student's path: its state, its prerequisites, the goals that
/// need it, and the answers that moved its estimate. The JSON of `lotrinh-path explain` is this
/// value (schema: docs/lotrinh-path.schema.json).
struct ExplainReport: Encodable {
    struct Goal: Encodable {
        var id: String
        var name: String
    }

    enum Verdict: String, Encodable { case onPath, mastered, notNeeded, beyondLength }

    /// One answer's weight in the estimate: the skill's mastery with every answer minus its
    /// mastery with that answer left out (the student refitted from the rest).
    struct Evidence: Encodable {
        /// Position in the student's answers, from 1.
        var answer: Int
        var skills: [String]
        var item: String?
        var outcome: Double
        var masteryWithout: Double
        var change: Double
    }

    let report = "explain"
    let schemaVersion = 1
    var language: Language
    var student: String
    var answers: Int?
    var threshold: Double
    var confidence: Double
    var goals: [String]?
    var skill: SkillLine
    var verdict: Verdict
    /// The verdict and the mastery rule in sentences, in the report's language.
    var verdictText: String
    var prerequisites: [SkillLine]
    /// Every skill it depends on, directly or through others, ascending by index.
    var ancestors: [SkillLine]
    var isGoal: Bool
    /// Goals that depend on the skill directly or through other skills.
    var goalsNeedingIt: [Goal]
    /// The answers that moved the skill most, largest change first; nil without answers.
    var evidence: [Evidence]?

    init(skill index: Int, student: StudentInput, evidenceCount: Int, curriculum: Curriculum) throws {
        let recommender = curriculum.recommender
        let words = curriculum.words
        let masteries = try recommender.mastery(of: student.state, confidence: curriculum.confidence)
        let path = try recommender.path(for: student.state, request: curriculum.request(for: student))
        let stepNumbers = path.stepNumbers
        func line(_ skill: Int) -> SkillLine { SkillLine(masteries[skill], path: path, stepNumbers: stepNumbers) }

        language = words.language
        self.student = student.id
        answers = student.answers?.count
        threshold = curriculum.threshold
        confidence = curriculum.confidence
        goals = curriculum.goals
        skill = line(index)
        prerequisites = (curriculum.graph?.prerequisites(of: index)).map { Array($0).map(line) } ?? []
        ancestors = (curriculum.graph?.ancestors(of: [index]) ?? []).filter { $0 != index }.map(line)
        isGoal = path.goals.contains(index)
        let dependents = Set(curriculum.graph?.descendants(of: [index]) ?? [])
        goalsNeedingIt = path.goals.filter(dependents.contains).map { Goal(id: curriculum.ids[$0], name: curriculum.names[$0]) }

        if let step = stepNumbers[index] {
            verdict = .onPath
            verdictText = words.onPath(step: step)
        } else if path.states[index] == .mastered {
            verdict = .mastered
            verdictText = words.masteredVerdict
        } else if path.states[index] == .notNeeded {
            verdict = .notNeeded
            verdictText = words.notNeededVerdict
        } else {
            verdict = .beyondLength
            verdictText = words.beyondLengthVerdict
        }
        verdictText += " " + words.masteryRule(mastery: skill.mastery, lower: skill.lower, upper: skill.upper, threshold: threshold)
        evidence = try student.answers.map { answers in
            try Self.leaveOneOut(answers, skill: curriculum.ids[index], full: skill.mastery, recommender: recommender)
                .prefix(evidenceCount).map { $0 }
        }
    }

    /// Refits the student without each answer in turn, through the same Recommend calls a service makes.
    private static func leaveOneOut(_ answers: [AnswerRecord], skill: String, full: Double, recommender: Recommender) throws -> [Evidence] {
        guard answers.count > 1 else { return [] }
        return try answers.indices.map { left in
            var rest = answers
            rest.remove(at: left)
            let without = try recommender.mastery(of: try recommender.state(after: rest), skills: [skill])[0].probability
            let answer = answers[left]
            return Evidence(answer: left + 1, skills: answer.skillIds, item: answer.itemId, outcome: answer.outcome,
                            masteryWithout: without, change: full - without)
        }
        .sorted { (abs($0.change), -$0.answer) > (abs($1.change), -$1.answer) }
    }
}
