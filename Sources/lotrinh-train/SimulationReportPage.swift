import Foundation
import Simulation

/// `simulate --report FILE.html`: the policy comparison as charts (normalized gain against the
/// budget L, one panel per learner model and loop, each point the mean over learners with ± one
/// sd as an error bar) beside the tables `simulate` prints.
struct SimulationReportPage {
    let report: PolicyBenchReport

    func render() -> String {
        let title = "Path policies on simulated learners: \(report.curriculum)"
        var body = [
            "<h1>\(HTML.escape(title))</h1>",
            "<p class=\"note\">\(report.skills) skills, \(report.prerequisites) prerequisites; \(report.learnersPerSeed) test learners × "
                + "\(report.seeds.count) seed(s); a cohort of \(report.cohortSize) per seed; \(report.warmupAnswers) warm-up answers each. "
                + "Normalized gain on the goals, (final − initial) / (1 − initial) of the mean true probability of a right answer, "
                + "mean ± sd over learners. Points of one budget are spread sideways a little so that their error bars do not hide each other.</p>",
        ]
        for model in report.learnerModels {
            body.append("<h2>\(HTML.escape(model))</h2>")
            body.append("<div class=\"charts\">")
            body += report.loops.map { chart(model: model, loop: $0).render() }
            body.append("</div>")
            body += report.loops.map { table(model: model, loop: $0) }
        }
        return HTML.document(title: title, body: body.joined(separator: "\n"))
    }

    /// A policy's colour and dash: the palette's eight colours, solid then dashed.
    static func style(of index: Int) -> (color: String, dashed: Bool) {
        (HTML.palette[index % HTML.palette.count], index >= HTML.palette.count)
    }

    func chart(model: String, loop: BenchLoop) -> SVGChart {
        let budgets = report.budgets.map(Double.init)
        let cells = report.policies.map { policy in report.budgets.compactMap { report.cell(model, loop, policy, budget: $0) } }
        let extremes = cells.joined().flatMap { [$0.normalizedGain.mean - $0.normalizedGain.standardDeviation,
                                                 $0.normalizedGain.mean + $0.normalizedGain.standardDeviation] }
        // Round ticks enclosing every error bar, and always 0, the gain of teaching nothing.
        let yTicks = SVGChart.roundTicks(from: min(0, extremes.min() ?? 0), to: max(0.1, extremes.max() ?? 1), maxIntervals: 10)
        let span = max((budgets.last ?? 1) - (budgets.first ?? 0), 1)
        var chart = SVGChart(title: "\(model), \(loop.rawValue) loop", xLabel: "budget L (answers)", yLabel: "normalized gain",
                             xDomain: ((budgets.first ?? 0) - span * 0.06)...((budgets.last ?? 1) + span * 0.06),
                             yDomain: yTicks.first!...yTicks.last!, xTicks: budgets, yTicks: yTicks)
        // Two panels side by side within the page's 1040 px, a scroll bar included.
        chart.width = 490
        chart.height = 400
        chart.legendBelow = true
        chart.xTickFormat = { String(Int($0.rounded())) }
        chart.yTickFormat = { String(format: "%.1f", $0) }
        let dodge = span * 0.008
        for (index, policy) in report.policies.enumerated() {
            let style = Self.style(of: index)
            let offset = (Double(index) - Double(report.policies.count - 1) / 2) * dodge
            let points = cells[index].map { (x: Double($0.budget) + offset, y: $0.normalizedGain.mean) }
            chart.addErrorBars(cells[index].map { cell in
                (Double(cell.budget) + offset, cell.normalizedGain.mean - cell.normalizedGain.standardDeviation,
                 cell.normalizedGain.mean + cell.normalizedGain.standardDeviation)
            }, color: style.color, capWidth: 5)
            chart.addLine(points, color: style.color, dashed: style.dashed, strokeWidth: 1.8)
            chart.addPoints(cells[index].map { cell in
                (Double(cell.budget) + offset, cell.normalizedGain.mean,
                 "\(policy.rawValue), L=\(cell.budget): " + Self.gain(cell.normalizedGain) + String(format: ", goals mastered %.2f", cell.goalsMastered.mean))
            }, color: style.color, radius: 3)
            chart.legend.append(.init(label: policy.rawValue, color: style.color, dashed: style.dashed))
        }
        return chart
    }

    /// The text report's table of this panel: the same cells, the same formats.
    private func table(model: String, loop: BenchLoop) -> String {
        let rows = report.policies.map { policy -> [String] in
            let cells = report.budgets.compactMap { report.cell(model, loop, policy, budget: $0) }
            return [HTML.escape(policy.rawValue)] + cells.map { Self.gain($0.normalizedGain) }
                + cells.map { String(format: "%.2f", $0.goalsMastered.mean) }
        }
        let budgets = report.budgets.map { "L=\($0)" }
        return HTML.table(header: ["policy"] + budgets.map { "gain \($0)" } + budgets.map { "mastered \($0)" }, rows: rows,
                          numeric: Set(1...(2 * report.budgets.count)),
                          caption: "\(model), \(loop.rawValue) loop: normalized gain, mean ± sd | goals truly mastered, mean")
    }

    /// As `PolicyBenchText` prints a gain.
    static func gain(_ summary: PolicyBenchReport.Summary) -> String {
        String(format: "%.3f ± %.2f", summary.mean, summary.standardDeviation)
    }
}
