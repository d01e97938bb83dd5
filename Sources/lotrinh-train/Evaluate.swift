import ArgumentParser
import Foundation
import MasteryData
import MasteryModel
import Training

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure how well a model predicts held-out answers, beside the baselines, by cross-validation.",
        discussion: """
        Protocols (both leak-free: the rows of one multi-skill question are never split, and a \
        question is predicted once, by the mean of its skills' logits):
          online  split by student; each held-out student's answers are predicted one by one from \
        their earlier answers only (the first from the population prior), as in the \
        knowledge-tracing literature.
          random  hold out answers of students the model knows from their other answers.
          diagnostic  replay diagnostics: each held-out student (split by student, --folds; \
        students with at least --diagnostic-min-answers) is asked one question at a time among the \
        items they actually answered, and only the answers asked are folded in. After k = 1 ... \
        --diagnostic-questions questions: AUC and log-loss of their remaining answers, and the \
        agreement of mastered / not mastered (at --diagnostic-threshold) with the estimate from all \
        their answers; for the adaptive diagnostic (Recommender.diagnose), a random order, the \
        student's own order, and the most-answered items first.

        Folds come from the data's split column when there is one (--preset maps ASSISTments' \
        akt_fold, Junyi's conecd_split, Statics' dkvmn_split): a column with a 'test' label gives one \
        fold (the other labels train), otherwise each label is a fold; --test-label K makes the rows \
        labelled K the one test fold (K must occur). Without a split column, \
        --folds K splits students (online) or answers (random) at random.

        Every report shows, from the same folds: the global rate, the per-skill rate, BKT (standard \
        and with forgetting, fitted per skill by EM on the training rows), the Rasch model (rank 0, \
        no items, no practice terms) and the model. --json adds each skill's AUC per predictor; \
        --predictions writes every held-out answer with the model's probability; --report FILE.html \
        draws the report on one page (reliability diagram, learning curves, per-skill AUC and log-loss).

        Examples:
          lotrinh-train evaluate --preset assistments --data ../shared/datasets/assist2009 --protocol online
          lotrinh-train evaluate --preset junyi --data ../shared/datasets/junyi2015 --protocol random
          lotrinh-train evaluate --data datasets/vn-grade6 --protocol online --folds 5 --json
          lotrinh-train evaluate --data datasets/vn-grade6 --predictions /tmp/predictions.csv
          lotrinh-train evaluate --data datasets/vn-grade6 --report /tmp/evaluation.html
          lotrinh-train evaluate --preset assistments --data ../shared/datasets/assist2009 --protocol diagnostic
        """
    )

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var diagnostic: DiagnosticReplayOptions

    @Option(name: .customLong("protocol"), help: "online, random, or diagnostic (replayed diagnostics: see --help).")
    var protocolChoice: ProtocolChoice = .online

    @Option(help: "Folds when the data has no split column (or with --ignore-split-column).")
    var folds = 5

    @Flag(help: "Split at random even when the data has a split column.")
    var ignoreSplitColumn = false

    @Option(help: "The split-column label of the test rows: they make one fold (an error when no row has it). Default: 'test' when that label occurs, else one fold per label.")
    var testLabel: String?

    @Option(help: "Random holdout fraction for --protocol random without a split column and --folds 1.")
    var testFraction = 0.2

    @Flag(help: "Also fit the model without each of its terms (item bias, practice, recency, factors) on the same folds, to show what each adds.")
    var ablation = false

    @Option(help: ArgumentHelp("Write every predicted held-out answer here as CSV: student_id, skill_id, item_id, outcome, probability (the model's), fold.", valueName: "file"))
    var predictions: String?

    @Option(help: ArgumentHelp("Also write the evaluation as one self-contained HTML page: the figures printed, a reliability diagram, learning curves and per-skill AUC and log-loss.", valueName: "file.html"))
    var report: String?

    @Option(help: ArgumentHelp("In --report's per-skill table, skills with fewer held-out answers are listed apart from the worst-first ranking (default: \(Self.defaultReportMinimumAnswers)).", valueName: "n"))
    var reportMinAnswers: Int?

    /// At 50 answers, half of them right, an AUC near 0.7 has a standard error of about 0.07 (Hanley–McNeil):
    /// with fewer, sampling alone can put a skill at the top of the worst list.
    static let defaultReportMinimumAnswers = 50

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "Print no progress.")
    var quiet = false

    func validate() throws {
        guard folds >= 1, folds <= 255 else { throw ValidationError("--folds must be between 1 and 255") }
        guard testFraction > 0, testFraction < 1 else { throw ValidationError("--test-fraction must be between 0 and 1") }
        if testLabel != nil, ignoreSplitColumn {
            throw ValidationError("--test-label names rows of the split column, which --ignore-split-column ignores: give one of them")
        }
        if let reportMinAnswers {
            guard report != nil else { throw ValidationError("--report-min-answers shapes the --report page: give --report FILE.html too") }
            guard reportMinAnswers >= 0 else { throw ValidationError("--report-min-answers must be 0 or more, not \(reportMinAnswers)") }
        }
        if report != nil, protocolChoice == .diagnostic {
            throw ValidationError("--report draws the online and random protocols' figures; --protocol diagnostic has none of them")
        }
    }

    func run() throws {
        guard let evaluationProtocol = protocolChoice.evaluationProtocol else { return try runDiagnosticReplay() }
        // Before any work: a typo must not cost a whole evaluation, or an input.
        let outputs = [predictions, report].compactMap { $0 }
        if !outputs.isEmpty {
            let files = try dataOptions.files()
            for output in outputs {
                try OutputPath.check(output, against: [files.responses, files.skills, files.prerequisites, files.resources,
                                                       dataOptions.pseudonymKey].compactMap { $0 })
            }
        }
        let dataset = try dataOptions.load(quiet: quiet)
        let data = dataset.responses
        let (split, foldsToRun) = try makeSplit(data)
        // Resolved here, so that the ablation lists the related features a graph brings and the
        // next-answer terms.
        let configuration = modelOptions.configuration.resolvingAddedTerms(graph: dataset.graph, binary: dataset.responses.isBinary)
        var options = EvaluationOptions(evaluationProtocol: evaluationProtocol, folds: split, foldsToRun: foldsToRun,
                                        configuration: configuration,
                                        variants: ablation ? EvaluationOptions.ablation(of: configuration) : [],
                                        partLabels: partLabels(of: split, data: data), graph: dataset.graph)
        if !quiet && !json {
            options.progress = { message in writeToStandardError("evaluate: \(message)\n") }
        }
        // Known before the evaluation runs, so that a predictor missing from it costs no evaluation.
        let modelColumn = try predictions.map {
            try MissingPredictor.position(of: .model, in: options.predictorNames, for: "write --predictions \($0)")
        }
        let start = Date()
        var file = PredictionsFile()
        let evaluation = try Evaluator.evaluate(data, options: options,
                                            predictions: predictions == nil && report == nil ? nil : { file.add(fold: $0, answers: $1) })
        if let predictions, let modelColumn {
            try file.write(to: predictions, data: data, modelColumn: modelColumn)
            if !quiet && !json { writeToStandardError("wrote \(predictions)\n") }
        }
        if let report {
            let page = try EvaluationReportPage(report: evaluation, dataset: dataset, answers: file.folds.flatMap(\.answers),
                                                minimumSkillAnswers: reportMinAnswers ?? Self.defaultReportMinimumAnswers)
            try HTML.write(page.render(), to: report)
            if !quiet && !json { writeToStandardError("wrote \(report)\n") }
        }
        if json {
            let encoder = JSONOutput.encoder()
            print(String(decoding: try encoder.encode(evaluation), as: UTF8.self))
        } else {
            print(EvaluationText(report: evaluation, dataset: dataset, seconds: Date().timeIntervalSince(start)).render())
        }
    }

    /// The folds, and which of them to hold out (nil: each in turn). A single train/test split is
    /// two parts of which only part 0, the test rows, is held out.
    private func makeSplit(_ data: ResponseData) throws -> (RowSplit, [Int]?) {
        if let testLabel {
            // Named on purpose, so a label that matches nothing is a typo, not a reason to fall back.
            let split: RowSplit
            do {
                split = try data.columnSplit(testLabels: [testLabel])
            } catch {
                throw ValidationError("--test-label \(testLabel): \(error)")
            }
            return (RowSplit(count: 2, rowPart: split.rowPart.map { $0 == 1 ? 0 : 1 }), [0])
        }
        if !data.splitLabels.isEmpty, !ignoreSplitColumn {
            if data.splitLabels.contains("test") {
                let split = try data.columnSplit(testLabels: ["test"])
                return (RowSplit(count: 2, rowPart: split.rowPart.map { $0 == 1 ? 0 : 1 }), [0])
            }
            return (try data.columnFolds(), nil)
        }
        var generator = SeededRandom(seed: modelOptions.seed)
        switch protocolChoice.evaluationProtocol {
        case .online, nil:
            guard folds >= 2 else { throw ValidationError("--protocol online needs --folds of at least 2 (students are split)") }
            return (data.studentFolds(folds, using: &generator), nil)
        case .random:
            if folds == 1 {
                let split = data.randomAnswerSplit(testFraction: testFraction, using: &generator)
                return (RowSplit(count: 2, rowPart: split.rowPart.map { $0 == 1 ? 0 : 1 }), [0])
            }
            return (data.randomAnswerFolds(folds, using: &generator), nil)
        }
    }

    /// The split-column label of each part whose rows all carry one label (nil for the others, and
    /// all nil for random folds), so that a report names the rows each fold held out.
    private func partLabels(of split: RowSplit, data: ResponseData) -> [String?]? {
        guard !data.splitLabels.isEmpty, !ignoreSplitColumn else { return nil }
        var label = [Int?](repeating: nil, count: split.count)
        var mixed = [Bool](repeating: false, count: split.count)
        for (row, part) in split.rowPart.enumerated() {
            let part = Int(part)
            let rowLabel = Int(data.rowSplit[row])
            if label[part] == nil { label[part] = rowLabel } else if label[part] != rowLabel { mixed[part] = true }
        }
        return (0..<split.count).map { mixed[$0] ? nil : label[$0].map { data.splitLabels[$0] } }
    }
}

/// The protocols `evaluate` runs: Training's two, and the replay of diagnostics (`Simulation`).
enum ProtocolChoice: String, ExpressibleByArgument, CaseIterable {
    case online, random, diagnostic

    var evaluationProtocol: EvaluationProtocol? { EvaluationProtocol(rawValue: rawValue) }
}

extension EvaluationProtocol: ExpressibleByArgument {}
