import LearningPaths
import MasteryModel

/// One student's part of a batch keyed by student id.
public struct StudentQuery: Sendable {
    /// The student's id, as the school's software knows it; the key of the batch's answer.
    public var studentId: String
    /// The student's estimate.
    public var state: Recommender.State
    /// What to plan for this student.
    public var request: PathRequest

    /// A student's id, state and request.
    public init(studentId: String, state: Recommender.State, request: PathRequest = PathRequest()) {
        self.studentId = studentId
        self.state = state
        self.request = request
    }
}

extension Recommender {
    /// The path responses of many students (a class), keyed by student id, planned on every core
    /// (the same paths as one ``pathResponse(for:request:includeMastery:)`` call per student).
    ///
    /// - Throws: ``RecommendError/invalidOption(_:)`` when a student id comes twice; otherwise the
    ///   error of the first query, in the given order, that fails.
    public func pathResponses(for queries: [StudentQuery], includeMastery: Bool = false) throws(RecommendError) -> [String: PathResponse] {
        try checkDistinct(queries.map(\.studentId))
        let paths = try paths(for: queries.map { StudentPathRequest(state: $0.state, request: $0.request) })
        var responses: [String: PathResponse] = [:]
        responses.reserveCapacity(queries.count)
        for (query, path) in zip(queries, paths) {
            let masteries = includeMastery ? try mastery(of: query.state, confidence: query.request.confidence) : nil
            responses[query.studentId] = response(for: path, of: query.state, request: query.request, masteries: masteries)
        }
        return responses
    }

    /// Mastery of every skill (or of `skills`) for many students, keyed by student id.
    public func masteryEntries(of states: [String: State], skills: [String]? = nil,
                               confidence: Double = 0.95) throws(RecommendError) -> [String: [MasteryEntry]] {
        var entries: [String: [MasteryEntry]] = [:]
        entries.reserveCapacity(states.count)
        for (id, state) in states.sorted(by: { $0.key < $1.key }) {
            entries[id] = try masteryEntries(of: state, skills: skills, confidence: confidence)
        }
        return entries
    }

    private func checkDistinct(_ ids: [String]) throws(RecommendError) {
        var seen = Set<String>()
        for id in ids where !seen.insert(id).inserted {
            throw .invalidOption("student '\(id)' appears twice in one batch")
        }
    }
}
