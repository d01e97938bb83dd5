import Foundation
import MasteryData
import Recommend
import Reports
import StudentStore

extension ServiceAPI {
    /// The next questions of a diagnostic for a stored student, from their stored answers: the
    /// library's ``Recommender/diagnose(_:bank:request:)`` over the server's item bank, the
    /// items the student has answered counting as asked.
    func postDiagnostic(_ input: Operations.PostDiagnostic.Input) async throws -> Operations.PostDiagnostic.Output {
        try await offloaded { try diagnostic(input) }
    }

    private func diagnostic(_ input: Operations.PostDiagnostic.Input) throws -> Operations.PostDiagnostic.Output {
        guard case let .json(options) = input.body else { throw Problem.invalidRequest("send the options as application/json") }
        let student = try findStudent(input.path.studentId, school: input.query.schoolId)
        let model = models.current
        let bank = try itemBank(of: model)
        let request = try diagnosticRequest(options, model: model)
        let estimate = try estimates.estimate(of: student, model: model)
        var asking = request
        asking.askedItems = estimate.answers.compactMap(\.itemId)
        let plan: DiagnosticPlan
        do {
            plan = try model.recommender.diagnose(estimate.state, bank: bank, request: asking)
        } catch {
            throw Problem.recommend(error)
        }
        let status: Components.Schemas.DiagnosticReport.StatusPayload = switch plan.status {
        case .asking: .asking
        case .settled: .settled
        case .budgetSpent: .budgetSpent
        case .noItemsLeft: .noItemsLeft
        }
        // The same sentences as lotrinh-path's diagnostic report, from the one table of them.
        let words = Words(language: Language(options.language ?? .en))
        return .ok(.init(body: .json(.init(
            answers: estimate.answers.count, modelGeneration: model.generation, status: status, finished: plan.status != .asking,
            summary: words.diagnosticStatus(plan.status.rawValue, answered: estimate.answers.count),
            questions: plan.questions.map {
                .init(itemId: $0.itemId, skillIds: $0.skillIds, expectedSuccess: $0.expectedSuccess,
                      expectedInformation: $0.expectedInformation, informs: $0.informs)
            },
            skills: plan.skills.map {
                .init(skillId: $0.skillId, name: model.skillNames[$0.skillId] ?? $0.skillId,
                      probabilityMastered: $0.probabilityMastered, settled: $0.isSettled,
                      verdict: words.diagnosticVerdict($0.probabilityMastered, settled: $0.isSettled))
            }))))
    }

    /// The library's request from the contract's options, checked against the contract's limits
    /// with its field names.
    private func diagnosticRequest(_ options: Components.Schemas.DiagnosticOptions, model: LoadedModel) throws -> DiagnosticRequest {
        let given = options.goals ?? []
        guard given.count <= 1000 else { throw Problem.invalidRequest("goals has \(given.count) skills; at most 1000") }
        for (index, id) in given.enumerated() { try checkId(id, "goals[\(index)]") }
        let threshold = options.threshold ?? 0.8
        let confidence = options.confidence ?? 0.9
        let questions = options.questions ?? 5
        let exposure = options.exposure ?? 5
        let seed = options.seed ?? 0
        do throws(ProbabilityOutOfRange) {
            _ = try MasteryThreshold(decidable: threshold)
            _ = try ConfidenceLevel(decision: confidence)
        } catch {
            throw Problem.invalidRequest(error.description)
        }
        guard (1...100).contains(questions) else { throw Problem.invalidRequest("questions \(questions) must lie in 1...100") }
        if let maximum = options.maxQuestions, !(1...10_000).contains(maximum) {
            throw Problem.invalidRequest("maxQuestions \(maximum) must lie in 1...10000")
        }
        guard (1...100).contains(exposure) else { throw Problem.invalidRequest("exposure \(exposure) must lie in 1...100") }
        guard seed >= 0 else { throw Problem.invalidRequest("seed \(seed) must be at least 0") }
        return DiagnosticRequest(goals: try goals(options.goals, topic: options.topic, grade: options.grade, model: model),
                                 threshold: threshold, confidence: confidence, questions: questions,
                                 maximumQuestions: options.maxQuestions, exposureCandidates: exposure, seed: UInt64(seed))
    }

    /// The server's item bank, or the problem that says the config has none.
    func itemBank(of model: LoadedModel) throws -> [DiagnosticItem] {
        guard let items = model.items else {
            throw Problem(status: 422, code: "no-item-bank",
                          detail: "this server has no item bank (the config's \"items\": a CSV with item_id and skill_id), so it cannot choose questions")
        }
        return items
    }
}
