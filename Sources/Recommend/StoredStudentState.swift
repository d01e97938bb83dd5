import Foundation
import MasteryModel

/// A student's state in a form a platform keeps between requests (a database row, a session):
/// `Codable`, versioned, and keyed by skill and item id. ``Recommender/storedState(of:)`` writes
/// one; ``Recommender/state(restoring:)`` checks it against the model and gives the state back,
/// equal to the one stored.
///
///     {"version": 1, "model": {"dataFingerprint": "…", "createdAt": "…"}, "rank": 8,
///      "theta": […], "precision": […], "answerCount": 12, "wins": {"T6.03": 4}, …}
///
/// Decoding a ``version`` this library does not know throws
/// ``StudentStateError/unsupportedVersion(_:supported:)``, never a guess.
public struct StoredStudentState: Codable, Sendable, Equatable {
    /// The layout written today.
    public static let currentVersion = 1

    /// Which model a state belongs to: a state means nothing under another model's factors.
    public struct ModelStamp: Codable, Sendable, Equatable {
        /// The model's ``MasteryModel/ModelMetadata/dataFingerprint``.
        public var dataFingerprint: String
        /// When the model was trained (two fits on the same data differ here).
        public var createdAt: String
    }

    /// One answer the further practice features still look at, by id.
    public struct Answer: Codable, Sendable, Equatable {
        public var skillIds: [String]
        public var itemId: String?
        public var outcome: Double
        public var time: Double?
    }

    /// What a model with further practice features keeps about the latest answers
    /// (see ``MasteryModel/PracticeHistory``), by skill id.
    public struct History: Codable, Sendable, Equatable {
        public var totalWins: Double
        public var totalFails: Double
        public var lastAnswer: [String: Double]
        public var recent: [Answer]
        public var rightStreak: [String: Double]
        public var wrongStreak: [String: Double]
    }

    /// The layout's version; see ``currentVersion``.
    public var version: Int
    public var model: ModelStamp
    /// The model's factor rank: ``theta`` has `rank + 1` values.
    public var rank: Int
    /// `(b_u, p_u)`.
    public var theta: [Double]
    /// `(rank+1)²` values, column-major.
    public var precision: [Double]
    public var answerCount: Int
    /// Per skill id, the answers right so far (a score as that fraction of one).
    public var wins: [String: Double]
    /// Per skill id, the answers wrong so far (`1 − outcome` each).
    public var fails: [String: Double]
    /// Per skill id, the right answers in a row at the end of the student's answers on it.
    public var rightAnswersInARow: [String: Int]
    public var history: History

    private enum CodingKeys: String, CodingKey {
        case version, model, rank, theta, precision, answerCount, wins, fails, rightAnswersInARow, history
    }

    /// Decodes a stored state, refusing a version this library cannot read.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        guard version == Self.currentVersion else { throw StudentStateError.unsupportedVersion(version, supported: Self.currentVersion) }
        model = try container.decode(ModelStamp.self, forKey: .model)
        rank = try container.decode(Int.self, forKey: .rank)
        theta = try container.decode([Double].self, forKey: .theta)
        precision = try container.decode([Double].self, forKey: .precision)
        answerCount = try container.decode(Int.self, forKey: .answerCount)
        wins = try container.decode([String: Double].self, forKey: .wins)
        fails = try container.decode([String: Double].self, forKey: .fails)
        rightAnswersInARow = try container.decode([String: Int].self, forKey: .rightAnswersInARow)
        history = try container.decode(History.self, forKey: .history)
    }

    init(version: Int, model: ModelStamp, rank: Int, theta: [Double], precision: [Double], answerCount: Int, wins: [String: Double],
         fails: [String: Double], rightAnswersInARow: [String: Int], history: History) {
        self.version = version
        self.model = model
        self.rank = rank
        self.theta = theta
        self.precision = precision
        self.answerCount = answerCount
        self.wins = wins
        self.fails = fails
        self.rightAnswersInARow = rightAnswersInARow
        self.history = history
    }
}

/// Why a stored student state cannot be used with this model.
public enum StudentStateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The state was written in a layout this library does not know.
    case unsupportedVersion(Int, supported: Int)
    /// The state belongs to another model (another fit or other data).
    case otherModel(expected: StoredStudentState.ModelStamp, found: StoredStudentState.ModelStamp)
    /// A skill id the model does not have.
    case unknownSkill(String)
    /// The numbers do not fit the model (wrong lengths, a value that is not finite, a negative count).
    case invalid(String)

    /// One line for a log or a user.
    public var description: String {
        switch self {
        case let .unsupportedVersion(found, supported):
            "student state version \(found) is not supported (this library reads version \(supported))"
        case let .otherModel(expected, found):
            "the student state belongs to the model trained at \(found.createdAt) on data \(found.dataFingerprint), "
                + "not to the one loaded (trained at \(expected.createdAt) on data \(expected.dataFingerprint)): fold the student's answers in again"
        case let .unknownSkill(id): "the student state names skill '\(id)', which is not in the model"
        case let .invalid(reason): "invalid student state: \(reason)"
        }
    }

    /// A stable code per kind of error, for a service's responses and logs.
    public var code: String {
        switch self {
        case .unsupportedVersion: "state-version"
        case .otherModel: "state-other-model"
        case .unknownSkill: "state-unknown-skill"
        case .invalid: "state-invalid"
        }
    }
}

/// `localizedDescription` is the one-line ``StudentStateError/description``.
extension StudentStateError: LocalizedError {
    public var errorDescription: String? { description }
}

extension Recommender {
    /// `state` in the form a platform keeps between requests.
    public func storedState(of state: State) -> StoredStudentState {
        let ids = model.metadata.skillIds
        func byId(_ tally: PracticeTally) -> [String: Double] {
            Dictionary(uniqueKeysWithValues: tally.map { (ids[$0.key], $0.value) })
        }
        let history = state.history
        return StoredStudentState(
            version: StoredStudentState.currentVersion, model: modelStamp, rank: model.rank, theta: state.theta,
            precision: state.precision, answerCount: state.answerCount, wins: byId(state.wins), fails: byId(state.fails),
            rightAnswersInARow: Dictionary(uniqueKeysWithValues: state.rightAnswersInARow.map { (ids[$0.key], $0.value) }),
            history: StoredStudentState.History(
                totalWins: history.totalWins, totalFails: history.totalFails, lastAnswer: byId(history.lastAnswer),
                recent: history.recent.map { answer in
                    StoredStudentState.Answer(skillIds: answer.skills.map { ids[$0] }, itemId: answer.item.map { model.itemIds[$0] },
                                              outcome: answer.outcome, time: answer.time)
                },
                rightStreak: byId(history.rightStreak), wrongStreak: byId(history.wrongStreak)))
    }

    /// The state `stored` holds, after checking that it belongs to this model and fits it.
    public func state(restoring stored: StoredStudentState) throws(StudentStateError) -> State {
        guard stored.version == StoredStudentState.currentVersion else {
            throw .unsupportedVersion(stored.version, supported: StoredStudentState.currentVersion)
        }
        guard stored.model == modelStamp else { throw .otherModel(expected: modelStamp, found: stored.model) }
        let dimension = model.rank + 1
        guard stored.rank == model.rank, stored.theta.count == dimension, stored.precision.count == dimension * dimension else {
            throw .invalid("rank \(stored.rank) with \(stored.theta.count) parameters and \(stored.precision.count) precision values; "
                + "the model has rank \(model.rank)")
        }
        guard (stored.theta + stored.precision).allSatisfy(\.isFinite) else { throw .invalid("a parameter is not a finite number") }
        guard stored.answerCount >= 0 else { throw .invalid("answer count \(stored.answerCount) is negative") }
        let history = stored.history
        var recent: [StudentAnswer] = []
        for answer in history.recent {
            guard (0...1).contains(answer.outcome) else { throw .invalid("outcome \(answer.outcome) is not in [0, 1]") }
            // An item the model does not know is planned as a typical item of its skills, as in fold-in.
            recent.append(StudentAnswer(skills: try storedSkillIndices(answer.skillIds), item: answer.itemId.flatMap { model.itemIds.index(of: $0) },
                                        outcome: answer.outcome, time: answer.time))
        }
        var runs: [Int: Int] = [:]
        for (id, run) in stored.rightAnswersInARow { runs[try skillIndexOfStored(id)] = run }
        return State(theta: stored.theta, precision: stored.precision, wins: try tally(stored.wins), fails: try tally(stored.fails),
                     answerCount: stored.answerCount, rightAnswersInARow: runs,
                     history: PracticeHistory(totalWins: history.totalWins, totalFails: history.totalFails,
                                              lastAnswer: try tally(history.lastAnswer), recent: recent,
                                              rightStreak: try tally(history.rightStreak), wrongStreak: try tally(history.wrongStreak)))
    }

    private var modelStamp: StoredStudentState.ModelStamp {
        StoredStudentState.ModelStamp(dataFingerprint: model.metadata.dataFingerprint, createdAt: model.metadata.createdAt)
    }

    private func skillIndexOfStored(_ id: String) throws(StudentStateError) -> Int {
        guard let index = model.skillIndex.index(of: id) else { throw .unknownSkill(id) }
        return index
    }

    private func storedSkillIndices(_ ids: [String]) throws(StudentStateError) -> [Int] {
        guard !ids.isEmpty else { throw .invalid("a recent answer names no skill") }
        var indices: [Int] = []
        for id in ids { indices.append(try skillIndexOfStored(id)) }
        return indices
    }

    private func tally(_ counts: [String: Double]) throws(StudentStateError) -> PracticeTally {
        var pairs: [(Int, Double)] = []
        for (id, count) in counts {
            guard count.isFinite, count >= 0 else { throw .invalid("count \(count) of skill '\(id)' is not a finite non-negative number") }
            pairs.append((try skillIndexOfStored(id), count))
        }
        return PracticeTally(pairs)
    }
}
