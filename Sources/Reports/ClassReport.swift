import LearningPaths
import MasteryData
import Recommend

/// What a teacher can act on for a whole class: per skill who is ready, who needs it and who has
/// mastered it; groups with the same next steps; stuck students; the weakest prerequisites. The
/// JSON of `lotrinh-path class` is this value (schema: docs/lotrinh-path.schema.json).
public struct ClassReport: Encodable, Sendable {
    public struct Scope: Encodable, Sendable {
        public var school: String?
        public var `class`: String?
        public var grade: String?
        public var studentsFile: String?

        public init(school: String?, class: String?, grade: String?, studentsFile: String?) {
            self.school = school
            self.`class` = `class`
            self.grade = grade
            self.studentsFile = studentsFile
        }
    }

    public struct StudentRow: Encodable, Sendable {
        /// The student's id, or "#n" (their row in the class list) when ids are hidden.
        public var label: String
        /// Nil when ids are hidden.
        public var id: String?
        /// From the teacher's roster (``name(from:)``); nil when ids are hidden.
        public var name: String?
        public var answers: Int?
        public var mastered: Int
        public var ready: Int
        public var needsPrerequisite: Int
        /// Mean mastery over the skills in scope.
        public var meanMastery: Double
        /// The first steps of the student's path, by skill id.
        public var nextSteps: [String]
        /// The student's whole path, each step with its practice.
        public var path: [PathEntry]
    }

    /// One step of a student's path in the class view.
    public struct PathEntry: Encodable, Sendable {
        public var id: String
        /// Expected answers until mastery, from the model's learning curve for this student.
        public var estimatedPractice: Int
        /// False when the model predicts the threshold is not reached within the cap.
        public var practiceReachesThreshold: Bool
        /// With --max-answers: the answers the schedule gives this step.
        public var plannedAnswers: Int?
        public var reason: ReasonCode
    }

    public struct SkillRow: Encodable, Sendable {
        public var id: String
        public var name: String
        public var meanMastery: Double
        public var mastered: Int
        public var ready: Int
        public var needsPrerequisite: Int
        public var notNeeded: Int
        /// Students whose path starts with this skill.
        public var nextStepOf: Int
    }

    public struct Group: Encodable, Sendable {
        public var nextSteps: [String]
        public var students: [String]
    }

    public struct Stuck: Encodable, Sendable {
        public enum Reason: String, Encodable, Sendable { case manyAttempts, lowMastery }
        public var student: String
        public var reasons: [Reason]
        /// The reasons in a sentence, in the report's language.
        public var detail: String
    }

    public struct WeakPrerequisite: Encodable, Sendable {
        public var id: String
        public var name: String
        public var meanMastery: Double
        public var notMasteredBy: Int
        /// Skills in scope that list it as a direct prerequisite.
        public var dependents: Int
    }

    public let report = "class"
    public let schemaVersion = 1
    public var language: Language
    public var threshold: Double
    public var confidence: Double
    public var goals: [String]?
    public var scope: Scope
    public var idsHidden: Bool
    public var students: [StudentRow]
    public var skills: [SkillRow]
    public var groups: [Group]
    public var stuck: [Stuck]
    public var weakestPrerequisites: [WeakPrerequisite]
    /// Each student's mastery of each skill in scope, in the order of `students` and `skills`.
    public var masteryGrid: [[Double]]
    /// The same grid in levels: what the reports' student × skill grids show.
    public var levelGrid: [[MasteryLevel]]
}

/// The rules that call a student stuck and how groups and prerequisites are chosen.
public struct ClassRules: Sendable {
    /// Steps that must coincide for two students to be taught together.
    public var groupSteps = 1
    /// Answers on the next step's skill, its estimate still below the threshold, that count as being blocked for long.
    public var stuckAttempts = 10
    /// Mean mastery over the scope below which a student is stuck.
    public var stuckMastery = 0.3
    /// How many weakest prerequisites to list.
    public var weakest = 5

    /// Rules with these limits (the defaults are lotrinh-path's).
    public init(groupSteps: Int = 1, stuckAttempts: Int = 10, stuckMastery: Double = 0.3, weakest: Int = 5) {
        self.groupSteps = groupSteps
        self.stuckAttempts = stuckAttempts
        self.stuckMastery = stuckMastery
        self.weakest = weakest
    }
}

extension ClassReport {
    /// Plans every student's path through the Recommend API and summarizes the class. Mean
    /// masteries come from one batch call (`masteryMatrix`), paths from one request per student.
    public init(students: [ReportStudent], scope: Scope, hideIds: Bool, rules: ClassRules, context curriculum: ReportContext) throws {
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
                                                 plannedAnswers: path.plannedAnswers(ofStepAt: position),
                                                 reason: ReasonCode(step.reason))
                                   }))
            var reasons: [Stuck.Reason] = []
            var details: [String] = []
            if let next = path.steps.first {
                let attempts = recommender.practiceCount(of: next.skill, in: students[index].state)
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
        masteryGrid = (0..<matrix.students).map { student in inScope.map { Double(matrix[student, $0]) } }
        levelGrid = masteryGrid.map { row in row.map { MasteryLevel(mastery: $0, threshold: curriculum.threshold) } }
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
