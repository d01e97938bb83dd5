import Foundation
import LearningPaths
import MasteryData
import MasteryModel

/// One graded answer as a service sends it: ids as the school's software knows them.
public struct AnswerRecord: Sendable, Equatable, Codable {
    /// The skill ids of the question (usually one).
    public var skillIds: [String]
    /// The question's id, if the model knows items.
    public var itemId: String?
    /// 0/1 correctness, or a score in [0, 1].
    public var outcome: Double
    /// Unix seconds, used only by a recency half-life in days.
    public var time: Double?

    /// An answer to a question on several skills (each gets an equal share of it).
    public init(skillIds: [String], itemId: String? = nil, outcome: Double, time: Double? = nil) {
        self.skillIds = skillIds
        self.itemId = itemId
        self.outcome = outcome
        self.time = time
    }

    /// An answer to a question on one skill.
    public init(skillId: String, itemId: String? = nil, outcome: Double, time: Double? = nil) {
        self.init(skillIds: [skillId], itemId: itemId, outcome: outcome, time: time)
    }
}

/// A skill's mastery for one student, ready to show or plan on.
public struct SkillMastery: Sendable, Equatable {
    /// The skill's position in the model (``Recommender/model``'s skill order).
    public var skillIndex: Int
    /// The skill's id, as the school's software knows it.
    public var skillId: String
    /// The skill's display name (often Vietnamese).
    public var name: String
    /// Probability of a correct answer on a typical question of the skill.
    public var probability: Double
    /// The lower end of the interval of ``probability`` at the requested confidence.
    public var lower: Double
    /// The upper end of that interval.
    public var upper: Double
}

/// Why a request could not be answered.
public enum RecommendError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The model file could not be read or failed its checks.
    case model(ModelFileError)
    /// A student id the model was not fitted on.
    case unknownStudent(String)
    /// A skill id the model does not have.
    case unknownSkill(String)
    /// An item id the model does not have (only when the model knows items).
    case unknownItem(String)
    /// An answer with no skill or an outcome outside [0, 1].
    case invalidAnswer(String)
    /// A request option out of range (threshold, confidence, step count, goals).
    case invalidOption(String)
    /// The estimate could not be computed from valid answers: a limit of the solver, never a
    /// fault of the answers (so a service answers 500, not 400).
    case solverFailed(String)

    /// One line for a log or a user, naming the id or value at fault.
    public var description: String {
        switch self {
        case let .model(error): error.description
        case let .unknownStudent(id): "student '\(id)' is not in the model (fold their answers in instead)"
        case let .unknownSkill(id): "skill '\(id)' is not in the model"
        case let .unknownItem(id): "item '\(id)' is not in the model"
        case let .invalidAnswer(reason): "invalid answer: \(reason)"
        case let .invalidOption(reason): "invalid option: \(reason)"
        case let .solverFailed(reason): "the estimate could not be computed (the answers are valid): \(reason)"
        }
    }

    /// A stable code per kind of error, for a service's responses and logs: the wording of
    /// ``description`` may change, these never do.
    public var code: String {
        switch self {
        case .model: "model-file"
        case .unknownStudent: "unknown-student"
        case .unknownSkill: "unknown-skill"
        case .unknownItem: "unknown-item"
        case .invalidAnswer: "invalid-answer"
        case .invalidOption: "invalid-option"
        case .solverFailed: "solver-failed"
        }
    }
}

/// `localizedDescription` is the one-line ``RecommendError/description`` (without this, Foundation
/// prints "The operation could not be completed").
extension RecommendError: LocalizedError {
    public var errorDescription: String? { description }
}

/// The facade services call: load a model once, then answer mastery requests from any thread.
///
/// Immutable and `Sendable`: requests share nothing mutable, take no locks, and give the same
/// answer whatever the concurrency. The model file is read once into memory of the recommender's
/// own and verified: rewriting the file afterwards, even in place, does not change its answers.
///
/// To deploy a new model under a running service, write it to a new file beside the old one and
/// rename it over the model path (what `lotrinh-train fit --out` does), then have the service
/// call ``modelFileChanged()`` (on a timer, or on a signal) and, when it is true, build a new
/// `Recommender` from the path and swap it in; requests under way finish on the old one.
public struct Recommender: Sendable {
    /// A student's estimate, updated answer by answer (see ``MasteryModel/StudentState``).
    public typealias State = StudentState

    /// The loaded model: skills, parameters and (when trained with them) prerequisites.
    public let model: MasteryModel
    /// Plans paths over the model's prerequisite graph, with the given resources and topics.
    public let planner: PathPlanner

    /// Loads and verifies a `.lotrinh` model; `resources` and `topics` (per skill, in the model's
    /// skill order) add learning material and topic coherence to paths.
    public init(modelPath: String, resources: [[Resource]]? = nil, topics: [String]? = nil) throws(RecommendError) {
        let model: MasteryModel
        do {
            model = try MasteryModel.load(from: modelPath)
        } catch {
            throw .model(error)
        }
        try self.init(model: model, resources: resources, topics: topics)
    }

    /// A recommender over a model already in memory (for example one just trained); `resources`
    /// and `topics` as for ``init(modelPath:resources:topics:)``.
    ///
    /// - Throws: ``RecommendError/invalidOption(_:)`` when `resources` or `topics` do not have one
    ///   entry per skill.
    public init(model: MasteryModel, resources: [[Resource]]? = nil, topics: [String]? = nil) throws(RecommendError) {
        self.model = model
        let graph = model.metadata.prerequisites.map { pairs in
            PrerequisiteGraph(skillCount: model.skillCount, edges: pairs.map { PrerequisiteGraph.Edge(prerequisite: $0[0], skill: $0[1]) })
        }
        do {
            planner = try PathPlanner(skillCount: model.skillCount, graph: graph, topics: topics.map(PathPlanner.topicIndices),
                                      resources: resources)
        } catch {
            throw .invalidOption("\(error)")
        }
    }

    /// Whether the model path now names another file than the one loaded, or the file changed since
    /// (its device, inode, size, modification or status-change time differ), or nothing is there:
    /// a service that sees true loads the path again. Always false for a recommender built from a
    /// model in memory. A file system call (`stat`) each time; the answers never change by it.
    public func modelFileChanged() -> Bool {
        model.sourceFile?.hasChanged ?? false
    }

    /// The library's version and the BLAS this process loaded, as `--version` prints them.
    public static var versionDescription: String { Lotrinh.versionDescription }

    /// BLAS on one thread, once per process (`MasteryModel.EngineBLAS`): a service calls it at its
    /// start, before it starts threads of its own, so that each request's small BLAS calls run on
    /// the request's thread instead of handing their work to BLAS's threads and waiting.
    public static func useOneBLASThread() { EngineBLAS.useOneThread() }

    /// The population prior: what is known about a student before any answer.
    public func newStudent() -> StudentState {
        model.initialState()
    }

    /// The trained estimate of a student the model was fitted on. Their practice counts are not in
    /// the model: fold in their answers for mastery that reflects practice.
    public func student(_ id: String) throws(RecommendError) -> StudentState {
        guard let index = model.studentIds.index(of: id) else { throw .unknownStudent(id) }
        return model.state(ofStudent: index)
    }

    /// A student's state after `answers` (in the order given). From the prior, all answers are
    /// folded in at once (Newton steps to convergence); from an existing state, one by one in
    /// constant time each.
    public func state(after answers: [AnswerRecord], from start: StudentState? = nil) throws(RecommendError) -> StudentState {
        if start == nil, !answers.isEmpty {
            var resolved: [StudentAnswer] = []
            resolved.reserveCapacity(answers.count)
            for answer in answers { resolved.append(try resolve(answer)) }
            do {
                return StudentState(try model.foldIn(resolved, covariance: false))
            } catch {
                throw Self.recommendError(error)
            }
        }
        var state = start ?? newStudent()
        for answer in answers { try update(&state, with: answer) }
        return state
    }

    /// Folds one more answer into `state`.
    public func update(_ state: inout StudentState, with answer: AnswerRecord) throws(RecommendError) {
        let resolved = try resolve(answer)
        do {
            try model.update(&state, with: resolved)
        } catch {
            throw Self.recommendError(error)
        }
    }

    /// A fold-in failure as the caller should read it: the solver's own limit is not the answers' fault.
    private static func recommendError(_ error: FoldInError) -> RecommendError {
        if case .notConverged = error { return .solverFailed(error.description) }
        return .invalidAnswer(error.description)
    }

    /// Mastery of every skill (or of `skills`, by id) for a student in `state`, with intervals at
    /// `confidence` (two-sided, e.g. 0.95).
    public func mastery(of state: StudentState, skills: [String]? = nil, confidence: Double = 0.95) throws(RecommendError) -> [SkillMastery] {
        do throws(ProbabilityOutOfRange) {
            _ = try ConfidenceLevel(confidence)
        } catch {
            throw .invalidOption(error.description)
        }
        let z = NormalDistribution.twoSidedQuantile(confidence)
        let indices = try skills.map { ids throws(RecommendError) in try skillIndices(ids) } ?? Array(0..<model.skillCount)
        // A variance per skill asked, not per skill of the model (the rows are the same either way).
        let masteries = model.studentMasteries(of: state, z: z)
        let asked = skills == nil ? masteries.everySkill() : masteries.intervals(of: indices)
        return indices.enumerated().map { row, skill in
            SkillMastery(skillIndex: skill, skillId: model.metadata.skillIds[skill], name: model.metadata.skillNames[skill],
                         probability: asked.probability[row], lower: asked.lower[row], upper: asked.upper[row])
        }
    }

    func skillIndex(_ id: String) throws(RecommendError) -> Int {
        guard let index = model.skillIndex.index(of: id) else { throw .unknownSkill(id) }
        return index
    }

    /// The indices of `ids`. A loop, not `ids.map(skillIndex)`: passing the method as a closure
    /// copies the whole Recommender (a retain and a release per stored reference) for every id,
    /// which was most of the cost of resolving a request's answers.
    func skillIndices(_ ids: [String]) throws(RecommendError) -> [Int] {
        var indices: [Int] = []
        indices.reserveCapacity(ids.count)
        for id in ids { indices.append(try skillIndex(id)) }
        return indices
    }

    func resolve(_ answer: AnswerRecord) throws(RecommendError) -> StudentAnswer {
        guard !answer.skillIds.isEmpty else { throw .invalidAnswer("an answer names no skill") }
        guard (0...1).contains(answer.outcome) else { throw .invalidAnswer("outcome \(answer.outcome) is not in [0, 1]") }
        var item: Int?
        if let itemId = answer.itemId, model.itemIds.count > 0 {
            // An item the model never saw is answered as a typical item of its skills.
            item = model.itemIds.index(of: itemId)
        }
        return StudentAnswer(skills: try skillIndices(answer.skillIds), item: item, outcome: answer.outcome, time: answer.time)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
