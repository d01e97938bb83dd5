import Foundation
import MasteryData
import Training

/// The human-readable evaluation report: one line per predictor, mean ± std over folds.
struct EvaluationText {
    let report: EvaluationReport
    let dataset: Dataset
    let seconds: Double

    func render() -> String {
        let folds = report.folds
        let answers = folds.reduce(0) { $0 + $1.testAnswers }
        // A single fold held out by a split label says which rows it tested.
        let tested = folds.count == 1 ? folds[0].label.map { " (rows labelled '\($0)')" } ?? "" : ""
        var lines = [
            "Evaluation: \(report.evaluationProtocol.rawValue) protocol, \(folds.count) fold\(folds.count == 1 ? "" : "s")\(tested), \(answers) held-out answers (\(dataset.files.responses))",
            "",
            "predictor         AUC               log-loss          RMSE              accuracy          calibration error",
        ]
        let width = max(18, (report.predictors.map(\.count).max() ?? 0) + 2)
        lines[2] = "predictor".padding(toLength: width, withPad: " ", startingAt: 0) + lines[2].dropFirst(18)
        for name in report.predictors {
            guard let summary = report.summary[name] else { continue }
            let cells = [summary.auc, summary.logLoss, summary.rmse, summary.accuracy, summary.calibrationError].map(cell)
            // The last cell's padding would only trail the line.
            let row = name.padding(toLength: width, withPad: " ", startingAt: 0) + cells.joined()
            lines.append(String(row.reversed().drop { $0 == " " }.reversed()))
        }
        if folds.count > 1 {
            lines.append("")
            lines.append("per fold (model AUC): " + folds.map { "\($0.fold): " + Self.foldAUC($0.metrics[Predictor.model.rawValue]?.auc ?? .nan) }.joined(separator: ", "))
        }
        lines.append(String(format: "took %.1f s", seconds))
        return lines.joined(separator: "\n")
    }

    private func cell(_ statistic: MetricSummary.Statistic?) -> String {
        Self.figure(statistic).padding(toLength: 18, withPad: " ", startingAt: 0)
    }

    /// A summary figure as every output prints it (the text report and `--report`'s page): mean ± sd.
    static func figure(_ statistic: MetricSummary.Statistic?) -> String {
        guard let statistic else { return "—" }
        return statistic.standardDeviation.map { String(format: "%.4f ± %.4f", statistic.mean, $0) }
            ?? String(format: "%.4f", statistic.mean)
    }

    /// One fold's AUC, as the text report's per-fold line and the page's fold table print it.
    static func foldAUC(_ auc: Double) -> String {
        String(format: "%.4f", auc)
    }
}
