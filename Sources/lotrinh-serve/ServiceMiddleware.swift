import Foundation
import Hummingbird
import Logging
import MasteryData
import Metrics

/// Who is calling, for the length of one request (set by ``ServiceMiddleware``).
struct RequestScope: Sendable {
    /// A random id, logged and returned as `X-Request-Id` and as a problem's `instance`.
    var requestId: String
    /// The schools the API key may see; nil for every school (`"*"`).
    var schools: [String]?

    @TaskLocal static var current = RequestScope(requestId: "-", schools: [])

    func allows(_ school: String) -> Bool { schools?.contains(school) ?? true }

    /// The schools a lookup searches: the key's, or `school` alone when the request names one in
    /// scope. A school out of scope throws `hidden`, the problem of a missing student or class, so
    /// that the key cannot tell another school's records exist.
    func searched(naming school: String?, hidden: Problem) throws -> [String]? {
        guard let school else { return schools }
        guard allows(school) else { throw hidden }
        return [school]
    }
}

/// Everything every request passes through, outermost first: a request id, the body limit, the
/// API key, then the operation; every error becomes a problem document; one log line and the
/// request metrics at the end.
///
/// The log line names the route's pattern (`/v1/students/{studentId}/mastery`), never the path
/// itself, and no handler logs a student id: raw student ids never reach the log.
struct ServiceMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    /// API keys by the hex SHA-256 of the key.
    let keys: [String: ServeConfiguration.APIKey]
    let maxBodyBytes: Int
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestId = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await authorizedResponse(request, context: context, requestId: requestId, next: next)
        } catch {
            var problem = Problem.from(error)
            problem.instance = requestId
            // The router's "no route": a path of the contract with another method is a 405.
            let noRoute = (error as? HTTPError)?.status == .notFound
            let allowed = noRoute ? Self.methods(ofPath: request.uri.path) : []
            if !allowed.isEmpty {
                problem = Problem(status: 405, code: "method-not-allowed",
                                  detail: "\(request.method.rawValue) is not an operation of this path; use \(allowed.joined(separator: " or "))",
                                  instance: requestId)
            }
            response = Self.response(problem)
            if !allowed.isEmpty { response.headers[.allow] = allowed.joined(separator: ", ") }
        }
        response.headers[.init("X-Request-Id")!] = requestId
        let route = context.endpointPath ?? "unmatched"
        let elapsed = ContinuousClock.now - start
        let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        Counter(label: "lotrinh_http_requests_total",
                dimensions: [("method", request.method.rawValue), ("route", route), ("status", String(response.status.code))]).increment()
        Timer(label: "lotrinh_http_request_duration_seconds", dimensions: [("route", route)]).recordNanoseconds(nanoseconds)
        // Checked first: the logger's copy with the request id cost 0.7 % of a path request even
        // when the line was filtered out.
        if logger.logLevel <= .info {
            var line = logger
            line[metadataKey: "request_id"] = "\(requestId)"
            line.info("request", metadata: ["method": "\(request.method.rawValue)", "route": "\(route)",
                                            "status": "\(response.status.code)", "ms": "\(Double(nanoseconds) / 1e6)"])
        }
        return response
    }

    private func authorizedResponse(_ request: Request, context: Context, requestId: String,
                                    next: (Request, Context) async throws -> Response) async throws -> Response {
        var schools: [String]? = []
        if request.uri.path.hasPrefix("/v1/") {
            guard let header = request.headers[.authorization], header.hasPrefix("Bearer "), header.count > 7 else {
                throw Problem.unauthorized("send an API key as 'Authorization: Bearer KEY'")
            }
            guard let key = keys[ServeConfiguration.hash(ofKey: String(header.dropFirst(7)))] else {
                throw Problem.unauthorized("the API key is not known to this service")
            }
            schools = key.schools.contains("*") ? nil : key.schools
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            throw Problem(status: 413, code: "body-too-large", detail: "the body has \(length) bytes; the limit is \(maxBodyBytes)")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxBodyBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Problem(status: 413, code: "body-too-large", detail: "the body exceeds the limit of \(maxBodyBytes) bytes")
        }
        if Self.containsNull(body.readableBytesView) {
            // Swift's decoders read a null as an absent key; the contract has no nullable value.
            throw Problem.invalidRequest("null is not a value of this API: leave the key out instead")
        }
        return try await RequestScope.$current.withValue(RequestScope(requestId: requestId, schools: schools)) {
            try await next(request, context)
        }
    }

    /// The methods `openapi.yaml` has for a path (empty for a path it does not have), for the
    /// 405 answer to any other method.
    static func methods(ofPath path: String) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch parts {
        case ["", "v1", "answers"], ["", "v1", "paths"]: return ["POST"]
        case ["", "v1", "model"], ["", "healthz"], ["", "readyz"], ["", "metrics"]: return ["GET"]
        default: break
        }
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "v1", !parts[3].isEmpty else { return [] }
        switch (parts[2], parts[4]) {
        case ("students", "mastery"), ("classes", "report"): return ["GET"]
        case ("students", "path"), ("students", "diagnostic"), ("classes", "quiz"): return ["POST"]
        default: return []
        }
    }

    /// Whether a JSON text has a `null` outside its strings.
    static func containsNull(_ bytes: some Sequence<UInt8>) -> Bool {
        var inString = false
        var escaped = false
        var matched = 0
        let null = Array("null".utf8)
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            if byte == UInt8(ascii: "\"") {
                inString = true
                matched = 0
                continue
            }
            matched = byte == null[matched] ? matched + 1 : (byte == null[0] ? 1 : 0)
            if matched == null.count { return true }
        }
        return false
    }

    static func response(_ problem: Problem) -> Response {
        let encoder = JSONOutput.encoder(pretty: false)
        let body = (try? encoder.encode(problem)) ?? Data()
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if problem.status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: .init(code: problem.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
