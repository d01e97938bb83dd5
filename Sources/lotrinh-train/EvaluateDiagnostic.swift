import ArgumentParser
import Foundation
import MasteryData
import Simulation

/// The options and the run of `evaluate --protocol diagnostic`.
struct DiagnosticReplayOptions: ParsableArguments {
    @Option(help: "--protocol diagnostic: questions per replayed student.")
    var diagnosticQuestions = 20

    @Option(help: "--protocol diagnostic: students with fewer answers are not replayed.")
    var diagnosticMinAnswers = 30

    @Option(help: "--protocol diagnostic: at most this many students per fold (the first in id order).")
    var diagnosticStudents = 200

    @Option(help: "--protocol diagnostic: the mastery threshold of the agreement measure.")
    var diagnosticThreshold = 0.8

    func validate() throws {
        guard (1...100).contains(diagnosticQuestions) else { throw ValidationError("--diagnostic-questions must be between 1 and 100") }
        guard diagnosticMinAnswers > diagnosticQuestions else {
            throw ValidationError("--diagnostic-min-answers must exceed --diagnostic-questions, so that answers remain to predict")
        }
        guard diagnosticStudents >= 1 else { throw ValidationError("--diagnostic-students must be at least 1") }
        do throws(ProbabilityOutOfRange) {
            _ = try MasteryThreshold(decidable: diagnosticThreshold, name: "--diagnostic-threshold")
        } catch {
            throw ValidationError(error.description)
        }
    }
}

extension Evaluate {
    func runDiagnosticReplay() throws {
        guard folds >= 2 else { throw ValidationError("--protocol diagnostic needs --folds of at least 2 (students are split)") }
        let dataset = try dataOptions.load(quiet: quiet)
        let data = dataset.responses
        var generator = SeededRandom(seed: modelOptions.seed)
        let split = data.studentFolds(folds, using: &generator)
        var configuration = DiagnosticReplayConfiguration(fit: modelOptions.configuration)
        configuration.questions = diagnostic.diagnosticQuestions
        configuration.minimumAnswers = diagnostic.diagnosticMinAnswers
        configuration.studentsPerFold = diagnostic.diagnosticStudents
        configuration.threshold = diagnostic.diagnosticThreshold
        configuration.seed = modelOptions.seed
        let start = Date()
        let report = try DiagnosticReplay.run(data, graph: dataset.graph, split: split, configuration: configuration,
                                              progress: quiet || json ? nil : { writeToStandardError("evaluate: \($0)\n") })
        if json {
            print(String(decoding: try JSONOutput.encoder().encode(report), as: UTF8.self))
            return
        }
        var lines = [
            "Diagnostic replay: \(report.students) held-out students, \(report.folds) folds (\(dataset.files.responses)); mastery at \(report.threshold)",
            "after k questions: agreement of mastered / not mastered with all the student's answers | AUC of the remaining answers",
        ]
        let width = max(10, report.policies.map(\.rawValue.count).max() ?? 0) + 2
        let shown = (report.curves.first ?? []).map(\.questions).filter { $0 <= 3 || $0 % 5 == 0 }
        let headers = shown.map { "k=\($0)".leftPadded(6) }.joined()
        lines.append("policy".padding(toLength: width, withPad: " ", startingAt: 0) + headers + "  |" + headers)
        for (policy, curve) in zip(report.policies, report.curves) {
            let points = curve.filter { shown.contains($0.questions) }
            let agreement: [String] = points.map { String(format: "%.3f", $0.masteryAgreement).leftPadded(6) }
            let auc: [String] = points.map { point in point.auc.map { String(format: "%.3f", $0).leftPadded(6) } ?? "     -" }
            let name = policy.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append(name + agreement.joined() + "  |" + auc.joined())
        }
        lines.append(String(format: "took %.1f s", Date().timeIntervalSince(start)))
        print(lines.joined(separator: "\n"))
    }
}
