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
    /// Direct prerequisites of each skill, by skill id (skills without any are absent).
    let prerequisiteIds: [String: [String]]
    /// Skills that are a prerequisite of some other skill.
    let prerequisiteSkillIds: Set<String>
    /// Topics and grades of the skills (the config's `skills` file); nil without one.
    let curriculum: CurriculumSelection?
    /// Each skill's display name, by id.
    let skillNames: [String: String]
    /// The items diagnostics and quizzes choose from (the config's `items` file); nil without one.
    let items: [DiagnosticItem]?

    init(recommender: Recommender, generation: Int, path: String, curriculum: CurriculumSelection? = nil, items: [DiagnosticItem]? = nil) {
        self.recommender = recommender
        self.curriculum = curriculum
        self.items = items
        self.generation = generation
        self.path = path
        loadedAt = Date()
        skillNames = Dictionary(uniqueKeysWithValues: zip(recommender.model.metadata.skillIds, recommender.model.metadata.skillNames))
        // The model file stores its graph as index pairs (prerequisite, skill); the service keeps it by id.
        let pairs = (recommender.model.metadata.prerequisites ?? []).map { pair in
            pair.map { recommender.model.skillIndex[$0] }
        }
        prerequisiteIds = Dictionary(grouping: pairs, by: { $0[1] }).mapValues { $0.map { $0[0] } }
        prerequisiteSkillIds = Set(pairs.map { $0[0] })
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
    private let itemsFile: String?

    /// The model at `path`, with the topics and grades of `skillsFile`, the material of
    /// `resourcesFile` and the item bank of `itemsFile` (each optional).
    init(path: String, skillsFile: String? = nil, resourcesFile: String? = nil, itemsFile: String? = nil) throws {
        self.path = path
        self.skillsFile = skillsFile
        self.resourcesFile = resourcesFile
        self.itemsFile = itemsFile
        loaded = try Self.load(path: path, skillsFile: skillsFile, resourcesFile: resourcesFile, itemsFile: itemsFile, generation: 1)
    }

    var current: LoadedModel { lock.withLock { loaded } }

    /// Loads the files again; on success they serve from now on and are returned.
    @discardableResult
    func reload() throws -> LoadedModel {
        let next = try Self.load(path: path, skillsFile: skillsFile, resourcesFile: resourcesFile, itemsFile: itemsFile,
                                 generation: current.generation + 1)
        return lock.withLock {
            // Generations stay consecutive even if two reloads overlap.
            loaded = LoadedModel(recommender: next.recommender, generation: loaded.generation + 1, path: path, curriculum: next.curriculum,
                                 items: next.items)
            return loaded
        }
    }

    private static func load(path: String, skillsFile: String?, resourcesFile: String?, itemsFile: String?,
                             generation: Int) throws -> LoadedModel {
        let model = try Recommender(modelPath: path).model
        let catalog = try skillsFile.map { file in try SkillCatalog.load(path: file, mapping: ColumnMapping()).0 }
        let resources = try resourcesFile.map { file in try Recommender.resources(csvPath: file, model: model) }
        let recommender = try Recommender(model: model, resources: resources,
                                          topics: catalog.map { CurriculumSelection.topics(modelSkillIds: model.metadata.skillIds, catalog: $0) })
        return LoadedModel(recommender: recommender, generation: generation, path: path,
                           curriculum: catalog.map { CurriculumSelection(modelSkillIds: model.metadata.skillIds, catalog: $0) },
                           items: try itemsFile.map { try itemBank(path: $0, recommender: recommender) })
    }

    /// The config's item bank; a row naming a skill the model lacks refuses the whole model, so
    /// that a reload with a bank that no longer fits keeps the old model serving.
    private static func itemBank(path: String, recommender: Recommender) throws -> [DiagnosticItem] {
        do {
            return try ItemBank.load(path: path) { recommender.model.skillIndex.index(of: $0) != nil }.items.map(DiagnosticItem.init)
        } catch {
            throw ConfigurationError("the item bank: \(error)")
        }
    }
}
