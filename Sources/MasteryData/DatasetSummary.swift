/// What an analyst checks before training: counts, spreads, thin skills, graph facts and problems.
/// Encodes to the JSON that `lotrinh-train validate --json` prints.
public struct DatasetSummary: Sendable, Codable, Equatable {
    public struct Spread: Sendable, Codable, Equatable {
        public var min: Int
        public var median: Double
        public var max: Int

        init(_ values: [Int]) {
            let sorted = values.sorted()
            min = sorted.first ?? 0
            max = sorted.last ?? 0
            if sorted.isEmpty {
                median = 0
            } else if sorted.count % 2 == 1 {
                median = Double(sorted[sorted.count / 2])
            } else {
                median = Double(sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            }
        }
    }

    public struct SkillCount: Sendable, Codable, Equatable {
        public var id: String
        public var name: String
        public var answers: Int
    }

    public struct GraphFacts: Sendable, Codable, Equatable {
        public var skills: Int
        public var edges: Int
        public var duplicateEdges: Int
        public var roots: Int
        public var leaves: Int
        public var isolated: Int
        /// Skills on the longest prerequisite chain; nil while the graph has a cycle.
        public var depth: Int?
        /// Each cycle as skill names in edge order, the first repeated at the end.
        public var cycles: [[String]]
    }

    public struct Problem: Sendable, Codable, Equatable {
        public enum Severity: String, Sendable, Codable { case error, warning }
        public var severity: Severity
        public var message: String
    }

    public struct SkippedRows: Sendable, Codable, Equatable {
        public var file: String
        public var reason: String
        public var count: Int
        public var examples: [String]
    }

    public var responsesFile: String
    public var rows: Int
    public var answers: Int
    public var multiSkillAnswers: Int
    public var students: Int
    public var skills: Int
    public var skillsAnswered: Int
    public var items: Int?
    /// "correct" (0/1) or "score" (0…1).
    public var outcome: String
    /// Mean outcome per answer: the correct rate, or the mean score.
    public var meanOutcome: Double
    public var answersPerStudent: Spread
    public var answersPerSkill: Spread
    public var minAnswersPerSkill: Int
    /// Answered skills with fewer than ``minAnswersPerSkill`` answers, fewest first.
    public var thinSkills: [SkillCount]
    public var splitCounts: [String: Int]?
    public var schools: Int?
    public var classes: Int?
    public var graph: GraphFacts?
    public var resources: Int?
    public var skipped: [SkippedRows]
    public var problems: [Problem]

    public var hasErrors: Bool { problems.contains { $0.severity == .error } }
}

extension DatasetSummary {
    /// Summarizes `dataset`; skills with fewer than `minAnswersPerSkill` answers are listed as thin.
    public init(_ dataset: Dataset, minAnswersPerSkill: Int = 20) {
        let data = dataset.responses
        responsesFile = dataset.files.responses
        rows = data.rowCount
        answers = data.answerCount
        students = data.studentCount
        skills = dataset.skills.count
        items = data.hasItems ? data.itemIds.count : nil
        outcome = data.isBinary ? "correct" : "score"
        self.minAnswersPerSkill = minAnswersPerSkill

        // Per answer, not per row: a multi-skill question counts once.
        var outcomeSum = 0.0
        var rowsInAnswer = [Int](repeating: 0, count: data.answerCount)
        for row in 0..<data.rowCount {
            let answer = Int(data.rowAnswer[row])
            if rowsInAnswer[answer] == 0 { outcomeSum += Double(data.rowOutcome[row]) }
            rowsInAnswer[answer] += 1
        }
        multiSkillAnswers = rowsInAnswer.lazy.filter { $0 > 1 }.count
        meanOutcome = answers > 0 ? outcomeSum / Double(answers) : 0
        answersPerStudent = Spread((0..<data.studentCount).map { student in
            let rows = data.rows(ofStudent: student)
            return rows.isEmpty ? 0 : Int(data.rowAnswer[rows.upperBound - 1]) - Int(data.rowAnswer[rows.lowerBound]) + 1
        })
        let perSkill = (0..<data.skillCount).map(data.rowCount(ofSkill:))
        let answered = perSkill.indices.filter { perSkill[$0] > 0 }
        skillsAnswered = answered.count
        answersPerSkill = Spread(answered.map { perSkill[$0] })
        thinSkills = answered.filter { perSkill[$0] < minAnswersPerSkill }
            .sorted { perSkill[$0] != perSkill[$1] ? perSkill[$0] < perSkill[$1] : $0 < $1 }
            .map { SkillCount(id: dataset.skills.ids[$0], name: dataset.skills.names[$0], answers: perSkill[$0]) }
        if !data.splitLabels.isEmpty {
            var counts = [Int](repeating: 0, count: data.splitLabels.count)
            for label in data.rowSplit { counts[Int(label)] += 1 }
            // Labels are distinct as bytes; merging (not trapping) keeps this total even if two of
            // them were canonically equivalent strings in a form NFC left apart.
            splitCounts = Dictionary(zip(data.splitLabels, counts), uniquingKeysWith: +)
        }
        if !dataset.roster.isEmpty {
            schools = dataset.roster.schoolIds.count
            classes = dataset.roster.classIds.count
        }
        if dataset.files.resources != nil {
            resources = dataset.resources.reduce(0) { $0 + $1.count }
        }
        skipped = dataset.skipped.keys.sorted().flatMap { file in
            let report = dataset.skipped[file]!
            return report.summary.map { entry in
                SkippedRows(file: file, reason: entry.reason.rawValue, count: entry.count,
                            examples: report.examples.filter { $0.reason == entry.reason }.map(\.description))
            }
        }
        problems = []
        if let graph = dataset.graph { self.graph = graphFacts(graph, skills: dataset.skills) }
        collectProblems(dataset, unanswered: skills - skillsAnswered)
    }

    private func graphFacts(_ graph: PrerequisiteGraph, skills: SkillCatalog) -> GraphFacts {
        let cycles = graph.cycles()
        return GraphFacts(skills: graph.skillCount, edges: graph.edgeCount, duplicateEdges: graph.duplicateEdgeCount,
                          roots: graph.roots.count, leaves: graph.leaves.count, isolated: graph.isolated.count,
                          depth: try? graph.longestChainLength(),
                          cycles: cycles.map { cycle in (cycle + cycle.prefix(1)).map(skills.label) })
    }

    private mutating func collectProblems(_ dataset: Dataset, unanswered: Int) {
        func add(_ severity: Problem.Severity, _ message: String) {
            problems.append(Problem(severity: severity, message: message))
        }
        if let graph {
            for cycle in graph.cycles {
                add(.error, "prerequisite cycle: " + cycle.joined(separator: " → ")
                    + " (a path cannot respect it; remove one edge, or use --break-cycles)")
            }
            if graph.duplicateEdges > 0 { add(.warning, "\(graph.duplicateEdges) duplicate prerequisite edges were merged") }
        }
        for edge in dataset.removedCycleEdges {
            add(.warning, "removed the edge \(dataset.skills.label(edge.prerequisite)) → \(dataset.skills.label(edge.skill)) to break a prerequisite cycle")
        }
        let skippedTotal = dataset.skipped.values.reduce(0) { $0 + $1.total }
        if skippedTotal > 0 { add(.warning, "\(skippedTotal) invalid rows were skipped (see 'skipped')") }
        if !thinSkills.isEmpty {
            add(.warning, "\(thinSkills.count) answered skills have fewer than \(minAnswersPerSkill) answers; their estimates will be uncertain")
        }
        if unanswered > 0 { add(.warning, "\(unanswered) skills of the skills file have no answers") }
        let unlinkable = dataset.resources.joined().filter { !$0.hasLinkableURL }
        if let first = unlinkable.first {
            add(.warning, "\(unlinkable.count) resource URLs are neither http(s) nor relative (first: \(first.url.debugDescription)); "
                    + "reports show them as text, not as links")
        }
        let singleAnswer = (0..<dataset.responses.studentCount).filter { dataset.responses.rows(ofStudent: $0).count == 1 }.count
        if singleAnswer > 0 { add(.warning, "\(singleAnswer) students have a single answer row") }
        if dataset.roster.conflicts > 0 {
            add(.warning, "\(dataset.roster.conflicts) rows give a student a different school, class or grade than an earlier row (the first is kept)")
        }
        if dataset.skillNameConflicts > 0 {
            add(.warning, "\(dataset.skillNameConflicts) rows name a skill differently than an earlier row (the first name is kept)")
        }
        if dataset.responses.isBinary, meanOutcome == 0 || meanOutcome == 1 {
            add(.warning, "every answer is \(meanOutcome == 1 ? "correct" : "wrong"): nothing can be learned from it")
        }
    }
}
