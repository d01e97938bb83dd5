import Foundation
import Simulation

/// The bench report as text: per learner model, what the fits did, then a table of normalized
/// gains (policies × budgets) per loop and the fraction of goals truly mastered.
struct PolicyBenchText {
    let report: PolicyBenchReport
    let seconds: Double

    func render() -> String {
        var lines = [
            "Path policies on simulated learners (real engine): \(report.curriculum), \(report.skills) skills, \(report.prerequisites) prerequisites",
            "\(report.learnersPerSeed) test learners × \(report.seeds.count) seed(s); cohort of \(report.cohortSize) per seed; \(report.warmupAnswers) warm-up answers each",
        ]
        let nameWidth = max(8, report.policies.map(\.rawValue.count).max() ?? 0) + 2
        let cellWidth = 14
        for model in report.learnerModels {
            lines.append("")
            lines.append("== \(model) ==")
            for fit in report.fits where fit.learnerModel == model {
                var line = String(format: "fit, seed %llu: %d sweeps (%@), training loss %.4f, %d answers, %.1f%% right, %d students (cohort only)",
                                  fit.seed, fit.sweeps, fit.stopReason.rawValue, fit.trainingLoss, fit.answers, 100 * fit.correctRate, fit.students)
                if fit.foldInRefusals > 0 {
                    line += "; batch fold-in refused \(fit.foldInRefusals) warm-up(s), folded in answer by answer"
                }
                lines.append(line)
            }
            for loop in report.loops {
                lines.append("")
                lines.append("\(loop.rawValue) loop: normalized gain on the goals, mean ± sd | goals truly mastered, mean")
                lines.append(pad("policy", nameWidth) + report.budgets.map { leftPad("L=\($0)", cellWidth) }.joined()
                             + "  |" + report.budgets.map { leftPad("L=\($0)", 6) }.joined())
                for policy in report.policies {
                    let cells = report.budgets.compactMap { report.cell(model, loop, policy, budget: $0) }
                    lines.append(pad(policy.rawValue, nameWidth)
                                 + cells.map { leftPad(SimulationReportPage.gain($0.normalizedGain), cellWidth) }.joined()
                                 + "  |" + cells.map { leftPad(String(format: "%.2f", $0.goalsMastered.mean), 6) }.joined())
                }
            }
        }
        lines.append("")
        lines.append(String(format: "took %.1f s", seconds))
        return lines.joined(separator: "\n")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private func leftPad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

/// One traced run as text: a line per answer with the truth beside the engine's view.
struct BenchTraceText {
    let trace: BenchTrace

    func render() -> String {
        var lines = [
            String(format: "trace: %@, seed %llu, learner %d, %@ loop, %@, L = %d; goals %@ (goal mastery %.3f at the start)",
                   trace.learnerModel, trace.seed, trace.learner, trace.loop.rawValue, trace.policy.rawValue, trace.budget,
                   trace.goals.joined(separator: " "), trace.initialGoalMastery),
            "   #  skill  answer  true after  estimate  goals  path (skill~answers, first 5 steps)",
        ]
        for (index, answer) in trace.answers.enumerated() {
            let estimate = answer.estimate.map { String(format: "%8.2f", $0) } ?? "       -"
            let path = answer.path.map { "\($0.skill)~\($0.practice)" }.joined(separator: " ")
            lines.append(String(format: "%4d  %@  %@  %10.2f  %@  %5.3f  %@", index + 1, answer.skill.padding(toLength: 5, withPad: " ", startingAt: 0),
                                answer.correct ? "right " : "wrong ", answer.trueMastery, estimate, answer.goalMastery, path))
        }
        return lines.joined(separator: "\n")
    }
}
