import LearningPaths
import MasteryData
import Recommend

/// What every report of one run shares: the recommender, the goals and request, the language,
/// and the skills in scope. A command line or a service builds one, then the reports read it.
public struct ReportContext: Sendable {
    public let recommender: Recommender
    /// The model's skill ids, in its skill order.
    public let ids: [String]
    /// The skills' names as reports show them (see ``display(_:)``).
    public let names: [String]
    /// The model's prerequisite graph; nil when it was trained without one.
    public let graph: PrerequisiteGraph?
    /// Goal skill ids; nil means every skill.
    public let goals: [String]?
    /// The request every student's path is planned with (each with their own recent skills).
    public let request: PathRequest
    public let words: Words
    /// Goals and every skill they need, ascending by the model's order: what graphs and class tables show.
    public let scope: [Int]
    /// Whether names and sentences built from them are shown with control characters escaped.
    public let escapesControlCharacters: Bool

    /// - Parameter escapesControlCharacters: for text and Markdown on a terminal: control
    ///   characters in skill names are shown as `\u{XX}`, so a name from an edited file cannot
    ///   drive the teacher's terminal (JSON escapes them itself, HTML shows them inert).
    /// - Throws: ``RecommendError/unknownSkill(_:)`` for a goal the model does not have.
    public init(recommender: Recommender, request: PathRequest, language: Language, escapesControlCharacters: Bool) throws(RecommendError) {
        self.recommender = recommender
        let model = recommender.model
        ids = model.metadata.skillIds
        names = escapesControlCharacters ? model.metadata.skillNames.map(\.escapingControlCharacters) : model.metadata.skillNames
        graph = recommender.planner.graph
        goals = request.goals
        self.request = request
        words = Words(language: language)
        self.escapesControlCharacters = escapesControlCharacters
        if let goals {
            var goalIndices: [Int] = []
            for id in goals {
                guard let index = model.skillIndex.index(of: id) else { throw .unknownSkill(id) }
                goalIndices.append(index)
            }
            scope = Array(Set(goalIndices + (graph?.ancestors(of: goalIndices) ?? []))).sorted()
        } else {
            scope = Array(ids.indices)
        }
    }

    /// `text` (a name, or a sentence naming skills) as this context shows it.
    public func display(_ text: String) -> String {
        escapesControlCharacters ? text.escapingControlCharacters : text
    }

    /// The graph's (prerequisite, skill) pairs; empty without a graph.
    public var edges: [(Int, Int)] { graph?.edges.map { ($0.prerequisite, $0.skill) } ?? [] }

    /// The request for one student: the shared one, starting next to the skills of their last
    /// answers (the continuity term of the planner's score).
    public func request(for student: ReportStudent) -> PathRequest {
        var request = request
        request.recentSkills = PathRequest.recentSkills(of: student.answers ?? [])
        return request
    }

    public var threshold: Double { request.threshold }
    public var confidence: Double { request.confidence }
}

/// One student as reports see them: their estimate and the answers behind it.
public struct ReportStudent: Sendable {
    /// The id the teacher gave (or a pseudonym).
    public var id: String
    public var state: Recommender.State
    /// The answers folded in, in order; nil when the model's own estimate of a trained student is used.
    public var answers: [AnswerRecord]?

    public init(id: String, state: Recommender.State, answers: [AnswerRecord]?) {
        self.id = id
        self.state = state
        self.answers = answers
    }
}
