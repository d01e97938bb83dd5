import MasteryModel

/// How a model was fitted, typed: what ``ModelMetadata/training`` holds as strings. The file keeps
/// that string map (format 1 fixes no keys in it, and MasteryModel does not depend on the
/// trainer's types), so this record is the one reader and writer of its keys.
///
/// The rank, terms, λ and recency are the metadata's own typed fields; models written by Lotrinh
/// 0.1 also copied them into the map, and those copies are skipped when read.
public struct TrainingRecord: Sendable, Equatable {
    public var maxSweeps: Int?
    public var tolerance: Double?
    /// Nil in models written before the bias rule (``FitConfiguration/biasTolerance``).
    public var biasTolerance: Double?
    public var patience: Int?
    public var threads: Int?
    public var seed: UInt64?
    public var initialScale: Double?
    /// Why the fit stopped; nil in models written before it was recorded (Lotrinh 0.1).
    public var stopReason: StopReason?
    /// Entries other steps added, by key (the tuner's `tune.*`, see ``TuningResult/record(in:)``).
    public var notes: [String: String]

    /// What a fit with `configuration` that stopped for `stopReason` records.
    public init(configuration: FitConfiguration, stopReason: StopReason) {
        maxSweeps = configuration.maxSweeps
        tolerance = configuration.tolerance
        biasTolerance = configuration.biasTolerance
        patience = configuration.patience
        threads = configuration.threads
        seed = configuration.seed
        initialScale = configuration.initialScale
        self.stopReason = stopReason
        notes = [:]
    }

    /// The record of a model's metadata. A value that does not read as its key's type is an error
    /// naming the key and the value.
    public init(_ metadata: ModelMetadata) throws(TrainingRecordError) {
        var notes = metadata.training
        for key in Self.copiesOfTypedFields { notes[key] = nil }
        func take<Value>(_ key: Key, _ parse: (String) -> Value?) throws(TrainingRecordError) -> Value? {
            guard let text = notes.removeValue(forKey: key.rawValue) else { return nil }
            guard let value = parse(text) else { throw TrainingRecordError(key: key.rawValue, value: text) }
            return value
        }
        maxSweeps = try take(.maxSweeps) { Int($0) }
        tolerance = try take(.tolerance) { Double($0) }
        biasTolerance = try take(.biasTolerance) { Double($0) }
        patience = try take(.patience) { Int($0) }
        threads = try take(.threads) { Int($0) }
        seed = try take(.seed) { UInt64($0) }
        initialScale = try take(.initialScale) { Double($0) }
        stopReason = try take(.stopReason) { StopReason(rawValue: $0) }
        self.notes = notes
    }

    /// The string map ``ModelMetadata/training`` stores, with the keys and number formats Lotrinh
    /// 0.1 wrote (`String(value)`), so files stay readable by it.
    public var entries: [String: String] {
        var entries = notes
        let typed: [(Key, String?)] = [
            (.maxSweeps, maxSweeps.map { String($0) }), (.tolerance, tolerance.map { String($0) }),
            (.biasTolerance, biasTolerance.map { String($0) }),
            (.patience, patience.map { String($0) }), (.threads, threads.map { String($0) }), (.seed, seed.map { String($0) }),
            (.initialScale, initialScale.map { String($0) }), (.stopReason, stopReason?.rawValue),
        ]
        for case let (key, value?) in typed { entries[key.rawValue] = value }
        return entries
    }

    private enum Key: String {
        case maxSweeps, tolerance, biasTolerance, patience, threads, seed, initialScale, stopReason
    }

    /// What Lotrinh 0.1 copied from the metadata's typed fields (rank, terms, λ, recency).
    static let copiesOfTypedFields = [
        "rank", "itemBias", "practice", "practiceFeatures", "lambda.studentBias", "lambda.studentFactors", "lambda.skillBias",
        "lambda.skillFactors", "lambda.practice", "lambda.itemBias", "recency.halfLife", "onlineRecency.halfLife",
    ]
}

/// A ``ModelMetadata/training`` value that does not read as its key's type.
public struct TrainingRecordError: Error, Sendable, Equatable, CustomStringConvertible {
    public var key: String
    public var value: String

    public var description: String { "the model's training record has \(key) = \"\(value)\", which is not a valid \(key)" }
}
