import MasteryData
import MasteryModel

/// A student's state with the masteries of every skill at one confidence: what each path request
/// computes first, computed once.
///
/// Masteries are a pure function of the model, the state and the confidence. A service that keeps
/// students' states between requests (lotrinh-serve caches each stored student's fold-in) keeps
/// this instead, and a path request for a student with no new answers starts at the planner:
/// on 1,000 skills the masteries were a tenth of the service's CPU per path request.
public struct PreparedState: Sendable {
    public let state: Recommender.State
    /// The confidence of the masteries' intervals.
    public let confidence: Double
    let masteries: StudentMasteries
}

extension Recommender {
    /// `state` with its masteries at `confidence`, for `path(for: PreparedState, request:)` with
    /// this recommender (another model's masteries would not be this one's).
    ///
    /// - Throws: ``RecommendError/invalidOption(_:)`` when `confidence` is not in (0, 1).
    public func prepared(_ state: State, confidence: Double = PathRequest().confidence) throws(RecommendError) -> PreparedState {
        do {
            _ = try ConfidenceLevel(confidence)
        } catch {
            throw .invalidOption("\(error)")
        }
        return PreparedState(state: state, confidence: confidence,
                             masteries: model.studentMasteries(of: state, z: NormalDistribution.twoSidedQuantile(confidence)))
    }
}
