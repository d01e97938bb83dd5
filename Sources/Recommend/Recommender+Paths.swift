import LearningPaths
import MasteryData
import MasteryModel

/// What a path request asks for, by the ids the school's software uses.
public struct PathRequest: Sendable, Equatable {
    /// Skills to reach; nil for every skill of the model.
    public var goals: [String]?
    /// Mastery at or above this counts as mastered.
    public var threshold: Double
    /// Confidence of the intervals; a skill is mastered only when the interval's lower end reaches the threshold.
    public var confidence: Double
    /// At most this many steps (nil: the whole path); the rest are counted as omitted.
    public var maximumSteps: Int?
    /// Skills the path must not contain (and, while they are not mastered, nothing behind them).
    public var excluded: [String]
    /// Skills already on the student's agenda: they and what they need go first.
    public var scheduled: [String]

    /// A request; the defaults plan every skill of the model at threshold 0.8 with 95% intervals.
    public init(goals: [String]? = nil, threshold: Double = 0.8, confidence: Double = 0.95, maximumSteps: Int? = nil,
                excluded: [String] = [], scheduled: [String] = []) {
        self.goals = goals
        self.threshold = threshold
        self.confidence = confidence
        self.maximumSteps = maximumSteps
        self.excluded = excluded
        self.scheduled = scheduled
    }
}

extension Recommender {
    /// The next ordered path for a student in `state`: every not-yet-mastered skill the goals
    /// need, each after its prerequisites, with reasons and resources (see `LearningPaths`).
    public func path(for state: State, request: PathRequest = PathRequest()) throws(RecommendError) -> LearningPath {
        guard request.threshold > 0, request.threshold <= 1 else { throw .invalidOption("threshold must be in (0, 1], got \(request.threshold)") }
        if let steps = request.maximumSteps, steps < 1 { throw .invalidOption("maximum steps must be at least 1, got \(steps)") }
        guard request.confidence > 0, request.confidence < 1 else {
            throw .invalidOption("confidence must be between 0 and 1, got \(request.confidence)")
        }
        // Every probability now, intervals only where the planner asks (see MasteryIntervalSource).
        let masteries = model.studentMasteries(of: state, z: Self.normalQuantile((1 + request.confidence) / 2))
        do {
            let options = PlanOptions(goals: try request.goals.map { ids throws(RecommendError) in try skillIndices(ids) },
                                      masteryThreshold: request.threshold, maximumLength: request.maximumSteps,
                                      excluded: try skillIndices(request.excluded), scheduled: try skillIndices(request.scheduled))
            return try planner.plan(mastery: masteries.probability, intervals: PlannerIntervals(masteries: masteries), options: options)
        } catch let error as RecommendError {
            throw error
        } catch {
            throw .invalidOption("\(error)")
        }
    }
}

/// A student's masteries answering the planner's interval requests, each with one gathered
/// `strmm` block over the skills asked.
struct PlannerIntervals: MasteryIntervalSource {
    let masteries: StudentMasteries

    func intervalEnds(of skills: [Int]) -> (lower: [Double], upper: [Double]) {
        let columns = masteries.intervals(of: skills)
        return (columns.lower, columns.upper)
    }

    func lowerEndsCertainlyBelow(_ threshold: Double, among skills: [Int]) -> [Bool] {
        masteries.lowerEndsCertainlyBelow(threshold, among: skills)
    }
}
