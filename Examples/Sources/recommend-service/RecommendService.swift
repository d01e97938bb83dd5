import Foundation
import Recommend

/// A minimal recommendation service: JSON lines in on stdin, JSON lines out on stdout.
/// The model is loaded once; requests are answered concurrently on every core from the one
/// immutable `Recommender` (one task each), and written back in request order.
@main
struct RecommendService {
    static func main() async throws {
        let modelPath = CommandLine.arguments.dropFirst().first ?? "models/vn-grade6-service.lotrinh"
        let recommender: Recommender
        do {
            recommender = try Recommender(modelPath: modelPath)
        } catch {
            FileHandle.standardError.write(Data("recommend-service: \(error)\n".utf8))
            exit(1)
        }

        var lines: [String] = []
        while let line = readLine() {
            if !line.isEmpty { lines.append(line) }
        }
        let responses = await withTaskGroup(of: (Int, ServiceResponse).self) { group in
            for (index, line) in lines.enumerated() {
                group.addTask { (index, answer(line, with: recommender)) }
            }
            var responses = [ServiceResponse?](repeating: nil, count: lines.count)
            for await (index, response) in group { responses[index] = response }
            return responses
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for case let response? in responses {
            print(String(decoding: try encoder.encode(response), as: UTF8.self))
        }
    }

    /// Folds the student's answers in and plans their next steps; every failure becomes the
    /// response's `error`, so one bad request never stops the service.
    static func answer(_ line: String, with recommender: Recommender) -> ServiceResponse {
        let request: ServiceRequest
        do {
            request = try JSONDecoder().decode(ServiceRequest.self, from: Data(line.utf8))
        } catch {
            return ServiceResponse(student: "", error: "not a request: \(error)")
        }
        do {
            let answers = request.answers.map { AnswerRecord(skillId: $0.skill, itemId: $0.item, outcome: $0.correct) }
            let state = answers.isEmpty ? recommender.newStudent() : try recommender.state(after: answers)
            let path = try recommender.path(for: state, request: PathRequest(goals: request.goals, maximumSteps: request.maxSteps))
            let ids = recommender.model.metadata.skillIds
            let names = recommender.model.metadata.skillNames
            return ServiceResponse(student: request.student, path: path.steps.map { step in
                ServiceResponse.Step(skill: ids[step.skill], name: names[step.skill], mastery: step.mastery,
                                     practice: step.estimatedPractice, reason: step.reason.sentence(skillName: names[step.skill]))
            })
        } catch {
            return ServiceResponse(student: request.student, error: error.description)
        }
    }
}
