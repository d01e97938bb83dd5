import Foundation
import Hummingbird

/// `POST /v1/students/{studentId}/path` served by hand, not by the generated server code (the
/// generator's config leaves the operation out): the reply is written by
/// ``Components/Schemas/PathReport/json()`` instead of the generated `Codable` encoder, which
/// cost about a fifth of each request's CPU. The request is read as the generated code reads
/// it (the body by ``ScannedBody/decoded(from:)``, which leaves what its scan
/// does not take to the generated decoder; the same content-type rule; path and query values
/// decoded as OpenAPIRuntime decodes them), so clients see the same contract.
struct StudentPathRoute {
    let api: ServiceAPI
    let maxBodyBytes: Int

    func register(on router: Router<BasicRequestContext>) {
        // Written as the generated code registers it, so that metrics name the same route.
        router.post("/v1/students/{studentId}/path") { request, context in
            try await respond(to: request, context: context)
        }
    }

    private func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        try Self.checkContentType(request.headers[.contentType])
        let body = try await request.body.collect(upTo: maxBodyBytes)
        let options = try body.withUnsafeReadableBytes { try Components.Schemas.PathOptions.decoded(from: $0) }
        let studentId = Self.uriDecoded(context.parameters.get("studentId") ?? "")
        let schoolId = Self.queryValue("schoolId", in: request.uri.query)
        let report = try api.studentPath(studentId, school: schoolId, options: options)
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try report.json())))
    }

    /// OpenAPIRuntime's rule for a body with one content type: no (or an unreadable) header, a
    /// wildcard, or `application/json` with any parameters is JSON; any other type is a 415.
    static func checkContentType(_ header: String?) throws {
        // What clients send nearly always, answered without Foundation's trimming and case
        // folding (2 % of a path request's CPU).
        guard let header, header != "application/json", header != "application/json; charset=utf-8" else { return }
        let mediaType = header.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = mediaType.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return }
        if parts[0] == "*" || parts[1] == "*" || mediaType == "application/json" { return }
        throw Problem(status: 415, code: "unsupported-media-type", detail: "send the body as application/json")
    }

    /// A path or query value as OpenAPIRuntime's URI decoder reads it: `+` is a space, then
    /// percent escapes; a malformed escape gives the empty string.
    static func uriDecoded(_ raw: some StringProtocol) -> String {
        // Most ids have nothing to decode; Foundation's two passes cost 2 % of a path request.
        if !raw.utf8.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) { return String(raw) }
        return raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
    }

    /// The first value of a form-style query parameter, decoded.
    static func queryValue(_ name: String, in query: String?) -> String? {
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if uriDecoded(parts[0]) == name { return uriDecoded(parts.count == 2 ? parts[1] : "") }
        }
        return nil
    }
}
