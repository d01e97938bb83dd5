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

        Folds come from the data's split column when there is one (--preset maps ASSISTments' \
        akt_fold, Junyi's conecd_split, Statics' dkvmn_split): a column with a 'test' label gives one \
        fold (the other labels train), otherwise each label is a fold. Without a split column, \
        --folds K splits students (online) or answers (random) at random.

        Every report shows, from the same folds: the global rate, the per-skill rate, the Rasch \
        model (rank 0, no items, no practice terms) and the model.

        Examples:
          lotrinh-train evaluate --preset assistments --data ../shared/datasets/assist2009 --protocol online
          lotrinh-train evaluate --preset junyi --data ../shared/datasets/junyi2015 --protocol random
          lotrinh-train evaluate --data datasets/vn-grade6 --protocol online --folds 5 --json
        """
    )

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var modelOptions: ModelOptions

    @Option(name: .customLong("protocol"), help: "online or random.")
    var evaluationProtocol: EvaluationProtocol = .online

    @Option(help: "Folds when the data has no split column (or with --ignore-split-column).")
    var folds = 5

    @Flag(help: "Split at random even when the data has a split column.")
    var ignoreSplitColumn = false

    @Option(help: "The split-column label of test rows; when present it makes one fold.")
    var testLabel = "test"

    @Option(help: "Random holdout fraction for --protocol random without a split column and --folds 1.")
    var testFraction = 0.2

    @Flag(help: "Also fit the model without each of its terms (item bias, practice, recency, factors) on the same folds, to show what each adds.")
    var ablation = false

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "Print no progress.")
    var quiet = false

    func validate() throws {
        guard folds >= 1, folds <= 255 else { throw ValidationError("--folds must be between 1 and 255") }
        guard testFraction > 0, testFraction < 1 else { throw ValidationError("--test-fraction must be between 0 and 1") }
    }

    func run() throws {
        let dataset = try dataOptions.load(quiet: quiet)
        let data = dataset.responses
        let (split, foldsToRun) = try makeSplit(data)
        let configuration = modelOptions.configuration
        var options = EvaluationOptions(evaluationProtocol: evaluationProtocol, folds: split, foldsToRun: foldsToRun,
                                        configuration: configuration,
                                        variants: ablation ? EvaluationOptions.ablation(of: configuration) : [])
        if !quiet && !json {
            options.progress = { message in writeToStandardError("evaluate: \(message)\n") }
        }
        let start = Date()
        let report = try Evaluator.evaluate(data, options: options)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(EvaluationText(report: report, dataset: dataset, seconds: Date().timeIntervalSince(start)).render())
        }
    }

    /// The folds, and which of them to hold out (nil: each in turn). A single train/test split is
    /// two parts of which only part 0, the test rows, is held out.
    private func makeSplit(_ data: ResponseData) throws -> (RowSplit, [Int]?) {
        if !data.splitLabels.isEmpty, !ignoreSplitColumn {
            if data.splitLabels.contains(testLabel) {
                let split = try data.columnSplit(testLabels: [testLabel])
                return (RowSplit(count: 2, rowPart: split.rowPart.map { $0 == 1 ? 0 : 1 }), [0])
            }
            return (try data.columnFolds(), nil)
        }
        var generator = SeededRandom(seed: modelOptions.seed)
        switch evaluationProtocol {
        case .online:
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
}

extension EvaluationProtocol: ExpressibleByArgument {}
