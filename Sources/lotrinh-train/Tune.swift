import ArgumentParser
import Foundation
import MasteryData
import MasteryModel
import Training

struct Tune: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Choose rank, penalties and recency half-lives by cross-validation on the training rows.",
        discussion: """
        Every candidate (a combination of --ranks, --lambda-factors, --lambda-bias, --half-lives and \
        --online-half-lives) \
        is scored on the same folds, so the comparisons are paired; the table ranks them by mean AUC, \
        then lower log-loss, then lower rank. Folds are made inside the rows tuning may use: when the \
        data has a split column with the --test-label label, those rows are held back for a final \
        test and never used here. --protocol online folds students (each held-out student's \
        answers are predicted one by one from their earlier answers), random folds answers.

        Lists are comma-separated. --lambda-bias 'default' keeps the per-group defaults (student 1, \
        skill 0.1, item 1); --half-lives 'none' means no recency discount of training rows, \
        --online-half-lives 'none' none of a student's evidence (only --protocol online tells \
        online half-lives apart). --search random tries \
        --trials combinations drawn from the grid with --seed, for large grids.

        With --out, the best candidate is fitted on all the rows tuning used and written; its file \
        records the choice (training: tune.rank, tune.lambdaFactors, …) and its cross-validation \
        scores (metrics: tune.cvAUC, tune.cvAUCStd, tune.candidates, …).

        Examples:
          lotrinh-train tune --data datasets/vn-grade6 --ranks 0,2,4 --lambda-factors 4,16 --folds 3
          lotrinh-train tune --preset assistments --data ../shared/datasets/assist2009 --half-lives none,50,200 --search random --trials 12 --out models/assist-tuned.lotrinh
          lotrinh-train tune --data datasets/vn-grade6 --protocol random --ranks 0,8 --json
        """
    )

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .customLong("protocol"), help: "online (student folds) or random (answer folds).")
    var evaluationProtocol: EvaluationProtocol = .online

    @Option(help: "Cross-validation folds inside the rows tuning may use.")
    var folds = 3

    @Option(help: ArgumentHelp("Factor ranks to try.", valueName: "list"))
    var ranks = "0,8,16,32"

    @Option(help: ArgumentHelp("L2 strengths on the factors (students and skills) to try.", valueName: "list"))
    var lambdaFactors = "4,16,64"

    @Option(help: ArgumentHelp("L2 strengths on the biases (students, skills, items) to try; 'default' keeps the per-group defaults.", valueName: "list"))
    var lambdaBias = "default"

    @Option(help: ArgumentHelp("Recency half-lives to try; 'none' for no discount.", valueName: "list"))
    var halfLives = "none"

    @Option(help: ArgumentHelp("Half-lives in answers of the evidence in a student's online estimate to try (fold-in and per-answer update; the fit is the same); 'none' for no discount.", valueName: "list"))
    var onlineHalfLives = OnlineHalfLife.defaultValue.description

    @Option(help: "Unit of --half-lives (training rows): answers or days.")
    var halfLifeUnit: Recency.Unit = .answers

    @Option(help: "grid (every combination) or random (--trials of them).")
    var search: SearchKind = .grid

    @Option(help: "Combinations to try with --search random.")
    var trials = 10

    @Option(help: "Random seed of the folds, the random search and every fit.")
    var seed: UInt64 = 1

    @Flag(name: .customLong("no-item-bias"), help: "Leave out the per-question bias b_i in every candidate.")
    var noItemBias = false

    @Flag(name: .customLong("no-practice"), help: "Leave out the practice terms in every candidate.")
    var noPractice = false

    @Option(help: ArgumentHelp("The next-answer terms of every candidate, as fit's option: 'auto' (the default), 'none', or a list.", valueName: "auto|list|none"))
    var nextAnswerFeatures = NextAnswerFeatureList.auto

    @Option(help: "Upper bound on sweeps per fit.")
    var maxSweeps = FitConfiguration.defaultMaxSweeps

    @Option(help: "Worker threads (default: all cores).")
    var threads = FitConfiguration.availableCores

    @Option(help: "Rows with this split-column label are a final test set that tuning never uses (an error when no row has it). Default: 'test' when that label occurs.")
    var testLabel: String?

    @Flag(help: "Use every row, even when the data has a split column with test rows.")
    var ignoreSplitColumn = false

    @Option(help: ArgumentHelp("Fit the best candidate on the rows tuning used and write the model here.", valueName: "file"))
    var out: String?

    @Flag(help: "Print the ranked table and the best candidate as JSON.")
    var json = false

    @Flag(help: "Print no progress.")
    var quiet = false

    enum SearchKind: String, ExpressibleByArgument, CaseIterable { case grid, random }

    func validate() throws {
        guard (2...255).contains(folds) else { throw ValidationError("--folds must be between 2 and 255") }
        guard trials >= 1 else { throw ValidationError("--trials must be at least 1") }
        guard maxSweeps >= 1 else { throw ValidationError("--max-sweeps must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        _ = try space()
        if testLabel != nil, ignoreSplitColumn {
            throw ValidationError("--test-label names rows of the split column, which --ignore-split-column ignores: give one of them")
        }
    }

    func run() throws {
        let dataset = try dataOptions.load(quiet: quiet || json)
        let data = dataset.responses
        let allowedRows = try allowedRows(data)
        let options = TuningOptions(evaluationProtocol: evaluationProtocol, space: try space(),
                                    search: search == .grid ? .grid : .random(trials: trials, seed: seed), folds: folds,
                                    base: base, allowedRows: allowedRows, graph: dataset.graph,
                                    progress: quiet || json ? nil : Self.reportProgress)
        if !quiet && !json {
            let rows = allowedRows.map { "\($0.count) of \(data.rowCount) rows (rows labelled '\(testLabel ?? "test")' held back)" } ?? "all \(data.rowCount) rows"
            writeToStandardError("tune: \(evaluationProtocol.rawValue) protocol, \(folds) folds on \(rows)\n")
        }
        let start = Date()
        let result = try Tuner.tune(data, options: options)
        let seconds = Date().timeIntervalSince(start)
        if let out { try writeBest(result, dataset: dataset, allowedRows: allowedRows, to: out) }
        if json {
            let encoder = JSONOutput.encoder()
            print(String(decoding: try encoder.encode(TuneSummary(result: result, seconds: seconds, out: out)), as: UTF8.self))
        } else {
            print(render(result, seconds: seconds))
        }
    }

    /// Everything but the tuned values.
    private var base: FitConfiguration {
        var config = FitConfiguration(terms: ModelTerms(itemBias: !noItemBias, practice: !noPractice,
                                                        practiceFeatures: FitConfiguration.defaultPracticeFeatures,
                                                        nextAnswerFeatures: nextAnswerFeatures.features),
                                      recency: Recency(unit: halfLifeUnit),
                                      maxSweeps: maxSweeps, threads: threads, seed: seed)
        config.addsNextAnswerTerms = nextAnswerFeatures.isAuto
        return config
    }

    private func space() throws -> TuningSpace {
        let space = TuningSpace(
            ranks: try Self.list(ranks, option: "--ranks", expected: "an integer") { Int($0) },
            factorLambdas: try Self.list(lambdaFactors, option: "--lambda-factors", expected: "a number") { Double($0) },
            biasLambdas: try Self.list(lambdaBias, option: "--lambda-bias", expected: "a number or 'default'") { item -> Double?? in
                item == "default" ? .some(nil) : Double(item).map { .some($0) }
            },
            halfLives: try Self.list(halfLives, option: "--half-lives", expected: "a number or 'none'") { item -> Double?? in
                item == "none" ? .some(nil) : Double(item).map { .some($0) }
            },
            onlineHalfLives: try Self.list(onlineHalfLives, option: "--online-half-lives", expected: "a number or 'none'") { item -> Double?? in
                guard let halfLife = OnlineHalfLife(argument: item) else { return nil }
                return .some(halfLife.answers)
            })
        do {
            try space.validate()
        } catch {
            throw ValidationError("invalid grid: \(error)")
        }
        return space
    }

    /// Parses a comma-separated option, naming the option and the bad item on failure.
    private static func list<Value>(_ text: String, option: String, expected: String,
                                    parse: (String) -> Value?) throws -> [Value] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        return try items.map { item in
            guard let value = parse(item) else { throw ValidationError("\(option): '\(item)' is not \(expected)") }
            return value
        }
    }

    /// The rows tuning may use: all but the final test rows of the split column, if it has them. A
    /// label given with --test-label must occur: tuning on every row would leak the test rows.
    private func allowedRows(_ data: ResponseData) throws -> [Int]? {
        if let testLabel {
            do {
                return try data.columnSplit(testLabels: [testLabel]).rows(in: 0)
            } catch {
                throw ValidationError("--test-label \(testLabel): \(error)")
            }
        }
        guard !ignoreSplitColumn, data.splitLabels.contains("test") else { return nil }
        return try data.columnSplit(testLabels: ["test"]).rows(in: 0)
    }

    /// Fits the best configuration on the rows tuning used and writes it with the tuning recorded.
    private func writeBest(_ result: TuningResult, dataset: Dataset, allowedRows: [Int]?, to out: String) throws {
        let config = result.bestConfiguration
        let log = FitLog(quiet: quiet || json, maxSweeps: config.maxSweeps)
        log.start(dataset: dataset, config: config)
        let fit = try Trainer.fit(dataset.responses, skills: dataset.skills, graph: dataset.graph, configuration: config,
                                  trainRows: allowedRows, pseudonymKeyFingerprint: try dataOptions.pseudonymizer()?.keyFingerprint,
                                  progress: log.sweep)
        log.finish(fit)
        var model = fit.model
        result.record(in: &model.metadata)
        try model.write(to: out)
        if !quiet && !json { writeToStandardError("wrote \(out)\n") }
    }

    private func render(_ result: TuningResult, seconds: Double) -> String {
        var lines = ["Tuning: \(result.evaluationProtocol.rawValue) protocol, \(result.folds) folds on \(result.allowedRows) rows, "
            + "\(result.trials.count) candidates (\(search.rawValue) search), \(String(format: "%.1f", seconds)) s", ""]
        lines.append("   #  rank  λ factors   λ bias  half-life  online  AUC               log-loss          seconds")
        for (index, trial) in result.trials.enumerated() {
            let candidate = trial.candidate
            let settings = [Self.right(index + 1, 4), Self.right(candidate.rank, 4),
                            Self.right(TuningCandidate.formatted(candidate.factorLambda), 9),
                            Self.right(candidate.biasLambda.map(TuningCandidate.formatted) ?? "default", 7),
                            Self.right(candidate.halfLife.map(TuningCandidate.formatted) ?? "off", 9),
                            Self.right(candidate.onlineHalfLife.map(TuningCandidate.formatted) ?? "off", 6)].joined(separator: "  ")
            guard let summary = trial.summary else {
                lines.append("\(settings)  failed: \(trial.failure ?? "no fold could be scored")")
                continue
            }
            let auc = summary.auc.map { $0.formatted(totalFolds: summary.folds) } ?? "—"
            lines.append("\(settings)  \(auc.padding(toLength: 16, withPad: " ", startingAt: 0))  "
                + "\(summary.logLoss.description.padding(toLength: 16, withPad: " ", startingAt: 0))  "
                + String(format: "%7.1f", trial.seconds))
        }
        lines += ["", "Best: \(result.best.candidate) — \(Self.scores(result.best))"]
        if let out { lines.append("Model: \(out) (fitted on the \(result.allowedRows) rows tuning used)") }
        return lines.joined(separator: "\n")
    }

    /// One line per candidate on standard error, as it finishes.
    @Sendable private static func reportProgress(_ trial: TuningTrial, done: Int, total: Int) {
        writeToStandardError("tune: [\(done)/\(total)] \(trial.candidate): \(scores(trial)) (\(String(format: "%.1f", trial.seconds)) s)\n")
    }

    /// Right-aligned in `width` columns, for the table's numbers.
    private static func right(_ value: some CustomStringConvertible, _ width: Int) -> String {
        let text = value.description
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// `AUC 0.7812 ± 0.0040, log-loss 0.5123 ± 0.0031`, or why the trial failed.
    private static func scores(_ trial: TuningTrial) -> String {
        guard let summary = trial.summary else { return "failed: \(trial.failure ?? "no fold could be scored")" }
        let auc = summary.auc.map { "AUC \($0), " } ?? ""
        return "\(auc)log-loss \(summary.logLoss)"
    }
}

/// What `tune --json` prints.
struct TuneSummary: Encodable {
    var evaluationProtocol: EvaluationProtocol
    var folds: Int
    var allowedRows: Int
    var seconds: Double
    var best: TuningTrial
    var bestConfiguration: FitConfiguration
    /// Best first.
    var trials: [TuningTrial]
    var out: String?

    init(result: TuningResult, seconds: Double, out: String?) {
        evaluationProtocol = result.evaluationProtocol
        folds = result.folds
        allowedRows = result.allowedRows
        self.seconds = seconds
        best = result.best
        bestConfiguration = result.bestConfiguration
        trials = result.trials
        self.out = out
    }
}
