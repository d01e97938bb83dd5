import Foundation
import LearningPaths
import MasteryData
import Recommend

/// The model with what the teacher's files add to it: learning material, topics, the goals, and
/// the language to speak. Loaded once per command; every report reads from it.
struct Curriculum {
    let recommender: Recommender
    let ids: [String]
    let names: [String]
    /// The model's prerequisite graph; nil when it was trained without one.
    let graph: PrerequisiteGraph?
    /// Goal skill ids; nil means every skill.
    let goals: [String]?
    let request: PathRequest
    let words: Words
    /// Goals and every skill they need, ascending: what graphs and class tables show.
    let scope: [Int]

    /// - Parameter forTerminal: text or Markdown output: control characters in skill names are
    ///   shown as `\u{XX}`, so a name from an edited file cannot drive the teacher's terminal
    ///   (JSON escapes them itself, HTML shows them inert).
    init(options: PlanningOptions, language: Language?, forTerminal: Bool = false) throws {
        let loaded = try Recommender(modelPath: options.model)
        let model = loaded.model
        let catalog = try options.skills.map { path in try SkillCatalog.load(path: path, mapping: ColumnMapping(), format: options.format).0 }
        let topics = catalog.map { catalog in
            model.metadata.skillIds.map { id in catalog.ids.index(of: id).map { catalog.topics[$0] } ?? "" }
        }
        recommender = try Recommender(model: model, resources: try options.resources.map { try Self.loadResources($0, model: loaded, format: options.format) },
                                      topics: topics)
        ids = model.metadata.skillIds
        names = forTerminal ? model.metadata.skillNames.map(\.escapingControlCharacters) : model.metadata.skillNames
        graph = recommender.planner.graph
        words = Words(language: language ?? Language.detect(inNames: names))
        goals = try Self.goals(options: options, ids: ids, catalog: catalog, words: words)
        request = PathRequest(goals: goals, threshold: options.threshold, confidence: options.confidence,
                              maximumSteps: options.maxSteps, maximumAnswers: options.maxAnswers)
        let goalIndices = try goals.map { ids in
            try ids.map { id in
                guard let index = model.skillIndex.index(of: id) else { throw DataError("goal '\(id)' is not a skill of the model") }
                return index
            }
        }
        if let goalIndices {
            scope = Array(Set(goalIndices + (graph?.ancestors(of: goalIndices) ?? []))).sorted()
        } else {
            scope = Array(ids.indices)
        }
    }

    /// The graph's (prerequisite, skill) pairs; empty without a graph.
    var edges: [(Int, Int)] { graph?.edges.map { ($0.prerequisite, $0.skill) } ?? [] }

    /// The request for one student: the shared one, starting next to the skills of their last
    /// answers (the continuity term of the planner's score).
    func request(for student: StudentInput) -> PathRequest {
        var request = request
        request.recentSkills = PathRequest.recentSkills(of: student.answers ?? [])
        return request
    }

    var threshold: Double { request.threshold }
    var confidence: Double { request.confidence }

    func index(ofSkill id: String) throws -> Int {
        guard let index = recommender.model.skillIndex.index(of: id) else {
            throw DataError("skill '\(id)' is not in the model")
        }
        return index
    }

    /// Explicit ids, plus every skill of the topic and grade asked for (matched by ``NameFolding``).
    private static func goals(options: PlanningOptions, ids: [String], catalog: SkillCatalog?, words: Words) throws -> [String]? {
        var goals = options.goals.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        guard let catalog, let file = options.skills, options.topic != nil || options.grade != nil else { return goals.isEmpty ? nil : goals }
        let skills = ids.compactMap { id in catalog.ids.index(of: id).map { (id: id, topic: catalog.topics[$0], grade: catalog.grades[$0]) } }
        let topic = try options.topic.map { typed in
            try choose(typed, among: distinct(skills.map(\.topic)), unknown: { words.unknownTopic(typed, file: file, topics: $0) },
                       ambiguous: { words.ambiguousTopic(typed, file: file, matches: $0) })
        }
        let grade = try options.grade.map { typed in
            try choose(typed, among: distinct(skills.map(\.grade)), unknown: { words.unknownGrade(typed, file: file, grades: $0) },
                       ambiguous: { words.ambiguousGrade(typed, file: file, matches: $0) })
        }
        let chosen = skills.filter { skill in (topic.map { skill.topic == $0 } ?? true) && (grade.map { skill.grade == $0 } ?? true) }
        if let topic, let grade, chosen.isEmpty {
            throw DataError(words.noTopicInGrade(topic, grade: grade, file: file,
                                                 topicsOfGrade: distinct(skills.filter { $0.grade == grade }.map(\.topic))))
        }
        goals += chosen.map(\.id)
        return goals
    }

    /// The one value of `available` that `typed` names.
    private static func choose(_ typed: String, among available: [String], unknown: ([String]) -> String,
                               ambiguous: ([String]) -> String) throws -> String {
        let found = NameFolding.matches(typed, in: available)
        guard !found.isEmpty else { throw DataError(unknown(available)) }
        guard found.count == 1 else { throw DataError(ambiguous(found)) }
        return found[0]
    }

    /// The non-empty values, each once, in the order of the skills file (the curriculum's order).
    private static func distinct(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    private static func loadResources(_ path: String, model recommender: Recommender, format: InputFormat) throws -> [[Resource]] {
        var lists = [[Resource]](repeating: [], count: recommender.model.skillCount)
        let reader = try CSVReader(path: path, format: format)
        guard try reader.nextRecord() else { return lists }
        let header = reader.strings()
        guard let skillColumn = header.firstIndex(of: "skill_id"), let titleColumn = header.firstIndex(of: "title"),
              let urlColumn = header.firstIndex(of: "url") else {
            throw DataError("\(path) needs the columns skill_id, title, url (it has \(header.joined(separator: ", ")))")
        }
        while try reader.nextRecord() {
            guard reader.fieldCount == header.count else { throw DataError("\(path):\(reader.line): \(reader.fieldCount) fields, expected \(header.count)") }
            guard let skill = recommender.model.skillIndex.index(of: reader.string(skillColumn)) else {
                throw DataError("\(path):\(reader.line): skill '\(reader.string(skillColumn))' is not in the model")
            }
            lists[skill].append(Resource(title: reader.string(titleColumn), url: reader.string(urlColumn)))
        }
        return lists
    }
}
