/// Goals truly mastered by the simulated learners under each policy at each checkpoint,
/// summarised, with the winner of each checkpoint.
public struct PolicyComparison: Sendable, Equatable, Codable {
    /// Mean and sample standard deviation over learners.
    public struct Spread: Sendable, Equatable, Codable {
        public let mean: Double
        public let standardDeviation: Double

        init(_ values: [Double]) {
            let mean = values.reduce(0, +) / Double(values.count)
            let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            self.mean = mean
            standardDeviation = values.count > 1 ? (squares / Double(values.count - 1)).squareRoot() : 0
        }
    }

    /// The best policy at one checkpoint and how sure the lead is.
    public struct Winner: Sendable, Equatable, Codable {
        public let steps: Int
        /// The highest mean (ties: the earlier policy in ``PolicyComparison/policies``).
        public let policy: PathPolicy
        public let runnerUp: PathPolicy?
        /// Per learner, winner minus runner-up (the same learners: a paired difference).
        public let margin: Spread?
        /// Whether the margin's mean exceeds twice its standard error; otherwise a statistical tie.
        public let isClear: Bool
    }

    public let policies: [PathPolicy]
    /// Steps after which mastery was counted.
    public let checkpoints: [Int]
    public let students: Int
    public let goalCount: Int
    /// `results[p][c]`: policy `policies[p]` at checkpoint `checkpoints[c]`.
    public let results: [[Spread]]
    /// One per checkpoint.
    public let winners: [Winner]

    /// - Parameter counts: `counts[p][c][student]`, goals truly mastered.
    init(policies: [PathPolicy], checkpoints: [Int], goalCount: Int, counts: [[[Int]]]) {
        self.policies = policies
        self.checkpoints = checkpoints
        self.goalCount = goalCount
        students = counts.first?.first?.count ?? 0
        results = counts.map { $0.map { Spread($0.map(Double.init)) } }
        winners = checkpoints.indices.map { column in
            let ranked = policies.indices.sorted { first, second in
                let a = counts[first][column].reduce(0, +), b = counts[second][column].reduce(0, +)
                return a != b ? a > b : first < second
            }
            let best = ranked[0]
            guard ranked.count > 1 else {
                return Winner(steps: checkpoints[column], policy: policies[best], runnerUp: nil, margin: nil, isClear: true)
            }
            let second = ranked[1]
            let margin = Spread(zip(counts[best][column], counts[second][column]).map { Double($0 - $1) })
            let standardError = margin.standardDeviation / Double(counts[best][column].count).squareRoot()
            return Winner(steps: checkpoints[column], policy: policies[best], runnerUp: policies[second],
                          margin: margin, isClear: margin.mean > 2 * standardError)
        }
    }

    /// The summary of `policy` after `steps`, if both were simulated.
    public func result(_ policy: PathPolicy, steps: Int) -> Spread? {
        guard let row = policies.firstIndex(of: policy), let column = checkpoints.firstIndex(of: steps) else { return nil }
        return results[row][column]
    }
}
