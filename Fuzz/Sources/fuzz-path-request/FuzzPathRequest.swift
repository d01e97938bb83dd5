import Foundation
import FuzzSupport
import LearningPaths
import Recommend

// A service's JSON path request: decoded with validation, then planned against the bundled model
// for a student with a few answers. Whatever decodes must encode and decode back to itself, and
// plan into a path or a typed RecommendError (an unknown skill), never a crash or a planner bug.

private let recommender = try! Recommender(modelPath: RepositoryFiles.bundledModel)
private let state = try! recommender.state(after: ["T6.01", "T6.02", "T6.13", "T6.13"].enumerated().map { index, skill in
    AnswerRecord(skillId: skill, outcome: Double(index % 2))
})

func fuzzPathRequest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let json = Data(inputBytes(data, size))
    guard let request = try? JSONDecoder().decode(PathRequest.self, from: json) else { return 0 }
    let again = try! JSONDecoder().decode(PathRequest.self, from: try! JSONEncoder().encode(request))
    require(again == request, "a decoded request does not survive encoding")
    do {
        let path = try recommender.path(for: state, request: request)
        if let limit = request.maximumSteps { require(path.steps.count <= limit) }
    } catch {
        if case .unknownSkill = error { return 0 }
        require(false, "a validated request failed with \(error)")
    }
    return 0
}
