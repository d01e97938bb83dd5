import Foundation
import Metrics
import NIOPosix
import OpenAPIRuntime
import Prometheus
import Recommend
import StudentStore

/// The operations of `openapi.yaml` (the protocol and types are generated from it at build
/// time by swift-openapi-generator). Errors are thrown as ``Problem``s; ``ServiceMiddleware``
/// renders them.
struct ServiceAPI: APIProtocol {
    let models: ModelHolder
    let store: StudentStore
    let estimates: StudentEstimates
    let metrics: PrometheusCollectorRegistry
    let maxBatchEvents: Int

    /// `work`, run on NIO's pool for blocking work rather than on the event loop that runs this
    /// handler, with the caller's scope. The event loops serve every connection and run the
    /// handlers too (``ServiceRunner``), so a request that takes long (a class of many students,
    /// a diagnostic over the item bank, a stateless path with thousands of answers) would hold up
    /// every connection of its loop, `/readyz` included.
    func offloaded<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let scope = RequestScope.current
        return try await NIOThreadPool.singleton.runIfActive {
            try RequestScope.$current.withValue(scope) { try work() }
        }
    }

    // MARK: - Answers

    /// `POST /v1/answers` (``AnswersRoute`` serves it): the batch stored, or nothing of it.
    func postAnswers(_ batch: Components.Schemas.AnswerBatch) async throws -> Components.Schemas.AnswerReceipt {
        guard batch.events.count <= maxBatchEvents else {
            throw Problem(status: 413, code: "batch-too-large", detail: "the batch has \(batch.events.count) events; the limit is \(maxBatchEvents)")
        }
        guard !batch.events.isEmpty else { throw Problem.invalidRequest("events: the batch is empty") }
        let model = models.current
        let scope = RequestScope.current
        var events: [AnswerEvent] = []
        events.reserveCapacity(batch.events.count)
        for (index, event) in batch.events.enumerated() {
            events.append(try answerEvent(event, at: index, model: model, scope: scope))
        }
        let receipt: AppendReceipt
        do {
            receipt = try await store.append(events)
        } catch {
            throw Problem.store(error)
        }
        estimates.invalidate(receipt.students)
        Counter(label: "lotrinh_answers_stored_total").increment(by: receipt.stored)
        return .init(received: events.count, stored: receipt.stored, duplicates: receipt.duplicates)
    }

    /// One event of a batch, checked against the contract and the model; `events[i]` names it in errors.
    private func answerEvent(_ event: Components.Schemas.AnswerEvent, at index: Int, model: LoadedModel,
                             scope: RequestScope) throws -> AnswerEvent {
        let at = "events[\(index)]"
        try checkId(event.eventId, "\(at).eventId")
        try checkId(event.studentId, "\(at).studentId")
        try checkId(event.skillId, "\(at).skillId")
        if let item = event.itemId { try checkId(item, "\(at).itemId") }
        if let classId = event.classId { try checkId(classId, "\(at).classId") }
        guard model.recommender.model.skillIndex.index(of: event.skillId) != nil else {
            throw Problem(status: 422, code: "unknown-skill", detail: "\(at).skillId: skill '\(event.skillId)' is not in the model")
        }
        let outcome = try Self.outcome(correct: event.correct, score: event.score, at: at)
        let school: String
        if let given = event.schoolId {
            try checkId(given, "\(at).schoolId")
            guard scope.allows(given) else { throw Problem.forbiddenSchool(given) }
            school = given
        } else if let schools = scope.schools, schools.count == 1 {
            school = schools[0]
        } else {
            throw Problem.invalidRequest("\(at).schoolId is required: this API key is scoped to several schools")
        }
        let time = event.answeredAt.timeIntervalSince1970
        guard time.isFinite else { throw Problem.invalidAnswer("\(at).answeredAt is not a valid time") }
        return AnswerEvent(eventId: event.eventId, studentId: event.studentId, schoolId: school, classId: event.classId,
                           skillId: event.skillId, itemId: event.itemId, outcome: outcome, answeredAt: time)
    }

    /// Exactly one of `correct` and `score` (a finite number in [0, 1]).
    static func outcome(correct: Bool?, score: Double?, at: String) throws -> Double {
        switch (correct, score) {
        case let (correct?, nil):
            return correct ? 1 : 0
        case let (nil, score?):
            // Written so that NaN fails too.
            guard score >= 0, score <= 1 else { throw Problem.invalidAnswer("\(at).score \(score) must be a number in [0, 1]") }
            return score
        case (nil, nil):
            throw Problem.invalidAnswer("\(at): give either correct (true/false) or score (0 to 1)")
        case (.some, .some):
            throw Problem.invalidAnswer("\(at): give either correct or score, not both")
        }
    }

    /// An id field: 1 to 128 characters, as `openapi.yaml` says.
    func checkId(_ value: String, _ field: String) throws {
        guard !value.isEmpty, value.count <= 128 else {
            throw Problem.invalidRequest("\(field) must have 1 to 128 characters, got \(value.count)")
        }
    }

    // MARK: - Model and operations

    func getModel(_ input: Operations.GetModel.Input) async throws -> Operations.GetModel.Output {
        let loaded = models.current
        let metadata = loaded.recommender.model.metadata
        return .ok(.init(body: .json(.init(
            generation: loaded.generation, path: loaded.path, kind: metadata.kind.rawValue, rank: metadata.rank,
            skills: metadata.skillIds.count, prerequisites: metadata.prerequisites?.count ?? 0,
            dataFingerprint: metadata.dataFingerprint, createdAt: metadata.createdAt, libraryVersion: metadata.libraryVersion,
            loadedAt: loaded.loadedAt, metrics: .init(additionalProperties: metadata.metrics.filter { $0.value.isFinite })))))
    }

    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .json(.init(status: "ok"))))
    }

    func getReady(_ input: Operations.GetReady.Input) async throws -> Operations.GetReady.Output {
        guard store.isOpen else { throw Problem(status: 503, code: "not-ready", detail: "the answer store is closed") }
        return .ok(.init(body: .json(.init(status: "ready"))))
    }

    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        var buffer: [UInt8] = []
        metrics.emit(into: &buffer)
        return .ok(.init(body: .plainText(HTTPBody(buffer))))
    }
}
