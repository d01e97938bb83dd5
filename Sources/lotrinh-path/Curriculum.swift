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
        let topics = catalog.map { CurriculumSelection.topics(modelSkillIds: model.metadata.skillIds, catalog: $0) }
        let resources = try options.resources.map { path in
            do {
                return try Recommender.resources(csvPath: path, model: model, format: options.format)
            } catch let error as ResourceFileError {
                throw DataError(error.description)
            }
        }
        recommender = try Recommender(model: model, resources: resources, topics: topics)
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

    /// Explicit ids, plus every skill of the topic and grade asked for (Recommend's ``CurriculumSelection``).
    private static func goals(options: PlanningOptions, ids: [String], catalog: SkillCatalog?, words: Words) throws -> [String]? {
        var goals = options.goals.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        guard let catalog, let file = options.skills, options.topic != nil || options.grade != nil else { return goals.isEmpty ? nil : goals }
        do throws(CurriculumSelection.Failure) {
            goals += try CurriculumSelection(modelSkillIds: ids, catalog: catalog).skills(topic: options.topic, grade: options.grade).ids
        } catch {
            let message = switch error {
            case let .unknownTopic(typed, available): words.unknownTopic(typed, file: file, topics: available)
            case let .unknownGrade(typed, available): words.unknownGrade(typed, file: file, grades: available)
            case let .ambiguousTopic(typed, matches): words.ambiguousTopic(typed, file: file, matches: matches)
            case let .ambiguousGrade(typed, matches): words.ambiguousGrade(typed, file: file, matches: matches)
            case let .noTopicInGrade(topic, grade, topicsOfGrade):
                words.noTopicInGrade(topic, grade: grade, file: file, topicsOfGrade: topicsOfGrade)
            }
            throw DataError(message)
        }
        return goals
    }
}
