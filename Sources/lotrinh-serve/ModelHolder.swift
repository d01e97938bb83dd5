import Foundation
import MasteryData
import Recommend

/// A loaded model with what the service derives from it once.
struct LoadedModel: Sendable {
    let recommender: Recommender
    /// 1 for the model loaded at start, one more per successful reload.
    let generation: Int
    let path: String
    let loadedAt: Date
    /// Direct prerequisites of each skill, by index.
    let prerequisites: [[Int]]
    /// Skills that are a prerequisite of some other skill.
    let prerequisiteSkills: [Int]
    /// Topics and grades of the skills (the config's `skills` file); nil without one.
    let curriculum: CurriculumSelection?

    init(recommender: Recommender, generation: Int, path: String, curriculum: CurriculumSelection? = nil) {
        self.recommender = recommender
        self.curriculum = curriculum
        self.generation = generation
        self.path = path
        loadedAt = Date()
        var prerequisites = [[Int]](repeating: [], count: recommender.model.skillCount)
        for pair in recommender.model.metadata.prerequisites ?? [] { prerequisites[pair[1]].append(pair[0]) }
        self.prerequisites = prerequisites
        prerequisiteSkills = Set((recommender.model.metadata.prerequisites ?? []).map { $0[0] }).sorted()
    }
}

/// The model the service answers with, swapped whole on reload.
///
/// A request takes a ``LoadedModel`` once, at its start, and uses that value to the end: a reload
/// meanwhile changes what later requests see, never a request in flight. A reload reads and
/// verifies the new file completely (``Recommender/init(modelPath:resources:topics:)`` checks the
/// checksum and every parameter, and reads files of service size into memory of their own, so a
/// file overwritten in place later cannot touch the loaded model) before the swap; a file that
/// fails leaves the old model serving.
final class ModelHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var loaded: LoadedModel
    private let path: String
    private let skillsFile: String?
    private let resourcesFile: String?

    /// The model at `path`, with the topics and grades of `skillsFile` and the material of
    /// `resourcesFile` (each optional).
    init(path: String, skillsFile: String? = nil, resourcesFile: String? = nil) throws {
        self.path = path
        self.skillsFile = skillsFile
        self.resourcesFile = resourcesFile
        loaded = try Self.load(path: path, skillsFile: skillsFile, resourcesFile: resourcesFile, generation: 1)
    }

    var current: LoadedModel { lock.withLock { loaded } }

    /// Loads the files again; on success they serve from now on and are returned.
    @discardableResult
    func reload() throws -> LoadedModel {
        let next = try Self.load(path: path, skillsFile: skillsFile, resourcesFile: resourcesFile, generation: current.generation + 1)
        return lock.withLock {
            // Generations stay consecutive even if two reloads overlap.
            loaded = LoadedModel(recommender: next.recommender, generation: loaded.generation + 1, path: path, curriculum: next.curriculum)
            return loaded
        }
    }

    private static func load(path: String, skillsFile: String?, resourcesFile: String?, generation: Int) throws -> LoadedModel {
        let model = try Recommender(modelPath: path).model
        let catalog = try skillsFile.map { file in try SkillCatalog.load(path: file, mapping: ColumnMapping()).0 }
        let resources = try resourcesFile.map { file in try Recommender.resources(csvPath: file, model: model) }
        let recommender = try Recommender(model: model, resources: resources,
                                          topics: catalog.map { CurriculumSelection.topics(modelSkillIds: model.metadata.skillIds, catalog: $0) })
        return LoadedModel(recommender: recommender, generation: generation, path: path,
                           curriculum: catalog.map { CurriculumSelection(modelSkillIds: model.metadata.skillIds, catalog: $0) })
    }
}
