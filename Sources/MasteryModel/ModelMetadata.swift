import LinearAlgebra
/// What kind of outcome a model predicts.
public enum ModelKind: String, Codable, Sendable, CaseIterable {
    /// 0/1 correctness: logistic matrix factorization, a compensatory multidimensional IRT model.
    case logistic
    /// Graded scores in [0, 1]: the same linear form without σ, fitted by weighted least squares.
    case gaussian
}

/// Which terms of the model are present, so ablations and the Rasch baseline are the same code.
public struct ModelTerms: Codable, Sendable, Equatable, Hashable {
    /// `b_i`, a bias per question (item).
    public var itemBias: Bool
    /// `γ⁺_s·log(1 + wins) + γ⁻_s·log(1 + fails)`: the practice effect, learned per skill.
    public var practice: Bool

    /// Practice terms beyond γ⁺ and γ⁻ (``PracticeFeature``), in the order of their weights in
    /// ``MasteryModel/practiceWeights``; used only with ``practice``. Empty in models written before
    /// they existed.
    public var practiceFeatures: [PracticeFeature]

    /// Terms of the *next answer's* probability only, in the order of their weights in
    /// ``MasteryModel/nextAnswerWeights``: fitted after the rest of the model, on the online
    /// predictions of its training students, and left out of mastery, fold-in and paths. They
    /// describe the moment (the last answers, the runs), not what the student has mastered, so
    /// mastery does not move with the order of the answers (BENCHMARKS.md "Next-answer terms").
    /// Empty in models written before they existed.
    public var nextAnswerFeatures: [PracticeFeature]

    /// Chooses the terms; by default item biases and γ⁺/γ⁻, without further practice features.
    public init(itemBias: Bool = true, practice: Bool = true, practiceFeatures: [PracticeFeature] = [],
                nextAnswerFeatures: [PracticeFeature] = []) {
        self.itemBias = itemBias
        self.practice = practice
        self.practiceFeatures = practiceFeatures
        self.nextAnswerFeatures = nextAnswerFeatures
    }

    /// The practice features the model actually has: none without the practice term.
    public var activePracticeFeatures: [PracticeFeature] { practice ? practiceFeatures : [] }

    /// What is wrong with ``nextAnswerFeatures`` beside the other terms, or nil: each is named
    /// once, reads the answers' order, and is not a practice feature too. The trainer refuses
    /// such a configuration and the model file such metadata.
    public var nextAnswerFeaturesProblem: String? {
        let features = nextAnswerFeatures
        if Set(features).count != features.count {
            return "next-answer features \(features.map(\.rawValue)) name one twice"
        }
        if let feature = features.first(where: { !$0.needsAnswerHistory }) {
            return "\(feature.rawValue) cannot be a next-answer feature: only features of the answers' order can"
        }
        if let feature = features.first(where: activePracticeFeatures.contains) {
            return "\(feature.rawValue) is both a practice feature and a next-answer feature"
        }
        return nil
    }

    private enum CodingKeys: String, CodingKey { case itemBias, practice, practiceFeatures, nextAnswerFeatures }

    /// Reads models written before ``practiceFeatures`` or ``nextAnswerFeatures`` existed as having none.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        itemBias = try container.decode(Bool.self, forKey: .itemBias)
        practice = try container.decode(Bool.self, forKey: .practice)
        practiceFeatures = try container.decodeIfPresent([PracticeFeature].self, forKey: .practiceFeatures) ?? []
        nextAnswerFeatures = try container.decodeIfPresent([PracticeFeature].self, forKey: .nextAnswerFeatures) ?? []
    }

    /// Written only when there are some, so that a model without them has the same metadata (and
    /// fingerprint) as before they existed.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(itemBias, forKey: .itemBias)
        try container.encode(practice, forKey: .practice)
        try container.encode(practiceFeatures, forKey: .practiceFeatures)
        if !nextAnswerFeatures.isEmpty { try container.encode(nextAnswerFeatures, forKey: .nextAnswerFeatures) }
    }
}

/// L2 strengths (ridge penalties) per parameter group. The student-side ones are also the prior
/// of fold-in: a new student starts at zero and moves with evidence.
public struct Regularization: Codable, Sendable, Equatable, Hashable {
    /// Penalty on the student biases `b_u`; also the precision of fold-in's prior on the bias.
    public var studentBias: Double
    /// Penalty on each student factor of `p_u`; also the precision of fold-in's prior on the factors.
    public var studentFactors: Double
    /// Penalty on the skill biases `b_s`.
    public var skillBias: Double
    /// Penalty on each skill factor of `q_s`.
    public var skillFactors: Double
    /// Penalty on the practice gains γ⁺_s and γ⁻_s.
    public var practice: Double
    /// Penalty on the item biases `b_i`.
    public var itemBias: Double

    /// Defaults chosen by online 5-fold cross-validation on ASSISTments 2009 (BENCHMARKS.md):
    /// strong factor penalties (16) gave the best AUC and calibration, 4 and 1 overfit. The item
    /// penalty 1 (was 2) lifts ASSISTments 2009 by 0.0016 AUC and Statics 2011 by 0.0010, with a
    /// lower log-loss on both; the simulated vn-grade6 loses 0.0006 ("The item penalty 1 as the
    /// default", BENCHMARKS.md).
    public init(studentBias: Double = 1, studentFactors: Double = 16, skillBias: Double = 0.1,
                skillFactors: Double = 16, practice: Double = 1, itemBias: Double = 1) {
        self.studentBias = studentBias
        self.studentFactors = studentFactors
        self.skillBias = skillBias
        self.skillFactors = skillFactors
        self.practice = practice
        self.itemBias = itemBias
    }
}

/// How older answers are discounted so the model reflects current mastery.
public struct Recency: Codable, Sendable, Equatable, Hashable {
    /// What ``Recency/halfLife`` counts: `answers`, the student's answers since; `days`, the time
    /// since, from the answers' Unix times. Online updates (``MasteryModel/update(_:with:)``) discount
    /// only by answers.
    public enum Unit: String, Codable, Sendable, CaseIterable { case answers, days }
    /// An answer this many units older than the student's latest one counts half; nil: no discount.
    public var halfLife: Double?
    /// The unit of ``halfLife``; ignored when there is no half-life.
    public var unit: Unit

    /// A discount by `halfLife` counted in `unit`; by default no discount.
    public init(halfLife: Double? = nil, unit: Unit = .answers) {
        self.halfLife = halfLife
        self.unit = unit
    }

    /// No discount: every answer counts fully.
    public static let none = Recency()
}

/// Everything about a model that is not a parameter array: how it was made and on what.
public struct ModelMetadata: Codable, Sendable, Equatable {
    /// What outcome the model predicts, and so its link (σ or the identity) and loss.
    public var kind: ModelKind
    /// `k`, the number of latent factors per skill and per student (0: biases only).
    public var rank: Int
    /// Which optional terms (item bias, practice) the model has.
    public var terms: ModelTerms
    /// The ridge penalties the model was trained with; fold-in takes the student-side ones as its prior.
    public var regularization: Regularization
    /// How older answers were discounted in training (the weights of training rows).
    public var recency: Recency
    /// How older answers are discounted in a student's online estimate (fold-in and the
    /// per-answer update), set apart from ``recency``: decaying a student's evidence follows a
    /// learner who has moved on, while discounting training rows only throws data away (issue
    /// 16: a training half-life of 40 answers cost 0.018 AUC on a long-history dataset). Nil in
    /// models written before this field existed, whose fold-in followed ``recency``; read it
    /// through ``foldInRecency``.
    public var onlineRecency: Recency?
    /// Skill ids, in parameter order: skill index `s` is `skillIds[s]` in every per-skill array.
    public var skillIds: [String]
    /// Display names of the skills, parallel to ``skillIds``.
    public var skillNames: [String]
    /// Prerequisite edges as (prerequisite, skill) index pairs, when a graph was given.
    public var prerequisites: [[Int]]?
    /// The fit's own settings and why it stopped, as strings (free-form so that the file format
    /// does not depend on the trainer's types): Training's `TrainingRecord` reads and writes them
    /// typed. The rank, terms, λ and recency are the typed fields above.
    public var training: [String: String]
    /// A hash of the training data, to tell which data a model came from.
    public var dataFingerprint: String
    /// Evaluation figures, by name (e.g. `train.logLoss`, `validation.auc`).
    public var metrics: [String: Double]
    /// ISO 8601 creation time.
    public var createdAt: String
    /// The ``Lotrinh/version`` of the library that made the model.
    public var libraryVersion: String
    /// Fingerprint of the pseudonymization key the student ids were made with, if any.
    public var pseudonymKeyFingerprint: String?

    /// The discount fold-in and the per-answer update apply: ``onlineRecency``, or for a model
    /// written before it existed, ``recency`` (what such a model's fold-in always did).
    public var foldInRecency: Recency { onlineRecency ?? recency }

    /// Metadata with every field given; the descriptive ones default to empty or nil, and
    /// `libraryVersion` to this build's ``Lotrinh/version``.
    public init(kind: ModelKind, rank: Int, terms: ModelTerms, regularization: Regularization, recency: Recency,
                onlineRecency: Recency? = nil, skillIds: [String], skillNames: [String], prerequisites: [[Int]]? = nil, training: [String: String] = [:],
                dataFingerprint: String = "", metrics: [String: Double] = [:], createdAt: String = "",
                libraryVersion: String = Lotrinh.version, pseudonymKeyFingerprint: String? = nil) {
        self.kind = kind
        self.rank = rank
        self.terms = terms
        self.regularization = regularization
        self.recency = recency
        self.onlineRecency = onlineRecency
        self.skillIds = skillIds
        self.skillNames = skillNames
        self.prerequisites = prerequisites
        self.training = training
        self.dataFingerprint = dataFingerprint
        self.metrics = metrics
        self.createdAt = createdAt
        self.libraryVersion = libraryVersion
        self.pseudonymKeyFingerprint = pseudonymKeyFingerprint
    }
}

/// The library's version, written into every model file.
public enum Lotrinh {
    /// This build's version, `major.minor.patch`.
    public static let version = "0.1.0"

    /// The BLAS implementation this process loaded (Debian's alternatives choose it), for
    /// `--version` and `inspect`: a slow run is easy to explain when it names reference BLAS.
    public static var blasImplementation: String { BLASRuntime.implementation.description }

    /// `--version` of both command-line tools: the library's version and the BLAS in use.
    public static var versionDescription: String { "Lotrinh \(version) (BLAS: \(blasImplementation))" }
}
