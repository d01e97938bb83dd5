import Foundation
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

    init(recommender: Recommender, generation: Int, path: String) {
        self.recommender = recommender
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

    init(path: String) throws(RecommendError) {
        self.path = path
        loaded = LoadedModel(recommender: try Recommender(modelPath: path), generation: 1, path: path)
    }

    var current: LoadedModel { lock.withLock { loaded } }

    /// Loads the file again; on success it serves from now on and is returned.
    @discardableResult
    func reload() throws(RecommendError) -> LoadedModel {
        let recommender = try Recommender(modelPath: path)
        return lock.withLock {
            loaded = LoadedModel(recommender: recommender, generation: loaded.generation + 1, path: path)
            return loaded
        }
    }
}
