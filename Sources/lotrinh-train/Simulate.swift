import ArgumentParser
import Foundation
import LearningPaths
import MasteryData
import Simulation

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare path policies on simulated learners through the real engine (fit, fold-in, plan).",
        discussion: """
        For each learner model and seed: a training cohort answers warm-up questions (a random walk \
        along the curriculum, blind to the policies); a population model is fitted on those answers \
        only (default fit settings); each test learner (never in the cohort) answers the same kind \
        of warm-up, is folded in through Recommend, gets 2-4 goals among the deeper skills, and is \
        taught by every policy from that same start with the same random numbers, for L answers: \
        open loop (the path planned once, each step given its estimated practice) and closed loop \
        (replanned after every answer). The figure is the normalized gain on the goals, \
        (final - initial) / (1 - initial), mastery being the mean TRUE probability of a correct \
        answer over the goals, mean +- sd over learners x seeds; then the fraction of goals truly \
        mastered.

        Learner models: gated (a skill learns at a tenth of its rate while a prerequisite is below \
        0.8), damped (each prerequisite's shortfall shrinks the gain continuously; part of each \
        gain spills to dependents), bkt (known/unknown per skill with learn, slip, guess, forget; \
        learning slower while a prerequisite is unknown); "+continuity" wastes any answer on a \
        skill not next to the previous answer's skill in the graph.

        Policies: planner (Recommender.path, default request); model-free orders, as a teacher \
        without Lotrinh would teach: random (a random prerequisite-respecting order), topological \
        and continuity-topological (topological, staying next to the previous skill), each over the \
        goals and all their prerequisites with the budget shared equally, blind to the answers (so \
        the same open and closed loop); reorderings of the planner's own steps and practice counts \
        (an ablation of its order): easiest-first, planner-steps-random, planner-steps-topological, \
        planner-steps-continuity; oracle (sees the true levels; rollout over a strong rule, a \
        reference, not a policy).

        Examples:
          lotrinh-train simulate --quick
          lotrinh-train simulate --curriculum vn-grade6 --learner damped+continuity --loop closed
          lotrinh-train simulate --learners 2000 --seeds 5 --budgets 10,20 --json
        """
    )

    enum CurriculumChoice: String, ExpressibleByArgument, CaseIterable {
        case small
        case vnGrade6 = "vn-grade6"
        case random
    }

    enum LoopChoice: String, ExpressibleByArgument, CaseIterable {
        case open, closed, both
    }

    @Option(help: "small (10 skills, 12 prerequisites, like issue 14's external simulator), vn-grade6 (45 skills) or random.")
    var curriculum: CurriculumChoice = .small

    @Option(help: "Skills of a random curriculum.")
    var skills = 30

    @Option(help: ArgumentHelp("Learner models, comma-separated, or all: gated, damped, bkt, each optionally +continuity.",
                               valueName: "name,…"))
    var learner = "all"

    @Option(help: ArgumentHelp("Policies, comma-separated, or all: \(BenchPolicy.allCases.map(\.rawValue).joined(separator: ", ")).",
                               valueName: "name,…"))
    var policies = "all"

    @Option(help: "Test learners per seed (default 1000; 200 with --quick).")
    var learners: Int?

    @Option(help: "Training-cohort learners per seed (default 5000; 2000 with --quick).")
    var cohort: Int?

    @Option(help: "Seeds 1…n, each with its own skills, cohort, fit and test learners (default 3; 1 with --quick).")
    var seeds: Int?

    @Option(help: ArgumentHelp("Budgets in answers, comma-separated.", valueName: "L,L,…"))
    var budgets = "5,10,20,30,50"

    @Option(help: "open, closed or both.")
    var loop: LoopChoice = .both

    @Option(help: "Warm-up answers per learner.")
    var warmup = 20

    @Option(help: ArgumentHelp("The planner's score weights (gain,closeness,unlocks,topic,continuity; default: the planner's own).",
                               valueName: "g,c,u,t,k"))
    var scoreWeights: String?

    @Option(help: "The planner's mastery threshold (PathRequest.threshold; default 0.8).")
    var threshold: Double?

    @Option(help: "Confidence of the intervals the planner judges mastery by (default: the request's 0.95).")
    var confidence: Double?

    @Option(help: ArgumentHelp("A skill answered right this many times in a row (its estimate at least --run-estimate-floor) counts as mastered for planning; 0: the estimate alone decides (PathRequest.rightInARowForMastery; default 3).", valueName: "n"))
    var rightInARow: Int?

    @Option(help: ArgumentHelp("The estimate a run of right answers needs to count (PathRequest.runEstimateFloor; default 0.7; 0: any).", valueName: "p"))
    var runEstimateFloor: Double?

    @Option(help: ArgumentHelp("Instead of the tables, trace test learner N of the first seed: every answer of each chosen policy and loop at the largest budget.", valueName: "N"))
    var trace: Int?

    @Flag(help: "A fast look: 200 test learners, a cohort of 2000, one seed (unless given).")
    var quick = false

    @Option(help: ArgumentHelp("Also write the comparison as one self-contained HTML page: normalized gain against L per policy, a panel per learner model and loop, ± sd as error bars, and the tables.", valueName: "file.html"))
    var report: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "Print no progress.")
    var quiet = false

    func validate() throws {
        _ = try parsedBudgets()
        if report != nil, trace != nil { throw ValidationError("--report draws the tables, which --trace replaces: give one of them") }
        _ = try learnerModels()
        _ = try parsedPolicies()
        for (name, value) in [("--learners", learners), ("--cohort", cohort), ("--seeds", seeds)] {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1, got \(value)") }
        }
        if let rightInARow, rightInARow < 0 { throw ValidationError("--right-in-a-row must be at least 0 (0: off), got \(rightInARow)") }
        if let runEstimateFloor, !(0...1).contains(runEstimateFloor) {
            throw ValidationError("--run-estimate-floor must lie in 0...1, got \(runEstimateFloor)")
        }
        if let trace, trace < 0 { throw ValidationError("--trace must be a learner index of at least 0, got \(trace)") }
        guard skills >= 2 else { throw ValidationError("--skills must be at least 2") }
        guard warmup >= 1 else { throw ValidationError("--warmup must be at least 1") }
        _ = try parsedWeights()
        do throws(ProbabilityOutOfRange) {
            if let threshold { _ = try MasteryThreshold(threshold, name: "--threshold") }
            if let confidence { _ = try ConfidenceLevel(confidence, name: "--confidence") }
        } catch {
            throw ValidationError(error.description)
        }
    }

    private func parsedWeights() throws -> ScoreWeights {
        try scoreWeights.map { try ScoreWeights.parse($0, terms: 5) } ?? ScoreWeights()
    }

    func run() throws {
        let (chosen, name) = try makeCurriculum()
        var configuration = PolicyBenchConfiguration(
            curriculum: chosen, curriculumName: name, learnerModels: try learnerModels(), policies: try parsedPolicies(),
            loops: loop == .both ? BenchLoop.allCases : [loop == .open ? .open : .closed], budgets: try parsedBudgets(),
            learners: learners ?? (quick ? 200 : 1_000), cohortSize: cohort ?? (quick ? 2_000 : 5_000),
            seeds: (1...UInt64(seeds ?? (quick ? 1 : 3))).map { $0 }, warmupAnswers: warmup)
        configuration.scoreWeights = try parsedWeights()
        if let threshold { configuration.threshold = threshold }
        if let confidence { configuration.confidence = confidence }
        if let runEstimateFloor { configuration.request.runEstimateFloor = runEstimateFloor == 0 ? nil : runEstimateFloor }
        if let rightInARow { configuration.request.rightInARowForMastery = rightInARow == 0 ? nil : rightInARow }
        if let trace {
            try printTraces(configuration, learner: trace)
            return
        }
        if let report {
            // Before the long run: a typo must not cost it.
            try OutputPath.check(report, against: [])
        }
        let progress = quiet || json ? nil : ProgressLine(label: "simulating")
        let start = Date()
        let report = try PolicyBench.run(configuration) { done, total in
            progress?.update(done: Double(done), total: Double(total), unit: .count)
        }
        progress?.finish()
        if let path = self.report {
            try HTML.write(SimulationReportPage(report: report).render(), to: path)
            if !quiet && !json { writeToStandardError("wrote \(path)\n") }
        }
        if json {
            let encoder = JSONOutput.encoder()
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(PolicyBenchText(report: report, seconds: Date().timeIntervalSince(start)).render())
        }
    }

    private func printTraces(_ configuration: PolicyBenchConfiguration, learner: Int) throws {
        var traces: [BenchTrace] = []
        for model in configuration.learnerModels {
            for loop in configuration.loops {
                for policy in configuration.policies {
                    traces.append(try PolicyBench.trace(configuration, learnerModel: model, seed: configuration.seeds[0], learner: learner,
                                                        policy: policy, loop: loop, budget: configuration.budgets.last!))
                }
            }
        }
        if json {
            let encoder = JSONOutput.encoder()
            print(String(decoding: try encoder.encode(traces), as: UTF8.self))
        } else {
            print(traces.map { BenchTraceText(trace: $0).render() }.joined(separator: "\n\n"))
        }
    }

    private func makeCurriculum() throws -> (Curriculum, String) {
        switch curriculum {
        case .small: (Curriculum.smallTenSkills, "small")
        case .vnGrade6: (Curriculum.vietnameseGrade6Math, "vn-grade6")
        case .random: (try Curriculum.random(skills: skills, seed: 1), "random (\(skills) skills, seed 1)")
        }
    }

    private func learnerModels() throws -> [BenchLearnerModel] {
        guard learner != "all" else { return BenchLearnerModel.all }
        return try learner.split(separator: ",").map { part in
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let model = BenchLearnerModel(name: name) else {
                throw ValidationError("--learner: unknown learner model '\(name)' (gated, damped, bkt, each optionally +continuity)")
            }
            return model
        }
    }

    private func parsedPolicies() throws -> [BenchPolicy] {
        guard policies != "all" else { return BenchPolicy.allCases }
        return try policies.split(separator: ",").map { part in
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let policy = BenchPolicy(rawValue: name) else {
                throw ValidationError("--policies: unknown policy '\(name)'")
            }
            return policy
        }
    }

    private func parsedBudgets() throws -> [Int] {
        let values = budgets.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("--budgets must be positive answer counts separated by commas, got '\(budgets)'")
        }
        return Array(Set(values.compactMap { $0 })).sorted()
    }
}
