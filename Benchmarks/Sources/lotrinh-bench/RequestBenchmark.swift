import ArgumentParser
import Dispatch
import Foundation
import LearningPaths
import LinearAlgebra
import MasteryData
import MasteryModel
import Recommend
import Simulation
import Training

/// One service request end to end: fold in a student's answers, then plan the next path.
struct RequestBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Latency of one Recommend request: fold-in of N answers + a path over a prerequisite graph (single thread).",
        discussion: "Example:\n  lotrinh-bench request --skills 1000 --prerequisites 2 --rank 32 --answers 50"
    )

    @Option var skills = 1000
    @Option(help: "Average prerequisites per skill of the random graph.")
    var prerequisites = 2.0
    @Option var rank = 32
    @Option var answers = 50
    @Option var repetitions = 3000
    @Option(help: "Time only requests for at most this many steps, and nothing else (default: the whole path, then 20 steps, then mastery alone and concurrent callers).")
    var onlySteps: Int?
    @Flag(help: "With the recommended further practice features (a model as `--practice-features recommended` fits).")
    var practiceFeatures = false

    func run() throws {
        print(Machine.description)
        BLASRuntime.setThreadCount(1)
        let curriculum = try Curriculum.random(skills: skills, averagePrerequisites: prerequisites, seed: 1)
        let ids = curriculum.skills.ids.ids
        let edges = curriculum.prerequisites.map { [$0.prerequisite, $0.skill] }
        var random = SeededRandom(seed: 2)
        let model = syntheticModel(ids: ids, names: curriculum.skills.names, prerequisites: edges, rank: rank,
                                   factorScale: 0.2, features: practiceFeatures ? FitConfiguration.recommendedPracticeFeatures : [],
                                   random: &random)
        let recommender = try Recommender(model: model)
        let history = (0..<answers).map { _ in
            AnswerRecord(skillId: ids[random.nextInt(below: min(skills, 100))], outcome: random.nextUniform() < 0.7 ? 1 : 0)
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        // The whole path (every needed skill), then what a service shows: the next 20 steps over
        // the same graph, where the planner asks for fewer intervals.
        let shapes: [Int?] = onlySteps.map { [$0] } ?? [nil, 20]
        var roundMedians = [[Double]](repeating: [], count: shapes.count)
        for round in 1...rounds {
            for (shape, maximumSteps) in shapes.enumerated() {
                let request = PathRequest(maximumSteps: maximumSteps)
                var foldIn: [Double] = []
                var plan: [Double] = []
                var total: [Double] = []
                var steps = 0
                for _ in 0..<repetitions {
                    let start = DispatchTime.now().uptimeNanoseconds
                    let state = try recommender.state(after: history)
                    let middle = DispatchTime.now().uptimeNanoseconds
                    let path = try recommender.path(for: state, request: request)
                    let end = DispatchTime.now().uptimeNanoseconds
                    foldIn.append(Double(middle - start) / 1e3)
                    plan.append(Double(end - middle) / 1e3)
                    total.append(Double(end - start) / 1e3)
                    steps = path.steps.count
                }
                let totalMedian = median(total)
                roundMedians[shape].append(totalMedian)
                print(String(format: "request: %d answers, rank %d, %d skills, %d edges, %@: median %.1f µs (fold-in %.1f µs, mastery + path %.1f µs; %d steps)%@",
                             answers, rank, skills, edges.count, Self.describe(maximumSteps), totalMedian, median(foldIn),
                             median(plan), steps, rounds > 1 ? " [round \(round)]" : ""))
            }
        }
        if rounds > 1 {
            for (shape, maximumSteps) in shapes.enumerated() {
                let medians = roundMedians[shape].sorted()
                print(String(format: "rounds:  %@: medians of %d rounds %.1f–%.1f µs, median of medians %.1f µs",
                             Self.describe(maximumSteps), rounds, medians.first!, medians.last!, median(medians)))
            }
        }
        guard onlySteps == nil else { return }
        let state = try recommender.state(after: history)
        var masteryOnly: [Double] = []
        for _ in 0..<repetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try recommender.mastery(of: state)
            masteryOnly.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3)
        }
        print(String(format: "mastery: every skill with its interval (Recommender.mastery, with ids and names): median %.1f µs", median(masteryOnly)))
        try measureConcurrency(recommender, ids: ids)
        print(Machine.load)
    }

    /// The same requests, one caller after another and then from `callers` threads at once: the
    /// rate of each and whether every concurrent answer equals the serial one.
    func measureConcurrency(_ recommender: Recommender, ids: [String]) throws {
        let histories = (0..<64).map { student in
            var random = SeededRandom(seed: 100 + UInt64(student))
            return (0..<answers).map { _ in
                AnswerRecord(skillId: ids[random.nextInt(below: min(skills, 100))], outcome: random.nextUniform() < 0.7 ? 1 : 0)
            }
        }
        @Sendable func request(_ history: [AnswerRecord]) throws -> LearningPath {
            try recommender.path(for: recommender.state(after: history))
        }
        let rounds = max(1, repetitions / (histories.count * callers / 2))
        let serialCPU = Machine.processCPUSeconds
        let serialStart = DispatchTime.now().uptimeNanoseconds
        var serial: [LearningPath] = []
        for _ in 0..<(rounds * callers) { serial = try histories.map(request) }
        let serialSeconds = Double(DispatchTime.now().uptimeNanoseconds - serialStart) / 1e9
        let serialCPUSeconds = Machine.processCPUSeconds - serialCPU
        let expected = SerialAnswers(serial: serial, callers: callers)
        let concurrentCPU = Machine.processCPUSeconds
        let concurrentStart = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: callers) { caller in
            for _ in 0..<rounds {
                for (index, history) in histories.enumerated() {
                    let path = try? request(history)
                    if path.map({ Self.sameAnswer($0, expected.serial[index]) }) != true { expected.recordMismatch(caller) }
                }
            }
        }
        let concurrentSeconds = Double(DispatchTime.now().uptimeNanoseconds - concurrentStart) / 1e9
        let concurrentCPUSeconds = Machine.processCPUSeconds - concurrentCPU
        let count = Double(rounds * callers * histories.count)
        // CPU time per request shows whether callers slow each other down (locks, shared cache
        // lines) apart from waiting for a core that other work on the machine holds.
        print(String(format: "callers: %d requests one after another %.0f /s (%.0f µs CPU each); from %d threads at once %.0f /s (%.2f× the serial rate, %.2f cores busy, %.0f µs CPU each); answers identical to the serial ones: %@",
                     Int(count), count / serialSeconds, serialCPUSeconds / count * 1e6, callers, count / concurrentSeconds,
                     serialSeconds / concurrentSeconds, concurrentCPUSeconds / concurrentSeconds, concurrentCPUSeconds / count * 1e6,
                     expected.mismatches == 0 ? "yes" : "NO (\(expected.mismatches) differ)"))
    }

    /// What a service shows from a path: every skill's state and each step's skill, mastery,
    /// interval and practice estimate, compared exactly. (`LearningPath`'s own `==` also
    /// compares each step's goal set element by element, which would outweigh the request.)
    static func sameAnswer(_ a: LearningPath, _ b: LearningPath) -> Bool {
        a.states == b.states && a.steps.count == b.steps.count && zip(a.steps, b.steps).allSatisfy {
            $0.skill == $1.skill && $0.mastery == $1.mastery && $0.lower == $1.lower && $0.upper == $1.upper
                && $0.estimatedPractice == $1.estimatedPractice
        }
    }

    @Option(help: "Concurrent callers for the concurrency measurement.")
    var callers = 8

    @Option(help: "Time each request shape this many times, the shapes taking turns, and print every round's median and their range: on a shared machine a round can land in a phase where everything runs slower.")
    var rounds = 1

    func validate() throws {
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1, got \(rounds)") }
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1, got \(repetitions)") }
        if let onlySteps, onlySteps < 1 { throw ValidationError("--only-steps must be at least 1, got \(onlySteps)") }
    }

    private static func describe(_ maximumSteps: Int?) -> String {
        maximumSteps.map { "at most \($0) steps" } ?? "whole path"
    }
}

/// The serial answers, read by every caller, and a mismatch count per caller (each writes only
/// its own slot, so no lock is needed).
private final class SerialAnswers: @unchecked Sendable {
    let serial: [LearningPath]
    private let counts: UnsafeMutableBufferPointer<Int>

    init(serial: [LearningPath], callers: Int) {
        self.serial = serial
        counts = .allocate(capacity: callers)
        counts.initialize(repeating: 0)
    }

    deinit { counts.deallocate() }

    func recordMismatch(_ caller: Int) { counts[caller] += 1 }
    var mismatches: Int { counts.reduce(0, +) }
}

/// Mastery of every skill for many students at once (a school), by level-3 BLAS.
struct BatchBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Time Recommender.masteryMatrix for many students × skills (all cores).",
        discussion: "Example:\n  lotrinh-bench batch --students 100000 --skills 1000 --rank 32"
    )

    @Option var students = 100_000
    @Option var skills = 1000
    @Option var rank = 32
    @Option(help: "Answers folded into each student (their practice counts enter every logit).")
    var answers = 20
    @Flag(help: "With the recommended further practice features (a model as `--practice-features recommended` fits).")
    var practiceFeatures = false

    func run() throws {
        print(Machine.description)
        BLASRuntime.setThreadCount(1)
        var random = SeededRandom(seed: 3)
        let ids = (0..<skills).map { "k\($0)" }
        let model = syntheticModel(ids: ids, rank: rank, factorScale: 0.2,
                                   features: practiceFeatures ? FitConfiguration.recommendedPracticeFeatures : [], random: &random)
        let recommender = try Recommender(model: model)
        // A few distinct learners, repeated: what is timed is the matrix, not the fold-ins.
        let distinct = try (0..<64).map { _ in
            try recommender.state(after: (0..<answers).map { _ in
                AnswerRecord(skillId: ids[random.nextInt(below: skills)], outcome: random.nextUniform() < 0.7 ? 1 : 0)
            })
        }
        let states = (0..<students).map { distinct[$0 % distinct.count] }
        var best = Double.infinity
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            let matrix = recommender.masteryMatrix(of: states)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            precondition(matrix.values.count == students * skills)
        }
        print(String(format: "batch:   mastery of %d students × %d skills at rank %d: %.2f s (best of 3), %.0f M probabilities/s; peak %.0f MB",
                     students, skills, rank, best, Double(students * skills) / best / 1e6, Double(Machine.peakResidentBytes) / 1e6))
    }
}
