import Foundation
import LearningPaths
import MasteryData
import Recommend
import Reports

/// The model with what the teacher's files add to it: learning material, topics, the goals, and
/// the language to speak. Loaded once per command; every report reads its ``context``.
struct PlanningSetup {
    /// What the reports share (Reports' ``ReportContext``).
    let context: ReportContext

    /// - Parameter forTerminal: text or Markdown output: control characters in skill names are
    ///   shown as `\u{XX}`, so a name from an edited file cannot drive the teacher's terminal
    ///   (JSON escapes them itself, HTML shows them inert).
    init(options: PlanningOptions, language: Language?, forTerminal: Bool = false) throws {
        let loaded = try Recommender(modelPath: options.model)
        let model = loaded.model
        let catalog = try options.skills.map { path in try SkillCatalog.load(path: path, mapping: ColumnMapping(), format: options.format).0 }
        let topics = catalog.map { CurriculumSelection.topics(modelSkillIds: model.metadata.skillIds, catalog: $0) }
        let resources = try options.resources.map { path in try Recommender.resources(csvPath: path, model: model, format: options.format) }
        let recommender = try Recommender(model: model, resources: resources, topics: topics)
        let names = forTerminal ? model.metadata.skillNames.map(\.escapingControlCharacters) : model.metadata.skillNames
        let words = Words(language: language ?? Language.detect(inNames: names))
        let goals = try Self.goals(options: options, ids: model.metadata.skillIds, catalog: catalog, words: words)
        for id in goals ?? [] where model.skillIndex.index(of: id) == nil {
            throw DataError("goal '\(id)' is not a skill of the model")
        }
        let request = PathRequest(goals: goals, threshold: options.threshold, confidence: options.confidence,
                                  maximumSteps: options.maxSteps, maximumAnswers: options.maxAnswers)
        context = try ReportContext(recommender: recommender, request: request, language: words.language,
                                    escapesControlCharacters: forTerminal)
    }

    var recommender: Recommender { context.recommender }
    var ids: [String] { context.ids }
    var names: [String] { context.names }
    var graph: PrerequisiteGraph? { context.graph }
    var goals: [String]? { context.goals }
    var request: PathRequest { context.request }
    var words: Words { context.words }
    var scope: [Int] { context.scope }
    var edges: [(Int, Int)] { context.edges }
    var threshold: Double { context.threshold }
    var confidence: Double { context.confidence }

    /// The request for one student (see ``ReportContext/request(for:)``).
    func request(for student: StudentInput) -> PathRequest {
        context.request(for: student.reportStudent)
    }

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
