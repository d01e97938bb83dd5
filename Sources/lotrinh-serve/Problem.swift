import Foundation
import Hummingbird
import OpenAPIRuntime
import Recommend
import StudentStore

/// A request that cannot be answered, as an RFC 9457 problem document with a stable `code`.
///
/// Handlers throw it; ``ProblemMiddleware`` renders it (and every other error) as
/// `application/problem+json`, so each operation's error statuses are those of `openapi.yaml`.
struct Problem: Error, Sendable, Encodable {
    var status: Int
    var code: String
    var detail: String
    var title: String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 503: "Service Unavailable"
        default: status < 500 ? "Client Error" : "Internal Server Error"
        }
    }
    var type: String { "urn:lotrinh:problem:\(code)" }
    var instance: String?

    enum CodingKeys: String, CodingKey { case type, title, status, code, detail, instance }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(status, forKey: .status)
        try container.encode(code, forKey: .code)
        try container.encode(detail, forKey: .detail)
        try container.encodeIfPresent(instance, forKey: .instance)
    }

    static func unauthorized(_ detail: String) -> Problem { Problem(status: 401, code: "unauthorized", detail: detail) }
    static func forbiddenSchool(_ school: String) -> Problem {
        Problem(status: 403, code: "forbidden-school", detail: "this API key is not scoped to school '\(school)'")
    }
    /// The one answer for a student or class that is missing or belongs to a school outside the
    /// key's scope: the same status, code and text, so the two cannot be told apart.
    static let studentNotFound = Problem(status: 404, code: "not-found", detail: "no such student in the schools of this API key")
    static let classNotFound = Problem(status: 404, code: "not-found", detail: "no such class in the schools of this API key")
    static func invalidRequest(_ detail: String) -> Problem { Problem(status: 400, code: "invalid-request", detail: detail) }
    static func invalidAnswer(_ detail: String) -> Problem { Problem(status: 422, code: "invalid-answer", detail: detail) }
    static func internalError(_ detail: String) -> Problem { Problem(status: 500, code: "internal", detail: detail) }

    /// A typed topic or grade that selects no skill, with the values there are.
    static func curriculum(_ failure: CurriculumSelection.Failure) -> Problem {
        func listed(_ values: [String]) -> String { values.map { "'\($0)'" }.joined(separator: ", ") }
        return switch failure {
        case let .unknownTopic(typed, available):
            Problem(status: 422, code: "unknown-topic",
                    detail: "topic: no skill has topic '\(typed)' (case and diacritics ignored); the topics: \(listed(available))")
        case let .unknownGrade(typed, available):
            Problem(status: 422, code: "unknown-grade", detail: "grade: no skill has grade '\(typed)'; the grades: \(listed(available))")
        case let .ambiguousTopic(typed, matches):
            Problem(status: 422, code: "ambiguous-topic",
                    detail: "topic: '\(typed)' names several topics when case and diacritics are ignored: \(listed(matches)); write it as the skills file does")
        case let .ambiguousGrade(typed, matches):
            Problem(status: 422, code: "ambiguous-grade",
                    detail: "grade: '\(typed)' names several grades when case and diacritics are ignored: \(listed(matches)); write it as the skills file does")
        case let .noTopicInGrade(topic, grade, topicsOfGrade):
            Problem(status: 422, code: "no-topic-in-grade",
                    detail: "no skill has topic '\(topic)' in grade '\(grade)'; the topics of grade \(grade): \(listed(topicsOfGrade))")
        }
    }

    /// A `Recommend` error as the client should read it: their request's fault (4xx) or ours (500).
    static func recommend(_ error: RecommendError) -> Problem {
        switch error {
        case .unknownSkill, .unknownItem: Problem(status: 422, code: "unknown-skill", detail: error.description)
        case .invalidAnswer: invalidAnswer(error.description)
        case .invalidOption: Problem(status: 422, code: "invalid-request", detail: error.description)
        case .unknownStudent: studentNotFound
        case .model, .solverFailed: internalError(error.description)
        }
    }

    static func store(_ error: StoreError) -> Problem {
        switch error {
        case .duplicateEventInBatch: Problem(status: 422, code: "duplicate-event-id", detail: error.description)
        case .eventIdConflict: Problem(status: 409, code: "event-id-conflict", detail: error.description)
        case .invalidEvent: invalidAnswer(error.description)
        case .database, .closed: Problem(status: 503, code: "not-ready", detail: error.description)
        }
    }

    /// Any error thrown while answering, as the problem the client receives.
    static func from(_ error: any Error) -> Problem {
        var cause: any Error = error
        var parsing = false
        while let wrapped = cause as? ServerError {
            cause = wrapped.underlyingError
            parsing = true
        }
        switch cause {
        case let problem as Problem:
            return problem
        case let error as DecodingError:
            return decoding(error)
        case let error as HTTPError:
            switch error.status {
            case .contentTooLarge: return Problem(status: 413, code: "body-too-large", detail: "the request body exceeds the limit")
            case .notFound: return Problem(status: 404, code: "not-found", detail: "no such operation")
            case .methodNotAllowed: return Problem(status: 405, code: "method-not-allowed", detail: "method not allowed")
            default: return Problem(status: Int(error.status.code), code: error.status.code < 500 ? "invalid-request" : "internal",
                                    detail: error.body ?? error.status.reasonPhrase)
            }
        default:
            // An error of the generated code before a handler ran: the request did not match the contract.
            let text = String(describing: cause)
            if parsing, text.localizedCaseInsensitiveContains("content type") || text.localizedCaseInsensitiveContains("content-type") {
                return Problem(status: 415, code: "unsupported-media-type", detail: "send the body as application/json")
            }
            if parsing { return invalidRequest(text) }
            return internalError("unexpected error")
        }
    }

    private static func decoding(_ error: DecodingError) -> Problem {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "the body" : String(keys.drop { $0 == "." })
        }
        switch error {
        case let .dataCorrupted(context) where context.codingPath.isEmpty:
            return Problem(status: 400, code: "invalid-json", detail: "the body is not valid JSON: \(context.debugDescription)")
        case let .dataCorrupted(context):
            return invalidRequest("\(path(context)): \(context.debugDescription)")
        case let .keyNotFound(key, context):
            return invalidRequest("\(path(context)): the required key '\(key.stringValue)' is missing")
        case let .typeMismatch(type, context):
            return invalidRequest("\(path(context)): expected \(type), \(context.debugDescription)")
        case let .valueNotFound(type, context):
            return invalidRequest("\(path(context)): expected \(type), found null")
        @unknown default:
            return invalidRequest("\(error)")
        }
    }
}
