import ArgumentParser
import Foundation
import LearningPaths
import MasteryData
import Simulation

/// The first policy simulation, kept beside `simulate`: its policies see a per-skill tally of
/// answers written for it, not the real engine.
struct SimulateTally: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate-tally",
        abstract: "Compare the planner's orderings on gated learners with a simple answer tally as the estimate.",
        discussion: """
        The older, lighter simulation; `simulate` runs the real engine instead (fit, fold-in, plan). \
        Each simulated learner has a true mastery per skill that grows with practice, ten times \
        slower while a prerequisite is not truly mastered. At every step a policy sees only the \
        learner's own answers (per skill: the correct rate shrunk to a prior, with an interval from \
        the count), asks the path planner with its ordering for a path toward the goals (all \
        skills), and practises the path's first skill --answers-per-step times. The table counts \
        the goals whose TRUE mastery reaches the threshold after each number of steps: mean ± \
        standard deviation over learners. Every policy meets the same learners with the same \
        random streams (a paired comparison), and all respect the same prerequisites.

        Policies: scored (the planner's default score), random (one random prerequisite-respecting \
        order per learner), topological (smallest index first), easiest-first (highest estimate first).

        Examples:
          lotrinh-train simulate-tally --graph vn-grade6
          lotrinh-train simulate-tally --graph junyi --data datasets/junyi2015 --students 1000
          lotrinh-train simulate-tally --graph random --skills 200 --steps 10,20,50 --seed 7 --json
        """
    )

    enum GraphChoice: String, ExpressibleByArgument, CaseIterable {
        case vnGrade6 = "vn-grade6"
        case junyi
        case random
    }

    @Option(help: "vn-grade6 (45 skills, built in), junyi (the real Junyi graph from --data) or random.")
    var graph: GraphChoice = .vnGrade6

    @Option(help: ArgumentHelp("Folder with skills.csv and prerequisites.csv (and responses.csv) for --graph junyi.", valueName: "dir"))
    var data = "datasets/junyi2015"

    @Option(help: "Skills of a random graph.")
    var skills = 100

    @Option(help: "Average prerequisites per skill of a random graph.")
    var averagePrerequisites = 1.5

    @Option(help: "Simulated learners (the same for every policy).")
    var students = 1_000

    @Option(help: ArgumentHelp("Comma-separated step counts after which mastery is counted.", valueName: "n,n,…"))
    var steps = "10,20,50"

    @Option(help: "Answers practised per step.")
    var answersPerStep = 3

    @Option(help: ArgumentHelp("Weights of the scored policy: gain, closeness, unlocks, topic (default: the planner's own, 1,0,0.3,0.5).", valueName: "g,c,u,t"))
    var scoreWeights: String?

    @Option(help: "Random seed (learners, skills' true parameters, random orders and a random graph).")
    var seed: UInt64 = 1

    @Flag(help: "Print the comparison as JSON.")
    var json = false

    @Flag(help: "Print no progress.")
    var quiet = false

    func validate() throws {
        _ = try checkpoints()
        guard students >= 1 else { throw ValidationError("--students must be at least 1") }
        guard skills >= 1 else { throw ValidationError("--skills must be at least 1") }
        guard answersPerStep >= 1 else { throw ValidationError("--answers-per-step must be at least 1") }
    }

    private func checkpoints() throws -> [Int] {
        let values = steps.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("--steps must be positive step counts separated by commas, got '\(steps)'")
        }
        return Array(Set(values.compactMap { $0 })).sorted()
    }

    private func weights() throws -> ScoreWeights {
        try scoreWeights.map { try ScoreWeights.parse($0, terms: 4) } ?? ScoreWeights()
    }

    func run() throws {
        let configuration = PolicySimulationConfiguration(
            students: students, checkpoints: try checkpoints(), answersPerStep: answersPerStep, seed: seed,
            scoreWeights: try weights())
        let (simulation, description) = try makeSimulation(configuration)
        let progress = quiet || json ? nil : ProgressLine(label: "simulating")
        let start = Date()
        let comparison = try simulation.compare { done in
            progress?.update(done: Double(done), total: Double(students), unit: .count)
        }
        progress?.finish()
        if json {
            let encoder = JSONOutput.encoder()
            print(String(decoding: try encoder.encode(comparison), as: UTF8.self))
        } else {
            print(TallySimulationTable(comparison: comparison, graph: description, configuration: configuration,
                                  seconds: Date().timeIntervalSince(start)).render())
        }
    }

    /// The simulation over the chosen graph, and a line that names the graph.
    private func makeSimulation(_ configuration: PolicySimulationConfiguration) throws -> (PolicySimulation, String) {
        switch graph {
        case .vnGrade6:
            let curriculum = Curriculum.vietnameseGrade6Math
            return (try PolicySimulation(curriculum: curriculum, configuration: configuration),
                    "vn-grade6 (\(curriculum.skills.count) skills, \(curriculum.prerequisites.count) prerequisites)")
        case .random:
            let curriculum = try Curriculum.random(skills: skills, averagePrerequisites: averagePrerequisites, seed: seed)
            return (try PolicySimulation(curriculum: curriculum, configuration: configuration),
                    "random (\(curriculum.skills.count) skills, \(curriculum.prerequisites.count) prerequisites, seed \(seed))")
        case .junyi:
            var dataset = try Dataset.load(try DatasetFiles(directory: data, preset: .lotrinh))
            guard let graph = dataset.graph else {
                throw ValidationError("\(data) has no prerequisites.csv: --graph junyi needs the prerequisite graph")
            }
            let removed = dataset.breakCycles()
            var description = "junyi (\(graph.skillCount) skills, \(dataset.graph!.edgeCount) prerequisites"
            if !removed.isEmpty {
                description += "; cycle broken by removing "
                    + removed.map { "\(dataset.skills.ids[$0.prerequisite]) → \(dataset.skills.ids[$0.skill])" }
                        .joined(separator: ", ")
            }
            return (try PolicySimulation(skillCount: dataset.skills.count, graph: dataset.graph,
                                         topics: PathPlanner.topicIndices(dataset.skills.topics),
                                         configuration: configuration),
                    description + ")")
        }
    }
}

/// The comparison as a table: policies × checkpoints, then the winner of each checkpoint.
private struct TallySimulationTable {
    let comparison: PolicyComparison
    let graph: String
    let configuration: PolicySimulationConfiguration
    let seconds: Double

    func render() -> String {
        let threshold = String(format: "%.2f", configuration.learner.masteryThreshold)
        var lines = [
            "Policy simulation on \(graph)",
            "\(comparison.students) learners, \(comparison.goalCount) goals, \(configuration.answersPerStep) answers per step, seed \(configuration.seed)",
            "",
            "Goals truly mastered (mastery ≥ \(threshold)), mean ± std over learners:",
        ]
        let nameWidth = max(8, comparison.policies.map(\.rawValue.count).max() ?? 0)
        let cellWidth = 15
        lines.append(pad("policy", nameWidth) + comparison.checkpoints.map { leftPad("\($0) steps", cellWidth) }.joined())
        for (row, policy) in comparison.policies.enumerated() {
            let cells = comparison.results[row].map {
                leftPad(String(format: "%.2f ± %.2f", $0.mean, $0.standardDeviation), cellWidth)
            }
            lines.append(pad(policy.rawValue, nameWidth) + cells.joined())
        }
        lines.append("")
        lines.append("Best policy (margin over the runner-up: paired mean ± standard error):")
        for winner in comparison.winners {
            var line = "  \(leftPad(String(winner.steps), 3)) steps: \(winner.policy.rawValue)"
            if let runnerUp = winner.runnerUp, let margin = winner.margin {
                let standardError = margin.standardDeviation / Double(comparison.students).squareRoot()
                line += String(format: " by %+.3f ± %.3f over %@", margin.mean, standardError, runnerUp.rawValue)
                line += winner.isClear ? "" : " (a tie within two standard errors)"
            }
            lines.append(line)
        }
        lines.append(String(format: "took %.2f s", seconds))
        return lines.joined(separator: "\n")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private func leftPad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
