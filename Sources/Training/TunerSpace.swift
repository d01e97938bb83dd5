import MasteryData
import MasteryModel

/// One setting of the tuned hyperparameters. Everything else (terms, practice λ, sweeps, threads,
/// seed, the recency unit) comes from the tuning's base configuration.
public struct TuningCandidate: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Rank of the student and skill factors.
    public var rank: Int
    /// L2 strength on the student and skill factors together.
    public var factorLambda: Double
    /// L2 strength on the student, skill and item biases together; nil keeps the base
    /// configuration's per-group strengths (by default student 1, skill 0.1, item 1).
    public var biasLambda: Double?
    /// Recency half-life of training rows in the base configuration's unit; nil: no discount.
    public var halfLife: Double?
    /// Half-life in answers of the evidence in a student's online estimate
    /// (``FitConfiguration/onlineRecency``); nil: no discount.
    public var onlineHalfLife: Double?

    public init(rank: Int, factorLambda: Double, biasLambda: Double?, halfLife: Double?,
                onlineHalfLife: Double? = FitConfiguration.defaultOnlineRecency.halfLife) {
        self.rank = rank
        self.factorLambda = factorLambda
        self.biasLambda = biasLambda
        self.halfLife = halfLife
        self.onlineHalfLife = onlineHalfLife
    }

    /// `base` with this candidate's values in place.
    public func configuration(from base: FitConfiguration) -> FitConfiguration {
        var config = base
        config.rank = rank
        config.regularization.studentFactors = factorLambda
        config.regularization.skillFactors = factorLambda
        config.scalesFactorPenalty = false
        if let biasLambda {
            config.regularization.studentBias = biasLambda
            config.regularization.skillBias = biasLambda
            config.regularization.itemBias = biasLambda
        }
        config.recency.halfLife = halfLife
        config.onlineRecency = Recency(halfLife: onlineHalfLife, unit: .answers)
        return config
    }

    /// `rank 8, λ factors 16, λ bias 1, half-life 50, online 50`, as the table and progress lines show it.
    public var description: String {
        "rank \(rank), λ factors \(Self.formatted(factorLambda)), λ bias \(biasLambda.map(Self.formatted) ?? "default"), half-life \(halfLife.map(Self.formatted) ?? "off"), online \(onlineHalfLife.map(Self.formatted) ?? "off")"
    }

    /// `16` rather than `16.0`, so settings read as the user typed them.
    public static func formatted(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

/// The values to try for each tuned hyperparameter; candidates are their combinations.
public struct TuningSpace: Sendable, Equatable, Codable {
    public var ranks: [Int]
    public var factorLambdas: [Double]
    /// nil in the list keeps the base configuration's per-group bias strengths.
    public var biasLambdas: [Double?]
    /// nil in the list means "no recency discount".
    public var halfLives: [Double?]
    /// Online half-lives in answers (``TuningCandidate/onlineHalfLife``); nil means no discount.
    public var onlineHalfLives: [Double?]

    public init(ranks: [Int], factorLambdas: [Double], biasLambdas: [Double?] = [nil], halfLives: [Double?] = [nil],
                onlineHalfLives: [Double?] = [FitConfiguration.defaultOnlineRecency.halfLife]) {
        self.ranks = ranks
        self.factorLambdas = factorLambdas
        self.biasLambdas = biasLambdas
        self.halfLives = halfLives
        self.onlineHalfLives = onlineHalfLives
    }

    /// Every combination, simplest first (rank, then λs, then half-life ascending; nil first), so
    /// that the order of the candidates and of the progress lines does not depend on how the
    /// lists were typed. Rank 0 has no factors for the factor λ to act on, so it is tried with the
    /// smallest factor λ only: the others would fit the same model again.
    public var grid: [TuningCandidate] {
        var candidates: [TuningCandidate] = []
        let sortedFactorLambdas = Set(factorLambdas).sorted()
        for rank in Set(ranks).sorted() {
            for factorLambda in rank == 0 ? Array(sortedFactorLambdas.prefix(1)) : sortedFactorLambdas {
                for biasLambda in Set(biasLambdas).sorted(by: Self.nilFirst) {
                    for halfLife in Set(halfLives).sorted(by: Self.nilFirst) {
                        for onlineHalfLife in Set(onlineHalfLives).sorted(by: Self.nilFirst) {
                            candidates.append(TuningCandidate(rank: rank, factorLambda: factorLambda, biasLambda: biasLambda,
                                                              halfLife: halfLife, onlineHalfLife: onlineHalfLife))
                        }
                    }
                }
            }
        }
        return candidates
    }

    private static func nilFirst(_ left: Double?, _ right: Double?) -> Bool { (left ?? -1) < (right ?? -1) }

    /// Throws when a list is empty or holds a value the trainer would reject, naming the list.
    public func validate() throws(TuningError) {
        for (name, count) in [("ranks", ranks.count), ("factor λs", factorLambdas.count), ("bias λs", biasLambdas.count),
                              ("half-lives", halfLives.count), ("online half-lives", onlineHalfLives.count)] where count == 0 {
            throw .emptySpace(name)
        }
        let rankRange = FitConfiguration.rankRange
        if let rank = ranks.first(where: { !rankRange.contains($0) }) {
            throw .invalidValue(list: "ranks", value: String(rank), expected: "an integer from \(rankRange.lowerBound) to \(rankRange.upperBound)")
        }
        let bounds = FitConfiguration.lambdaBounds
        for (name, values) in [("factor λs", factorLambdas), ("bias λs", biasLambdas.compactMap { $0 })] {
            if let value = values.first(where: { !FitConfiguration.lambdaRange.contains($0) }) {
                throw .invalidValue(list: name, value: String(value), expected: "a number from \(bounds.lower) to \(bounds.upper)")
            }
        }
        for (name, values) in [("half-lives", halfLives.compactMap { $0 }), ("online half-lives", onlineHalfLives.compactMap { $0 })] {
            if let value = values.first(where: { !($0 > 0 && $0.isFinite) }) {
                throw .invalidValue(list: name, value: String(value), expected: "a positive number")
            }
        }
    }
}

/// How candidates are drawn from a ``TuningSpace``.
public enum TuningSearch: Sendable, Equatable, Codable {
    /// Every combination.
    case grid
    /// `trials` distinct combinations drawn at random (all of them when the grid is smaller): a
    /// cheaper look at a large grid, the same draw for the same seed.
    case random(trials: Int, seed: UInt64)

    /// The candidates to evaluate, in grid order.
    func candidates(in space: TuningSpace) -> [TuningCandidate] {
        let grid = space.grid
        switch self {
        case .grid:
            return grid
        case let .random(trials, seed):
            guard trials < grid.count else { return grid }
            var generator = SeededRandom(seed: seed)
            // A partial Fisher–Yates over indices with our own generator arithmetic, so the draw
            // is the same on every platform.
            var indices = Array(grid.indices)
            for position in 0..<trials {
                let pick = position + Int(generator.next() % UInt64(indices.count - position))
                indices.swapAt(position, pick)
            }
            return indices.prefix(trials).sorted().map { grid[$0] }
        }
    }
}
