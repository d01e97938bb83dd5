import Foundation
import Hummingbird

/// `POST /v1/answers` served by hand, not by the generated server code (the generator's config
/// leaves this operation out): the batch is read by ``ScannedBody/decoded(from:)``,
/// which scans the common shape directly and hands anything else to the generated decoder, so
/// clients see the same values and the same errors. The operation itself is
/// ``ServiceAPI/postAnswers(_:)``, as before.
struct AnswersRoute {
    let api: ServiceAPI
    let maxBodyBytes: Int

    func register(on router: Router<BasicRequestContext>) {
        // Written as the generated code registers it, so that metrics name the same route.
        router.post("/v1/answers") { request, _ in
            try await respond(to: request)
        }
    }

    private func respond(to request: Request) async throws -> Response {
        try StudentPathRoute.checkContentType(request.headers[.contentType])
        let body = try await request.body.collect(upTo: maxBodyBytes)
        let batch = try body.withUnsafeReadableBytes { try Components.Schemas.AnswerBatch.decoded(from: $0) }
        let receipt = try await api.postAnswers(batch)
        // What the generated encoder writes for it (sorted keys, compact).
        let json = "{\"duplicates\":\(receipt.duplicates),\"received\":\(receipt.received),\"stored\":\(receipt.stored)}"
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}
