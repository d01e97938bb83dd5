import Foundation
import MasteryData
import MasteryModel

/// The options of a fit. Defaults suit answer data of a school system (the bias and practice
/// terms carry most of the accuracy; the factors add a little, see ``defaultRank``).
public struct FitConfiguration: Sendable, Equatable, Codable {
    public var rank: Int
    public var terms: ModelTerms
    public var regularization: Regularization
    /// The discount of training rows by age.
    public var recency: Recency
    /// The discount of a student's evidence by age in fold-in and the per-answer update
    /// (``ModelMetadata/onlineRecency``); the fit itself does not use it.
    public var onlineRecency: Recency = FitConfiguration.defaultOnlineRecency
    /// Upper bound on sweeps (one sweep updates students, items and μ, then skills).
    public var maxSweeps: Int
    /// Stop when the objective's relative change over a sweep falls below this (and no bias
    /// moved by more than ``biasTolerance``).
    public var tolerance: Double
    /// Stop only when no bias moved by more than this in the last sweep
    /// (``SweepReport/largestBiasMove``), in the link's units: logits, or points of score (on
    /// a 0–1 scale) for graded data, where the default allows 2 percentage points.
    public var biasTolerance = FitConfiguration.defaultBiasTolerance
    /// Stop when the validation loss has not improved for this many sweeps (the best sweep's
    /// parameters are kept).
    public var patience: Int
    /// Worker threads; BLAS runs single-threaded inside them.
    public var threads: Int
    public var seed: UInt64
    /// Standard deviation of the initial factors.
    public var initialScale: Double
    /// Whether the fit raises λ_factors with the size of the matrix (``factorPenaltyScale(answers:students:skills:)``):
    /// true for the default penalty, false when it was chosen (`--lambda-factors`, a tuning
    /// candidate). The model keeps the λ it was fitted with, which fold-in uses as its prior.
    public var scalesFactorPenalty = true
    /// Whether a fit given a prerequisite graph with edges adds ``relatedPracticeFeatures`` to the
    /// practice features (see ``resolvingRelatedPractice(graph:)``): true by default, false when
    /// the features were named (`--practice-features LIST`). Without a graph nothing is added.
    public var addsRelatedPractice = true
    /// Whether a fit of 0/1 answers that names no next-answer features adds
    /// ``recommendedNextAnswerFeatures`` (see ``resolvingNextAnswerTerms(binary:)``). False here,
    /// so that a configuration built in code fits exactly the terms it names; `lotrinh-train`'s
    /// default (`--next-answer-features auto`) sets it.
    public var addsNextAnswerTerms = false

    public init(rank: Int = FitConfiguration.defaultRank, terms: ModelTerms = FitConfiguration.defaultTerms,
                regularization: Regularization = Regularization(),
                recency: Recency = .none, maxSweeps: Int = FitConfiguration.defaultMaxSweeps,
                tolerance: Double = FitConfiguration.defaultTolerance, patience: Int = 3,
                threads: Int = FitConfiguration.availableCores, seed: UInt64 = 1, initialScale: Double = 0.1) {
        self.rank = rank
        self.terms = terms
        self.regularization = regularization
        self.recency = recency
        self.maxSweeps = maxSweeps
        self.tolerance = tolerance
        self.patience = patience
        self.threads = threads
        self.seed = seed
        self.initialScale = initialScale
    }

    /// A relative change of the objective of 2·10⁻⁴ in a sweep: the fit stops when a sweep lowers
    /// the objective by less than 0.02 % (and ``defaultBiasTolerance`` holds). With the bias rule
    /// (BENCHMARKS.md "Fewer sweeps and less memory") the shared datasets fit in 15, 12 and 10
    /// sweeps instead of 17, 15 and 25 at the earlier 10⁻⁵ (ASSISTments 2009, Statics 2011,
    /// Junyi 2015) with the same online AUC, and a province's fit (100 M answers) in 11 instead
    /// of 35, where the held-out loss had stopped improving at sweep 3.
    public static let defaultTolerance = 2e-4

    /// 0.02 logits: a sweep that moves no bias by more than this moves no probability through a
    /// bias by more than half a percentage point (σ′ ≤ ¼). The objective's change alone can be
    /// small while the biases still crawl along a direction the loss barely sees: on a cohort
    /// where one skill holds 70 % of the rows, 99.9 % of them wrong, the fit met the tolerance
    /// with biases moving 0.1 logits a sweep and gradients of 0.4 (`AdversarialFitTests`).
    public static let defaultBiasTolerance = 0.02

    /// The upper bound on sweeps, far above what the default tolerance needs.
    public static let defaultMaxSweeps = 100

    /// Rank 32, chosen by cross-validation on the three shared datasets together (online protocol,
    /// 5 folds on ASSISTments 2009 and Statics 2011, Junyi 2015 random and online; λ_factors 16, the
    /// online half-life of 50 answers; BENCHMARKS.md "The default rank"): AUC rises with the rank
    /// on every set up to 32 (ASSISTments 0.7799 at rank 0, 0.7809 at 8, 0.7819 at 32; Junyi
    /// online 0.8220, 0.8223, 0.8238), and rank 32 is the best or level with the best on each.
    /// Rank 8 had been chosen on ASSISTments 2009 alone, before the online half-life.
    public static let defaultRank = 32

    /// The further practice features that help on the shared datasets (online protocol;
    /// BENCHMARKS.md "Richer practice features"): the five that look at the row's own skill lift
    /// ASSISTments 2009 from 0.7819 to 0.7879 and Statics 2011 from 0.8291 to 0.8319 and leave
    /// Junyi's random split as it was. The totals over every skill and the previous answer help
    /// the ordered sets a little more but cost 0.0013 on Junyi's random split, whose rows are in
    /// no order. `lotrinh-train --practice-features recommended` fits with these.
    public static let recommendedPracticeFeatures: [PracticeFeature] = [.recentAttempts, .recentWins, .answersSince,
                                                                        .rightStreak, .wrongStreak]

    /// The further practice features of a default fit, before ``relatedPracticeFeatures`` are
    /// added for a fit with a graph (``addsRelatedPractice``): none yet. With the recommended set the
    /// online AUC rises (ASSISTments 2009 0.7819 → 0.7879, Statics 2011 0.8291 → 0.8319) and the
    /// policy bench stays ahead in every cell, but the diagnostic replay falls behind random order
    /// on both datasets: the window and run terms make a skill's estimate depend on the order and
    /// recency of its answers, which a diagnostic that replays a student's answers in another
    /// order cannot reproduce (BENCHMARKS.md "The recommended features as the default, measured").
    public static let defaultPracticeFeatures: [PracticeFeature] = []

    /// The order features as terms of the next answer's probability only (``ModelTerms/nextAnswerFeatures``,
    /// fitted by ``NextAnswerFit`` after the model): every feature of the answers' order. The window,
    /// run and previous-answer terms describe the moment rather than what the student has mastered.
    public static let recommendedNextAnswerFeatures: [PracticeFeature] = [.recentAttempts, .recentWins, .answersSince,
                                                                          .rightStreak, .wrongStreak, .previousWin, .previousFail,
                                                                          .totalWins, .totalFails]

    /// Practice on the skills next to each skill in the prerequisite graph, which a default fit
    /// adds whenever it has a graph (``addsRelatedPractice``). They tell about a skill the student
    /// has not answered from what they did on its prerequisites and dependents: Junyi 2015 (online
    /// AUC) 0.8236 → 0.8261, random split 0.8284 → 0.8301, vn-grade6 0.8182 → 0.8187
    /// (BENCHMARKS.md "Practice on related skills in the engine"). They count lifetime answers,
    /// so they do not depend on answer order the way the window terms do.
    public static let relatedPracticeFeatures: [PracticeFeature] = [.relatedWins, .relatedFails]

    /// This configuration with ``relatedPracticeFeatures`` added to its practice features (each
    /// not named already) when ``addsRelatedPractice`` holds, the practice terms are on and
    /// `graph` has an edge; ``addsRelatedPractice`` is false in the result, which is what a fit
    /// records. `Trainer.fit` applies it; a caller that lists the fit's terms first (an
    /// ablation) applies it too.
    public func resolvingRelatedPractice(graph: PrerequisiteGraph?) -> FitConfiguration {
        var resolved = self
        resolved.addsRelatedPractice = false
        guard addsRelatedPractice, terms.practice, let graph, graph.edgeCount > 0 else { return resolved }
        for feature in Self.relatedPracticeFeatures where !terms.practiceFeatures.contains(feature) {
            resolved.terms.practiceFeatures.append(feature)
        }
        return resolved
    }

    /// The terms a fit will have: ``resolvingRelatedPractice(graph:)``, then
    /// ``resolvingNextAnswerTerms(binary:)`` for answers that are 0/1 when `binary`. `Trainer.fit`
    /// applies it; a caller that shows or lists the fit's terms first (the fit's log, an ablation)
    /// applies it too.
    public func resolvingAddedTerms(graph: PrerequisiteGraph?, binary: Bool) -> FitConfiguration {
        resolvingRelatedPractice(graph: graph).resolvingNextAnswerTerms(binary: binary)
    }

    /// This configuration with ``recommendedNextAnswerFeatures`` (those not already practice
    /// features) as its next-answer terms when ``addsNextAnswerTerms`` holds, the answers are 0/1
    /// and it names none; ``addsNextAnswerTerms`` is false in the result. `Trainer.fit` applies it.
    public func resolvingNextAnswerTerms(binary: Bool) -> FitConfiguration {
        var resolved = self
        resolved.addsNextAnswerTerms = false
        guard addsNextAnswerTerms, binary, terms.nextAnswerFeatures.isEmpty else { return resolved }
        resolved.terms.nextAnswerFeatures = Self.recommendedNextAnswerFeatures.filter { !terms.activePracticeFeatures.contains($0) }
        return resolved
    }

    /// Item biases, γ⁺/γ⁻ and ``defaultPracticeFeatures``.
    public static var defaultTerms: ModelTerms { ModelTerms(practiceFeatures: defaultPracticeFeatures) }

    /// √(N·max(m, n)/(m·n)) of ASSISTments 2009 (N = 325,589 answers, m = 4,150 students,
    /// n = 110 skills: 54.40, rounded up), the largest among the shared datasets on which λ_factors 16 was chosen.
    public static let factorPenaltyReference = 54.5

    /// The multiple of λ_factors for a matrix of `answers` rows over `students` and `skills`:
    /// `max(1, √(N·max(m, n)/(m·n)) / 54.5)`.
    ///
    /// At its optimum the ridge on both sides, `λ(Σ‖p_u‖² + Σ‖q_s‖²)`, is the nuclear-norm penalty
    /// `2λ‖PQᵀ‖_*`, whose strength matrix-completion theory scales as √(N·max(m, n)/(m·n))
    /// (Negahban & Wainwright 2012). λ 16 was chosen where that is at most 54.4. With 200,000
    /// students or more it overfits: held-out loss rises from the first sweep, past a coin's
    /// (BENCHMARKS.md "Held-out loss on school-shaped matrices"). The rule keeps every shared
    /// dataset's λ, and it called for 42 and 59 on two such files: flat at 42 (0.598–0.604),
    /// still rising at 32 where it asks 59, falling at 64.
    public static func factorPenaltyScale(answers: Int, students: Int, skills: Int) -> Double {
        guard answers > 0, students > 0, skills > 0 else { return 1 }
        let value = (Double(answers) * Double(max(students, skills)) / (Double(students) * Double(skills))).squareRoot()
        return max(1, value / factorPenaltyReference)
    }

    /// The ranks a fit accepts, the one limit every command and the tuner check: beyond 512 each
    /// student's normal matrix ((k + 1)² values) and every worker's buffers outgrow what answer
    /// data can support (rank 64 already adds nothing on the shared datasets).
    public static let rankRange = 0...512

    /// The ridge strengths (λ) the commands and the tuner accept: below about 1e-10 the penalty no
    /// longer keeps the normal matrices positive definite in double precision (a fit would fail
    /// later with a Cholesky error instead of this), and above 1e10 it leaves nothing to learn.
    /// `Trainer` itself takes any positive finite λ (an enormous one pins every penalized
    /// parameter at zero, which the robustness tests rely on).
    public static let lambdaRange = 1e-10...1e10

    /// The bounds of ``lambdaRange`` as people write them ("1e-10", "1e10"), for messages.
    public static var lambdaBounds: (lower: String, upper: String) {
        let written = { (value: Double) in String(format: "%g", value).replacingOccurrences(of: "e+", with: "e") }
        return (written(lambdaRange.lowerBound), written(lambdaRange.upperBound))
    }

    /// A half-life of 50 answers in the online estimate, chosen on the shared datasets (online
    /// protocol, 5 folds; BENCHMARKS.md "Recency in the online estimate"): AUC 0.7800 → 0.7809 on
    /// ASSISTments 2009, 0.8274 → 0.8291 on Statics 2011, 0.8224 → 0.8223 on Junyi 2015, beside 10,
    /// 25, 100 and 200 answers. Counted in answers, never days: the per-answer update decays by
    /// answers, and fold-in must agree with it.
    public static let defaultOnlineRecency = Recency(halfLife: 50, unit: .answers)

    /// The Rasch (1PL IRT) baseline: `μ + b_u + b_s`, no factors, items or practice terms.
    /// Its online estimate weighs every answer alike, as Rasch does.
    public static var rasch: FitConfiguration {
        var config = FitConfiguration(rank: 0, terms: ModelTerms(itemBias: false, practice: false))
        config.onlineRecency = .none
        return config
    }

    public static var availableCores: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
