import Foundation
import Recommend
import StudentStore

extension ServiceAPI {
    /// A quiz for a class from its students' stored answers: the library's
    /// ``Recommender/assembleQuiz(for:bank:request:)`` over the server's item bank, with every
    /// skill of the model as each student's goals (as in the class report).
    func postClassQuiz(_ input: Operations.PostClassQuiz.Input) async throws -> Operations.PostClassQuiz.Output {
        try await offloaded { try classQuiz(input) }
    }

    private func classQuiz(_ input: Operations.PostClassQuiz.Input) throws -> Operations.PostClassQuiz.Output {
        guard case let .json(options) = input.body else { throw Problem.invalidRequest("send the options as application/json") }
        let questions = options.questions ?? 20
        let targetSuccess = options.targetSuccess ?? 0.7
        let stepsAhead = options.stepsAhead ?? 3
        guard (1...500).contains(questions) else { throw Problem.invalidRequest("questions \(questions) must lie in 1...500") }
        // Written so that NaN fails too.
        guard targetSuccess > 0, targetSuccess < 1 else {
            throw Problem.invalidRequest("targetSuccess \(targetSuccess) must lie strictly between 0 and 1")
        }
        guard (1...1000).contains(stepsAhead) else { throw Problem.invalidRequest("stepsAhead \(stepsAhead) must lie in 1...1000") }
        let classId = input.path.classId
        let students = try classStudents(classId, school: input.query.schoolId)
        let model = models.current
        let bank = try itemBank(of: model)
        let states = try students.map { try estimates.estimate(of: $0, model: model).state }
        let quiz: Quiz
        do {
            quiz = try model.recommender.assembleQuiz(for: states, bank: bank,
                                                      request: QuizRequest(questions: questions, targetSuccess: targetSuccess, stepsAhead: stepsAhead))
        } catch {
            throw Problem.recommend(error)
        }
        return .ok(.init(body: .json(.init(
            classId: classId, students: students.count, modelGeneration: model.generation,
            items: quiz.items.map { .init(itemId: $0.itemId, skillIds: $0.skillIds, expectedSuccess: $0.expectedSuccess) },
            coverage: quiz.coverage.map {
                .init(skillId: $0.skillId, name: model.skillNames[$0.skillId] ?? $0.skillId, students: $0.students, items: $0.items)
            }))))
    }
}
