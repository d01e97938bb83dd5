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
        goals = try Self.goals(options: options, ids: ids, catalog: catalog)
        request = PathRequest(goals: goals, threshold: options.threshold, confidence: options.confidence,
                              maximumSteps: options.maxSteps, maximumAnswers: options.maxAnswers)
        words = Words(language: language ?? Language.detect(inNames: names))
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

    /// Explicit ids, plus every skill of the topic and grade asked for.
    private static func goals(options: PlanningOptions, ids: [String], catalog: SkillCatalog?) throws -> [String]? {
        var goals = options.goals.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        guard let catalog, options.topic != nil || options.grade != nil else { return goals.isEmpty ? nil : goals }
        let chosen = ids.filter { id in
            guard let index = catalog.ids.index(of: id) else { return false }
            return (options.topic.map { catalog.topics[index] == $0 } ?? true) && (options.grade.map { catalog.grades[index] == $0 } ?? true)
        }
        if chosen.isEmpty {
            let topics = Array(Set(catalog.topics)).filter { !$0.isEmpty }.sorted()
            throw DataError("no skill of the model has " + [options.topic.map { "topic '\($0)'" }, options.grade.map { "grade '\($0)'" }]
                .compactMap { $0 }.joined(separator: " and ") + " in \(options.skills!) (topics: \(topics.prefix(20).joined(separator: ", "))\(topics.count > 20 ? ", …" : ""))")
        }
        goals += chosen
        return goals
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
