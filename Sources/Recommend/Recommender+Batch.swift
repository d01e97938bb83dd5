import Dispatch
import LearningPaths
import MasteryModel

extension Recommender {
    /// Mastery probabilities of every skill for many students (a class, a school) at once, by
    /// level-3 BLAS; see ``MasteryModel/masteryMatrix(of:)``.
    public func masteryMatrix(of states: [State]) -> MasteryMatrix {
        model.masteryMatrix(of: states)
    }

    /// The paths of many students (a class), each with its own request (its own goals, budget
    /// and recent skills), planned on every core: the same paths, in the same order, as one
    /// ``path(for:request:)`` call per student.
    ///
    /// - Throws: the error of the first request, in the given order, that fails.
    public func paths(for requests: [StudentPathRequest]) throws(RecommendError) -> [LearningPath] {
        let results = UnsafeMutableBufferPointer<Result<LearningPath, RecommendError>?>.allocate(capacity: requests.count)
        results.initialize(repeating: nil)
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        let slots = SendableSlots(results: results)
        DispatchQueue.concurrentPerform(iterations: requests.count) { index in
            let request = requests[index]
            do throws(RecommendError) {
                slots.results[index] = .success(try path(for: request.state, request: request.request))
            } catch {
                slots.results[index] = .failure(error)
            }
        }
        var paths: [LearningPath] = []
        paths.reserveCapacity(requests.count)
        for result in results {
            switch result! {
            case let .success(path): paths.append(path)
            case let .failure(error): throw error
            }
        }
        return paths
    }
}

/// One student's part of a batch path request.
public struct StudentPathRequest: Sendable {
    /// The student's estimate.
    public var state: Recommender.State
    /// What to plan for this student.
    public var request: PathRequest

    /// A student's state and what to plan for them.
    public init(state: Recommender.State, request: PathRequest = PathRequest()) {
        self.state = state
        self.request = request
    }
}

/// Result slots that each concurrent iteration writes at its own index only.
private struct SendableSlots: @unchecked Sendable {
    let results: UnsafeMutableBufferPointer<Result<LearningPath, RecommendError>?>
}
