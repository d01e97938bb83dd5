import Foundation
import Recommend

/// A minimal recommendation service: one JSON request per line on stdin, exactly one JSON reply
/// per line on stdout, written as soon as the line has arrived (a client can wait for each
/// reply before sending the next request). The model is loaded once into an immutable
/// `Recommender`; a production service is `lotrinh-serve`, or many of these behind a pool.
///
/// Lines end with LF, CRLF or a lone CR. A line longer than ``LineReader/maximumLineBytes`` is
/// answered with an error and skipped without being held in memory, so memory stays bounded
/// whatever the input; an empty line gets an error reply too, so replies match requests by position.
@main
struct RecommendService {
    static func main() {
        // Each request's BLAS calls are small: on BLAS's own threads they would wait, not gain.
        Recommender.useOneBLASThread()
        let modelPath = CommandLine.arguments.dropFirst().first ?? "models/vn-grade6-service.lotrinh"
        let recommender: Recommender
        do {
            recommender = try Recommender(modelPath: modelPath)
        } catch {
            FileHandle.standardError.write(Data("recommend-service: \(error)\n".utf8))
            exit(1)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var reader = LineReader(fileDescriptor: 0)
        while let line = reader.nextLine() {
            let response: ServiceResponse
            switch line {
            case let .complete(bytes): response = answer(bytes, with: recommender)
            case let .tooLong(length): response = ServiceResponse(student: "", error: "request line of \(length) bytes is longer than the limit of \(LineReader.maximumLineBytes)")
            }
            var output = (try? encoder.encode(response)) ?? Data(#"{"error":"reply could not be encoded","student":""}"#.utf8)
            output.append(0x0A)
            FileHandle.standardOutput.write(output)
        }
    }

    /// Folds the student's answers in and plans their next steps; every failure becomes the
    /// response's `error`, so one bad request never stops the service.
    static func answer(_ line: [UInt8], with recommender: Recommender) -> ServiceResponse {
        guard !line.isEmpty else { return ServiceResponse(student: "", error: "empty line: one JSON request per line expected") }
        let request: ServiceRequest
        do {
            request = try JSONDecoder().decode(ServiceRequest.self, from: Data(line))
        } catch {
            return ServiceResponse(student: "", error: "not a request: \(error)")
        }
        do {
            let answers = request.answers.map { AnswerRecord(skillId: $0.skill, itemId: $0.item, outcome: $0.correct) }
            let state = answers.isEmpty ? recommender.newStudent() : try recommender.state(after: answers)
            let response = try recommender.pathResponse(for: state, request: PathRequest(goals: request.goals, maximumSteps: request.maxSteps,
                                                                                    maximumAnswers: request.maxAnswers,
                                                                                    recentSkills: PathRequest.recentSkills(of: answers)))
            return ServiceResponse(student: request.student, path: response.steps.map { step in
                ServiceResponse.Step(skill: step.skillId, name: step.name, mastery: step.mastery, practice: step.estimatedPractice,
                                     reason: step.reasonSentence.en)
            }, schedule: request.maxAnswers == nil ? nil : response.practiceSchedule)
        } catch {
            return ServiceResponse(student: request.student, error: error.description)
        }
    }
}
