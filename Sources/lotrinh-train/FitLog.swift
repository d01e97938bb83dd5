import Foundation
import MasteryData
import Training

/// The fit's running commentary: a progress bar with ETA and the current loss on a terminal,
/// one plain line per sweep otherwise, nothing with --quiet.
final class FitLog: @unchecked Sendable {
    private let quiet: Bool
    private let maxSweeps: Int
    private let bar: ProgressLine?
    private let start = Date()
    private var configuration = FitConfiguration()
    private var history: [SweepReport] = []

    init(quiet: Bool, maxSweeps: Int) {
        self.quiet = quiet
        self.maxSweeps = maxSweeps
        bar = quiet ? nil : ProgressLine(label: "fitting")
    }

    func start(dataset: Dataset, config: FitConfiguration) {
        configuration = config
        guard !quiet else { return }
        let data = dataset.responses
        // The features the fit will have, the related pair included when the data brings a graph.
        let resolved = config.resolvingAddedTerms(graph: dataset.graph, binary: data.isBinary)
        let practice = resolved.terms.practiceDescription
        let nextAnswer = resolved.terms.nextAnswerFeatures.count
        writeToStandardError("fit: \(data.answerCount) answers (\(data.rowCount) rows), \(data.studentCount) students, \(data.skillCount) skills; rank \(config.rank), item bias \(config.terms.itemBias ? "on" : "off"), practice \(practice)\(nextAnswer == 0 ? "" : ", \(nextAnswer) next-answer terms"), \(config.threads) threads\n")
    }

    func sweep(_ report: SweepReport) {
        guard !quiet else { return }
        var detail = String(format: "loss %.5f  objective %.5f", report.trainingLoss, report.objective)
        if let validation = report.validationLoss { detail += String(format: "  validation %.5f", validation) }
        history.append(report)
        if let bar {
            // The sweeps the stopping rule will likely need, not the limit: a province's fit ends
            // after about 11 of its 100.
            let total = Trainer.estimatedSweepsLeft(history, configuration: configuration).map { report.sweep + $0 } ?? maxSweeps
            bar.update(done: Double(report.sweep), total: Double(total), unit: .count, detail: detail)
        } else {
            writeToStandardError(String(format: "sweep %3d  %@  %.2f s\n", report.sweep, detail, report.seconds))
        }
    }

    func finish(_ result: FitResult) {
        bar?.finish()
        guard !quiet else { return }
        let seconds = Date().timeIntervalSince(start)
        writeToStandardError(String(format: "fit: %@ after %d sweeps (best: sweep %d) in %.1f s\n",
                                    result.stopReason.rawValue, result.history.count, result.bestSweep, seconds))
        if let answers = result.model.metadata.metrics["nextAnswer.answers"] {
            writeToStandardError("fit: \(result.model.nextAnswerFeatures.count) next-answer terms weighed on \(Int(answers)) training answers folded in one by one\n")
        }
        if let warning = Self.warning(result, tolerance: configuration.tolerance, biasTolerance: configuration.biasTolerance) { writeToStandardError("warning: \(warning)\n") }
    }

    /// What to tell the user when the fit stopped for a bad reason (the sweep limit), else nil:
    /// the model written is the best sweep's but not at the optimum, and `inspect` says so too.
    static func warning(_ result: FitResult, tolerance: Double, biasTolerance: Double) -> String? {
        guard result.stopReason == .maxSweeps else { return nil }
        let history = result.history
        let advice = String(format: "the model holds sweep %d. Raise --max-sweeps to let it finish.", result.bestSweep)
        guard history.count >= 2, let last = history.last else {
            // One sweep has no change to measure.
            return "the fit reached the sweep limit (\(history.count)) before it could converge (a fit needs two sweeps to measure a change); " + advice
        }
        let change = Trainer.relativeChange(in: history, at: history.count - 1)
        return String(format: "the fit reached the sweep limit (%d) before converging: in the last sweep the objective still changed by %.3g (tolerance %g) and a bias moved by %.3g logits (bias tolerance %g); ",
                      history.count, change, tolerance, last.largestBiasMove, biasTolerance) + advice
    }
}
