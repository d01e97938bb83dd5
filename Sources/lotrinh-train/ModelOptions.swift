import ArgumentParser
import MasteryModel
import Training

/// The model and fitting options that `fit` (and later `evaluate` and `tune`) share.
struct ModelOptions: ParsableArguments {
    @Option(help: "Rank of the student and skill factors (0: no factors; with --no-item-bias --no-practice that is the Rasch model).")
    var rank = FitConfiguration.defaultRank

    @Flag(name: .customLong("no-item-bias"), help: "Leave out the per-question bias b_i.")
    var noItemBias = false

    @Flag(name: .customLong("no-practice"), help: "Leave out the practice terms γ⁺·log(1+wins) + γ⁻·log(1+fails).")
    var noPractice = false

    @Option(help: ArgumentHelp("Further practice terms, comma-separated, each with its own weight per skill: \(PracticeFeature.allCases.map(\.rawValue).joined(separator: ", ")). 'auto' (the default): \(FitConfiguration.relatedPracticeFeatures.map(\.rawValue).joined(separator: ",")) when the data has a prerequisite graph, none otherwise; 'recommended': the five that help on ordered data (\(FitConfiguration.recommendedPracticeFeatures.map(\.rawValue).joined(separator: ","))), plus the related pair with a graph; 'none': only γ⁺ and γ⁻. A list is used exactly as given.", valueName: "auto|list|recommended|none"))
    var practiceFeatures = PracticeFeatureList.auto

    @Option(help: ArgumentHelp("Terms of the next answer's probability only, one weight each shared by every skill, fitted after the model on its training students' answers folded in one by one, and left out of mastery, paths and diagnostics. 'auto' (the default): \(FitConfiguration.recommendedNextAnswerFeatures.map(\.rawValue).joined(separator: ",")) for 0/1 answers (less any named by --practice-features), none for graded scores; 'none'; or a comma-separated list of those features of the answers' order.", valueName: "auto|list|none"))
    var nextAnswerFeatures = NextAnswerFeatureList.auto

    @Option(help: "L2 strength on every factor (students and skills). Default 16, raised with the size of the data when it has more answers per skill and student than ASSISTments 2009 (√(answers·max(students, skills)/(students·skills)) over 54.5); a value given here is used as it is.")
    var lambdaFactors: Double?

    @Option(help: "L2 strength on every bias (students, skills, items).")
    var lambdaBias: Double?

    @Option(help: "L2 strength on the student biases b_u (also fold-in's prior on them); overrides --lambda-bias for them.")
    var lambdaStudentBias: Double?

    @Option(help: "L2 strength on the skill biases b_s; overrides --lambda-bias for them.")
    var lambdaSkillBias: Double?

    @Option(help: "L2 strength on the question biases b_i; overrides --lambda-bias for them.")
    var lambdaItemBias: Double?

    @Option(help: "L2 strength on the practice gains γ.")
    var lambdaPractice: Double?

    @Option(help: ArgumentHelp("Discount older answers: an answer this far behind the student's latest counts half.", valueName: "n"))
    var halfLife: Double?

    @Option(help: ArgumentHelp("Discount older answers in a student's online estimate (fold-in and per-answer update) only: an answer this many answers behind the student's latest counts half; 'none' for no discount. Training rows keep their weights.", valueName: "n|none"))
    var onlineHalfLife = OnlineHalfLife.defaultValue

    @Option(help: "Unit of --half-life: answers or days.")
    var halfLifeUnit: Recency.Unit = .answers

    @Option(help: "Upper bound on sweeps.")
    var maxSweeps = FitConfiguration.defaultMaxSweeps

    @Option(help: "Stop when the objective changes by less than this fraction in a sweep (and --bias-tolerance holds).")
    var tolerance = FitConfiguration.defaultTolerance

    @Option(help: ArgumentHelp("Stop only when no bias (student, skill or item) moved by more than this in the last sweep: logits, or points of a 0–1 score for graded data.", valueName: "logits"))
    var biasTolerance = FitConfiguration.defaultBiasTolerance

    @Option(help: "Worker threads (default: all cores).")
    var threads = FitConfiguration.availableCores

    @Option(help: "Random seed (the same seed and thread count give a bit-identical model).")
    var seed: UInt64 = 1

    func validate() throws {
        let ranks = FitConfiguration.rankRange, lambdas = FitConfiguration.lambdaRange
        guard ranks.contains(rank) else { throw ValidationError("--rank must be between \(ranks.lowerBound) and \(ranks.upperBound)") }
        // Each worker thread keeps its own solver buffers and slot tables (skills-sized): thousands
        // of them only cost memory and start-up time on a machine with a few cores.
        let threadLimit = max(64, 4 * FitConfiguration.availableCores)
        guard (1...threadLimit).contains(threads) else {
            throw ValidationError("--threads must be between 1 and \(threadLimit) on this machine (4 per core, at least 64), got \(threads)")
        }
        guard (1...100_000).contains(maxSweeps) else { throw ValidationError("--max-sweeps must be between 1 and 100000, got \(maxSweeps)") }
        guard tolerance > 0, tolerance < 1 else {
            throw ValidationError("--tolerance must be a number strictly between 0 and 1 (a relative change of the objective), got \(tolerance)")
        }
        guard biasTolerance > 0, biasTolerance.isFinite else {
            throw ValidationError("--bias-tolerance must be a positive number of logits, got \(biasTolerance)")
        }
        for (name, value) in [("--lambda-factors", lambdaFactors), ("--lambda-bias", lambdaBias),
                              ("--lambda-student-bias", lambdaStudentBias), ("--lambda-skill-bias", lambdaSkillBias),
                              ("--lambda-item-bias", lambdaItemBias), ("--lambda-practice", lambdaPractice)] {
            guard let value else { continue }
            guard lambdas.contains(value) else {
                let bounds = FitConfiguration.lambdaBounds
                throw ValidationError("\(name) must be between \(bounds.lower) and \(bounds.upper) (the ridge penalty's strength), got \(value)")
            }
        }
        if let halfLife, !(halfLife > 0 && halfLife.isFinite) { throw ValidationError("--half-life must be a positive number, got \(halfLife)") }
    }

    var configuration: FitConfiguration {
        var config = FitConfiguration(rank: rank, terms: ModelTerms(itemBias: !noItemBias, practice: !noPractice,
                                                                    practiceFeatures: practiceFeatures.features,
                                                                    nextAnswerFeatures: nextAnswerFeatures.features),
                                      recency: Recency(halfLife: halfLife, unit: halfLifeUnit),
                                      maxSweeps: maxSweeps, tolerance: tolerance, threads: threads, seed: seed)
        config.biasTolerance = biasTolerance
        config.addsRelatedPractice = practiceFeatures.addsRelatedPractice
        config.addsNextAnswerTerms = nextAnswerFeatures.isAuto
        if let lambdaFactors {
            config.regularization.studentFactors = lambdaFactors
            config.regularization.skillFactors = lambdaFactors
            config.scalesFactorPenalty = false
        }
        if let lambdaBias {
            config.regularization.studentBias = lambdaBias
            config.regularization.skillBias = lambdaBias
            config.regularization.itemBias = lambdaBias
        }
        if let lambdaStudentBias { config.regularization.studentBias = lambdaStudentBias }
        if let lambdaSkillBias { config.regularization.skillBias = lambdaSkillBias }
        if let lambdaItemBias { config.regularization.itemBias = lambdaItemBias }
        if let lambdaPractice { config.regularization.practice = lambdaPractice }
        config.onlineRecency = onlineHalfLife.recency
        return config
    }
}

extension Recency.Unit: ExpressibleByArgument {}

/// `--practice-features`: practice feature names, comma-separated, each once, or `none`.
struct PracticeFeatureList: ExpressibleByArgument, Equatable, CustomStringConvertible {
    let features: [PracticeFeature]
    /// Whether the fit adds the related pair when the data has a graph (`FitConfiguration.addsRelatedPractice`).
    let addsRelatedPractice: Bool
    private let name: String?

    /// The default: the library's default features, and the related pair with a graph.
    static let auto = PracticeFeatureList(features: FitConfiguration.defaultPracticeFeatures, addsRelatedPractice: true, name: "auto")

    init(_ features: [PracticeFeature]) {
        self.init(features: features, addsRelatedPractice: false, name: nil)
    }

    private init(features: [PracticeFeature], addsRelatedPractice: Bool, name: String?) {
        self.features = features
        self.addsRelatedPractice = addsRelatedPractice
        self.name = name
    }

    init?(argument: String) {
        switch argument {
        case "auto":
            self = .auto
        case "none":
            self.init([])
        case "recommended":
            self.init(features: FitConfiguration.recommendedPracticeFeatures, addsRelatedPractice: true, name: "recommended")
        default:
            guard let parsed = Self.features(named: argument) else { return nil }
            self.init(parsed)
        }
    }

    /// Feature names, comma-separated, each known and named once; nil otherwise.
    static func features(named argument: String) -> [PracticeFeature]? {
        let parsed = argument.split(separator: ",", omittingEmptySubsequences: false).map { PracticeFeature(rawValue: String($0)) }
        guard !parsed.isEmpty, parsed.allSatisfy({ $0 != nil }), Set(parsed).count == parsed.count else { return nil }
        return parsed.map { $0! }
    }

    var description: String { name ?? (features.isEmpty ? "none" : features.map(\.rawValue).joined(separator: ",")) }
    var defaultValueDescription: String { description }
}

/// `--next-answer-features`: `auto`, `none`, or feature names of the answers' order, comma-separated, each once.
struct NextAnswerFeatureList: ExpressibleByArgument, Equatable, CustomStringConvertible {
    /// The default: ``FitConfiguration/recommendedNextAnswerFeatures`` for 0/1 answers, resolved by the fit.
    static let auto = NextAnswerFeatureList(features: [], isAuto: true)

    let features: [PracticeFeature]
    /// Whether the fit chooses (``FitConfiguration/addsNextAnswerTerms``).
    let isAuto: Bool

    init?(argument: String) {
        switch argument {
        case "auto": self = .auto
        case "none": self.init(features: [], isAuto: false)
        default:
            guard let parsed = PracticeFeatureList.features(named: argument), parsed.allSatisfy(\.needsAnswerHistory) else { return nil }
            self.init(features: parsed, isAuto: false)
        }
    }

    private init(features: [PracticeFeature], isAuto: Bool) {
        self.features = features
        self.isAuto = isAuto
    }

    var description: String { isAuto ? "auto" : features.isEmpty ? "none" : features.map(\.rawValue).joined(separator: ",") }
    var defaultValueDescription: String { description }
}

/// `--online-half-life`: a number of answers, or `none`; the default is the library's
/// (``FitConfiguration/defaultOnlineRecency``).
struct OnlineHalfLife: ExpressibleByArgument, Equatable, CustomStringConvertible {
    static let defaultValue = OnlineHalfLife(answers: FitConfiguration.defaultOnlineRecency.halfLife)

    let answers: Double?

    init(answers: Double?) {
        self.answers = answers
    }

    init?(argument: String) {
        if argument == "none" {
            answers = nil
        } else if let value = Double(argument), value > 0, value.isFinite {
            answers = value
        } else {
            return nil
        }
    }

    var recency: Recency { Recency(halfLife: answers, unit: .answers) }

    var description: String { answers.map(TuningCandidate.formatted) ?? "none" }
    var defaultValueDescription: String { description }
}
