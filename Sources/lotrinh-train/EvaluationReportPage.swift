import Foundation
import MasteryData
import Training

/// `evaluate --report FILE.html`: the evaluation as an analyst reads it, on one self-contained
/// page: the predictors' summary and per-fold figures (the very strings `evaluate` prints), the
/// reliability diagram, learning curves and per-skill figures of the held-out answers.
struct EvaluationReportPage {
    let report: EvaluationReport
    let dataset: Dataset
    /// Every fold's held-out answers, pooled.
    let answers: [HeldOutAnswer]
    /// Skills with fewer held-out answers are listed apart from the worst-first ranking: their AUC
    /// is too noisy to rank them among the others.
    let minimumSkillAnswers: Int
    /// The model's and BKT's positions in each answer's predictions.
    private let modelIndex: Int
    private let bktIndex: Int

    /// The page draws the model against BKT: an evaluation without either has nothing to draw.
    init(report: EvaluationReport, dataset: Dataset, answers: [HeldOutAnswer], minimumSkillAnswers: Int) throws(MissingPredictor) {
        modelIndex = try MissingPredictor.position(of: .model, in: report.predictors, for: "draw the report")
        bktIndex = try MissingPredictor.position(of: .bkt, in: report.predictors, for: "draw the report")
        self.report = report
        self.dataset = dataset
        self.answers = answers
        self.minimumSkillAnswers = minimumSkillAnswers
    }

    private var data: ResponseData { dataset.responses }
    private static let modelColor = HTML.palette[0]
    private static let bktColor = HTML.palette[1]
    private static let observedColor = "#222222"

    func render() -> String {
        let folds = report.folds
        let title = "Evaluation: \(report.evaluationProtocol.rawValue) protocol, \(folds.count) fold\(folds.count == 1 ? "" : "s")"
        let body = [
            "<h1>\(HTML.escape(title))</h1>",
            "<p class=\"note\">\(HTML.escape(dataset.files.responses)): \(answers.count) held-out answers, \(data.skillCount) skills. "
                + "Folds are scored apart; the summary is mean ± sd over folds; the pictures pool every fold's held-out answers.</p>",
            "<h2>Predictors</h2>",
            summaryTable(),
            foldTable(),
            "<h2>Reliability</h2>",
            reliabilitySection(),
            "<h2>Learning curves</h2>",
            learningCurveSection(),
            "<h2>Skills, worst first</h2>",
            skillSection(),
        ]
        return HTML.document(title: title, body: body.joined(separator: "\n"))
    }

    private func summaryTable() -> String {
        let rows = report.predictors.compactMap { name -> [String]? in
            guard let summary = report.summary[name] else { return nil }
            let cells = [summary.auc, summary.logLoss, summary.rmse, summary.accuracy, summary.calibrationError]
            return [HTML.escape(name)] + cells.map { HTML.escape(EvaluationText.figure($0)) }
        }
        return HTML.table(header: ["predictor", "AUC", "log-loss", "RMSE", "accuracy", "calibration error"],
                          rows: rows, numeric: Set(1...5))
    }

    private func foldTable() -> String {
        let rows = report.folds.map { fold -> [String] in
            [String(fold.fold), HTML.escape(fold.label ?? "—"), String(fold.trainingRows), String(fold.testAnswers)]
                + report.predictors.map { name in
                    fold.metrics[name]?.auc.map { EvaluationText.foldAUC($0) } ?? "—"
                }
        }
        return HTML.table(header: ["fold", "label", "training rows", "held-out answers"] + report.predictors.map { "AUC \($0)" },
                          rows: rows, numeric: Set(2..<(4 + report.predictors.count)).union([0]), caption: "Per fold")
    }

    private func reliabilitySection() -> String {
        let outcomes = answers.map(\.outcome)
        let model = ReliabilityTable(predictions: answers.map { $0.predictions[modelIndex] }, outcomes: outcomes)
        let bkt = ReliabilityTable(predictions: answers.map { $0.predictions[bktIndex] }, outcomes: outcomes)
        var chart = SVGChart(title: "Observed correct rate against predicted, per bin", xLabel: "mean predicted probability",
                             yLabel: "observed correct rate", xDomain: 0...1, yDomain: 0...1,
                             xTicks: SVGChart.ticks(0...1, count: 5), yTicks: SVGChart.ticks(0...1, count: 5))
        chart.height = 400
        chart.width = 460
        chart.addLine([(0, 0), (1, 1)], color: "#999999", dashed: true, strokeWidth: 1.2)
        for (table, color) in [(bkt, Self.bktColor), (model, Self.modelColor)] {
            let filled = table.bins.filter { $0.count > 0 }
            let points = filled.map { bin in (x: bin.meanPrediction!, y: bin.observedRate!) }
            chart.addLine(points, color: color, strokeWidth: 1.5)
            chart.addPoints(filled.map { bin in
                (bin.meanPrediction!, bin.observedRate!, String(format: "[%.1f, %.1f]: %d answers, mean p %.4f, observed %.4f",
                                                                 bin.lowerBound, bin.upperBound, bin.count, bin.meanPrediction!, bin.observedRate!))
            }, color: color)
        }
        chart.legend = [.init(label: "model", color: Self.modelColor), .init(label: "bkt", color: Self.bktColor),
                        .init(label: "perfect calibration", color: "#999999", dashed: true)]

        let countTicks = SVGChart.roundTicks(upTo: Double(model.bins.map(\.count).max() ?? 1), count: 5)
        var counts = SVGChart(title: "Held-out answers per bin (model)", xLabel: "predicted probability", yLabel: "answers",
                              xDomain: 0...1, yDomain: 0...countTicks.last!,
                              xTicks: SVGChart.ticks(0...1, count: 5), yTicks: countTicks)
        counts.height = 400
        counts.width = 460
        counts.yTickFormat = { String(Int($0.rounded())) }
        counts.addBars(model.bins.map { bin in
            (bin.lowerBound, bin.upperBound, Double(bin.count), "\(bin.count) answers")
        }, color: Self.modelColor)

        let rows = zip(model.bins, bkt.bins).map { modelBin, bktBin -> [String] in
            let closing = modelBin.upperBound == 1 ? "]" : ")"
            return [String(format: "[%.1f, %.1f", modelBin.lowerBound, modelBin.upperBound) + closing,
                    String(modelBin.count), Self.optional(modelBin.meanPrediction), Self.optional(modelBin.observedRate),
                    String(bktBin.count), Self.optional(bktBin.meanPrediction), Self.optional(bktBin.observedRate)]
        }
        let table = HTML.table(header: ["predicted", "model answers", "model mean p", "observed", "bkt answers", "bkt mean p", "observed"],
                               rows: rows, numeric: Set(1...6))
        let ece = String(format: "Pooled calibration error (ECE, 10 bins): model %.4f, bkt %.4f.",
                         model.expectedCalibrationError ?? .nan, bkt.expectedCalibrationError ?? .nan)
        return "<div class=\"charts\">\n\(chart.render())\n\(counts.render())\n</div>\n<p class=\"note\">\(ece) "
            + "A point under the diagonal is a bin whose answers were right less often than predicted.</p>\n\(table)"
    }

    private func learningCurveSection() -> String {
        let attempts = LearningCurve.attemptNumbers(data)
        let model = LearningCurve(answers: answers, predictor: modelIndex, attempts: attempts)
        let bkt = LearningCurve(answers: answers, predictor: bktIndex, attempts: attempts)
        let maxAttempt = Double(LearningCurve.defaultMaxAttempt)
        // Tenths enclosing every curve: on 0…1 the gaps between them would be too thin to read.
        let rates = (model.points + bkt.points).flatMap { [$0.observedRate, $0.meanPrediction] }
        let low = max(0, ((rates.min() ?? 0) * 10).rounded(.down) / 10 - 0.1)
        let high = min(1, ((rates.max() ?? 1) * 10).rounded(.up) / 10 + 0.1)
        var chart = SVGChart(title: "Correct rate by attempt number on a skill", xLabel: "attempt on the skill",
                             yLabel: "correct rate", xDomain: 0.5...(maxAttempt + 0.5), yDomain: low...high,
                             xTicks: [1, 5, 10, 15, 20], yTicks: SVGChart.ticks(low...high, count: Int(((high - low) * 10).rounded())))
        chart.yTickFormat = { String(format: "%.1f", $0) }
        chart.width = 940
        chart.height = 360
        chart.addLine(model.points.map { (Double($0.attempt), $0.observedRate) }, color: Self.observedColor)
        chart.addPoints(model.points.map { (Double($0.attempt), $0.observedRate, "attempt \($0.attempt): \($0.answers) answers, observed \(String(format: "%.4f", $0.observedRate))") },
                        color: Self.observedColor, radius: 3)
        chart.addLine(model.points.map { (Double($0.attempt), $0.meanPrediction) }, color: Self.modelColor, dashed: true)
        chart.addLine(bkt.points.map { (Double($0.attempt), $0.meanPrediction) }, color: Self.bktColor, dashed: true)
        chart.legend = [.init(label: "observed", color: Self.observedColor), .init(label: "model (mean p)", color: Self.modelColor, dashed: true),
                        .init(label: "bkt (mean p)", color: Self.bktColor, dashed: true)]
        let rows = zip(model.points, bkt.points).map { point, bktPoint in
            [String(point.attempt), String(point.answers), String(format: "%.4f", point.observedRate),
             String(format: "%.4f", point.meanPrediction), String(format: "%.4f", bktPoint.meanPrediction)]
        }
        let table = HTML.table(header: ["attempt", "answers", "observed", "model mean p", "bkt mean p"], rows: rows, numeric: Set(0...4))
        return chart.render() + "\n<p class=\"note\">Attempt k pools the held-out rows that were their student's k-th answer on "
            + "that skill in the data (a question on several skills counts on each).</p>\n" + table
    }

    private func skillSection() -> String {
        let rows = SkillFigures.compute(report: report, answers: answers, data: data, predictors: [modelIndex, bktIndex])
        let ranked = rows.filter { $0.answers >= minimumSkillAnswers }
        let few = rows.filter { $0.answers < minimumSkillAnswers }
        var parts = ["<p class=\"note\">Every fold's held-out answers pooled per skill. Skills with at least \(minimumSkillAnswers) "
            + "held-out answers (--report-min-answers), sorted by the model's AUC, lowest first (skills where AUC is undefined, "
            + "all answers right or all wrong, last): \(ranked.count) of \(rows.count).</p>"]
        if !ranked.isEmpty { parts.append(skillTable(ranked)) }
        if !few.isEmpty {
            parts.append("<h3>Skills with fewer than \(minimumSkillAnswers) held-out answers: \(few.count)</h3>")
            parts.append("<p class=\"note\">Their AUC rests on too few answers to rank them among the others; "
                + "listed apart, in the same order.</p>")
            parts.append(skillTable(few))
        }
        return parts.joined(separator: "\n")
    }

    private func skillTable(_ rows: [SkillFigures]) -> String {
        let names = Dictionary(dataset.skills.ids.ids.enumerated().map { ($1, dataset.skills.names[$0]) }, uniquingKeysWith: { first, _ in first })
        let cells = rows.map { row -> [String] in
            [HTML.escape(row.skill), HTML.escape(names[row.skill].flatMap { $0 == row.skill ? nil : $0 } ?? ""), String(row.answers),
             String(format: "%.4f", row.meanOutcome),
             Self.optional(row.auc[Predictor.model.rawValue]), Self.optional(row.auc[Predictor.bkt.rawValue]),
             Self.optional(row.logLoss[0]), Self.optional(row.logLoss[1])]
        }
        return HTML.table(header: ["skill", "name", "answers", "correct rate", "AUC model", "AUC bkt", "log-loss model", "log-loss bkt"],
                          rows: cells, numeric: Set(2...7))
    }

    private static func optional(_ value: Double?) -> String {
        value.map { String(format: "%.4f", $0) } ?? "—"
    }
}
