import LearningPaths
import Recommend

/// What a teacher can act on for a whole class: per skill who is ready, who needs it and who has
/// mastered it; groups with the same next steps; stuck students; the weakest prerequisites. The
/// JSON of `lotrinh-path class` is this value (schema: docs/lotrinh-path.schema.json).
struct ClassReport: Encodable {
    struct Scope: Encodable {
        var school: String?
        var `class`: String?
        var grade: String?
        var studentsFile: String?
    }

    struct StudentRow: Encodable {
        /// The student's id, or "#n" (their row in the class list) when ids are hidden.
        var label: String
        /// Nil when ids are hidden.
        var id: String?
        var answers: Int?
        var mastered: Int
        var ready: Int
        var needsPrerequisite: Int
        /// Mean mastery over the skills in scope.
        var meanMastery: Double
        /// The first steps of the student's path, by skill id.
        var nextSteps: [String]
        /// The student's whole path, each step with its practice.
        var path: [PathEntry]
    }

    /// One step of a student's path in the class view.
    struct PathEntry: Encodable {
        var id: String
        /// Expected answers until mastery, from the model's learning curve for this student.
        var estimatedPractice: Int
        /// False when the model predicts the threshold is not reached within the cap.
        var practiceReachesThreshold: Bool
        /// With --max-answers: the answers the schedule gives this step.
        var plannedAnswers: Int?
        var reason: ReasonCode
    }

    struct SkillRow: Encodable {
        var id: String
        var name: String
        var meanMastery: Double
        var mastered: Int
        var ready: Int
        var needsPrerequisite: Int
        var notNeeded: Int
        /// Students whose path starts with this skill.
        var nextStepOf: Int
    }

    struct Group: Encodable {
        var nextSteps: [String]
        var students: [String]
    }

    struct Stuck: Encodable {
        enum Reason: String, Encodable { case manyAttempts, lowMastery }
        var student: String
        var reasons: [Reason]
        /// The reasons in a sentence, in the report's language.
        var detail: String
    }

    struct WeakPrerequisite: Encodable {
        var id: String
        var name: String
        var meanMastery: Double
        var notMasteredBy: Int
        /// Skills in scope that list it as a direct prerequisite.
        var dependents: Int
    }

    let report = "class"
    let schemaVersion = 1
    var language: Language
    var threshold: Double
    var confidence: Double
    var goals: [String]?
    var scope: Scope
    var idsHidden: Bool
    var students: [StudentRow]
    var skills: [SkillRow]
    var groups: [Group]
    var stuck: [Stuck]
    var weakestPrerequisites: [WeakPrerequisite]
}

/// The rules that call a student stuck and how groups and prerequisites are chosen.
struct ClassRules {
    /// Steps that must coincide for two students to be taught together.
    var groupSteps = 1
    /// Answers on the next step's skill, its estimate still below the threshold, that count as being blocked for long.
    var stuckAttempts = 10
    /// Mean mastery over the scope below which a student is stuck.
    var stuckMastery = 0.3
    /// How many weakest prerequisites to list.
    var weakest = 5
}

extension ClassReport {
    /// Plans every student's path through the Recommend API and summarizes the class. Mean
    /// masteries come from one batch call (`masteryMatrix`), paths from one request per student.
    init(students: [StudentInput], scope: Scope, hideIds: Bool, rules: ClassRules, curriculum: Curriculum) throws {
        let recommender = curriculum.recommender
        let words = curriculum.words
        let inScope = curriculum.scope
        let matrix = recommender.masteryMatrix(of: students.map(\.state))
        var skillMeans = [Double](repeating: 0, count: matrix.skills)
        for student in 0..<matrix.students {
            for skill in 0..<matrix.skills { skillMeans[skill] += Double(matrix[student, skill]) / Double(matrix.students) }
        }
        let paths = try recommender.paths(for: students.map { StudentPathRequest(state: $0.state, request: curriculum.request(for: $0)) })
        let labels = students.indices.map { hideIds ? "#\($0 + 1)" : students[$0].id }
        let ids = curriculum.ids

        language = words.language
        threshold = curriculum.threshold
        confidence = curriculum.confidence
        goals = curriculum.goals
        self.scope = scope
        idsHidden = hideIds

        var rows: [StudentRow] = []
        var stuck: [Stuck] = []
        for (index, path) in paths.enumerated() {
            let mean = inScope.isEmpty ? 0 : inScope.reduce(0.0) { $0 + Double(matrix[index, $1]) } / Double(inScope.count)
            rows.append(StudentRow(label: labels[index], id: hideIds ? nil : students[index].id, answers: students[index].answers?.count,
                                   mastered: inScope.filter { path.states[$0] == .mastered }.count,
                                   ready: path.skills(in: .ready).count, needsPrerequisite: path.skills(in: .blocked).count,
                                   meanMastery: mean, nextSteps: path.steps.prefix(rules.groupSteps).map { ids[$0.skill] },
                                   path: path.steps.enumerated().map { position, step in
                                       PathEntry(id: ids[step.skill], estimatedPractice: step.estimatedPractice,
                                                 practiceReachesThreshold: step.practiceReachesThreshold,
                                                 plannedAnswers: path.plannedAnswers.isEmpty ? nil : path.plannedAnswers[position],
                                                 reason: ReasonCode(step.reason))
                                   }))
            var reasons: [Stuck.Reason] = []
            var details: [String] = []
            if let next = path.steps.first {
                let state = students[index].state
                let attempts = Int(((state.wins[next.skill] ?? 0) + (state.fails[next.skill] ?? 0)).rounded())
                if attempts >= rules.stuckAttempts, next.mastery < curriculum.threshold {
                    reasons.append(.manyAttempts)
                    details.append(words.stuckAttempts(attempts, skill: curriculum.names[next.skill], mastery: next.mastery))
                }
            }
            if mean < rules.stuckMastery {
                reasons.append(.lowMastery)
                details.append(words.stuckLowMastery(mean))
            }
            if !reasons.isEmpty { stuck.append(Stuck(student: labels[index], reasons: reasons, detail: details.joined(separator: "; "))) }
        }
        self.students = rows
        self.stuck = stuck

        skills = inScope.map { skill in
            var counts = [SkillState: Int]()
            for path in paths { counts[path.states[skill], default: 0] += 1 }
            return SkillRow(id: ids[skill], name: curriculum.names[skill], meanMastery: skillMeans[skill],
                            mastered: counts[.mastered] ?? 0, ready: counts[.ready] ?? 0, needsPrerequisite: counts[.blocked] ?? 0,
                            notNeeded: counts[.notNeeded] ?? 0, nextStepOf: paths.filter { $0.steps.first?.skill == skill }.count)
        }

        var byNextSteps: [[String]: [String]] = [:]
        for row in rows where !row.nextSteps.isEmpty { byNextSteps[row.nextSteps, default: []].append(row.label) }
        groups = byNextSteps.filter { $0.value.count > 1 }
            .map { Group(nextSteps: $0.key, students: $0.value) }
            .sorted { ($0.students.count, $1.nextSteps.joined(separator: ",")) > ($1.students.count, $0.nextSteps.joined(separator: ",")) }

        let scopeSet = Set(inScope)
        weakestPrerequisites = inScope.compactMap { skill -> WeakPrerequisite? in
            let dependents = curriculum.graph?.dependents(of: skill).filter(scopeSet.contains).count ?? 0
            guard dependents > 0 else { return nil }
            return WeakPrerequisite(id: ids[skill], name: curriculum.names[skill], meanMastery: skillMeans[skill],
                                    notMasteredBy: paths.filter { $0.states[skill] != .mastered }.count, dependents: dependents)
        }
        .sorted { ($0.meanMastery, $0.id) < ($1.meanMastery, $1.id) }
        .prefix(rules.weakest).map { $0 }
    }
}
