import ArgumentParser
import Foundation
import LinearAlgebra
import MasteryData
import MasteryModel
import Simulation
import Training

/// Sweep time, answers/s and achieved GFLOP/s of the fit, beside dgemm's rate measured in the same run.
struct SweepBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Time full sweeps (students + skills) at several ranks; print GFLOP/s beside dgemm's.",
        discussion: """
        Example (the 20M-answer file of scripts/bench-import):
          lotrinh-bench sweep --ranks 16,32,64 --sweeps 3 /tmp/lotrinh-bench/big
        """
    )

    @Option(help: "Ranks to measure, comma-separated.")
    var ranks = "16,32,64"

    @Option(help: "Sweeps per rank (the first is reported separately: it starts from random factors).")
    var sweeps = 3

    @Option(help: "Worker threads.")
    var threads = FitConfiguration.availableCores

    @Argument(help: "A dataset folder in Lotrinh's layout.")
    var data: String

    func run() throws {
        print(Machine.description)
        let dgemm = measureDGEMM()
        print(String(format: "dgemm:   %.1f GFLOP/s (2000×2000, BLAS on %d threads)", dgemm, threads))
        let start = Date()
        let (responses, _) = try ResponseLoader.load(path: (data as NSString).appendingPathComponent("responses.csv"))
        print(String(format: "data:    %d rows, %d students, %d skills, %d items (loaded in %.1f s)", responses.rowCount,
                     responses.studentCount, responses.skillCount, responses.itemIds.count, Date().timeIntervalSince(start)))
        for rank in ranks.split(separator: ",").compactMap({ Int($0) }) {
            let config = FitConfiguration(rank: rank, maxSweeps: sweeps, tolerance: 0, threads: threads)
            // CPU seconds between progress reports: a sweep's own work, whatever else runs on the machine.
            var cpuMarks = [Machine.processCPUSeconds]
            let result = try Trainer.fit(responses, configuration: config) { _ in cpuMarks.append(Machine.processCPUSeconds) }
            let times = result.history.map(\.seconds)
            let steady = times.count > 1 ? Array(times.dropFirst()) : times
            let mean = steady.reduce(0, +) / Double(steady.count)
            let cpu = (cpuMarks.last! - cpuMarks[times.count > 1 ? 1 : 0]) / Double(steady.count)
            let flops = Self.flopsPerSweep(rows: responses.rowCount, rank: rank)
            print(String(format: "rank %3d: sweep %.2f s (best %.2f s, first %.2f s, %.2f CPU s; each %@ s), %.1f M answers/s, %.1f GFLOP/s of per-answer work (%.1f GFLOP per sweep); %@",
                         rank, mean, steady.min()!, times[0], cpu, times.map { String(format: "%.2f", $0) }.joined(separator: ", "),
                         Double(responses.rowCount) / mean / 1e6, flops / mean / 1e9, flops / 1e9, Machine.load))
            // The convergence a faster sweep must keep: the objective after each sweep.
            print("objective after each sweep: " + result.history.map { String(format: "%.9f", $0.objective) }.joined(separator: ", "))
        }
        print(String(format: "peak:    %.0f MB resident", Double(Machine.peakResidentBytes) / 1e6))
    }

    /// Floating-point work of one sweep done answer by answer: per row, the syrk update of a d×d
    /// lower triangle (d(d+1) flops) and two gemv passes (4d), on the student side (d = k+1) and the
    /// skill side (d = k+3). The sweep merges rows that share features, so it executes less than
    /// this; the rate is the answer-by-answer work divided by the time, comparable across versions.
    static func flopsPerSweep(rows: Int, rank: Int) -> Double {
        func side(_ d: Double) -> Double { d * (d + 1) + 4 * d }
        return Double(rows) * (side(Double(rank + 1)) + side(Double(rank + 3)))
    }

    /// dgemm rate on this machine, BLAS using all threads (best of 3).
    func measureDGEMM() -> Double {
        BLASRuntime.setThreadCount(threads)
        defer { BLASRuntime.setThreadCount(1) }
        let n = 2000
        let a = Matrix(rows: n, columns: n, repeating: 1.0 / Double(n))
        let b = Matrix(rows: n, columns: n, repeating: 0.5)
        var c = Matrix(rows: n, columns: n)
        var best = Double.infinity
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            a.withView { a in b.withView { b in c.withMutableView { c in BLAS.gemm(a: a, b: b, c: c) } } }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return 2 * Double(n * n * n) / best / 1e9
    }
}

/// Fold-in latency: one student's answers folded into a fixed model.
struct FoldInBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "foldin",
        abstract: "Median and 99th-percentile latency of folding in one student (single thread).",
        discussion: "Example:\n  lotrinh-bench foldin --rank 32 --answers 50 --skills 1000"
    )

    @Option var rank = 32
    @Option var answers = 50
    @Option var skills = 1000
    @Option var repetitions = 20000
    @Flag(help: "Without the recommended further practice features (a model as before them).")
    var noPracticeFeatures = false
    @Flag(help: "With the related practice features too, over a random graph of 2 prerequisites per skill (what a default fit with a graph has).")
    var related = false
    @Flag(help: "With the next-answer terms a default fit of 0/1 answers has (those of the recommended next-answer features that are not practice features already).")
    var nextAnswer = false

    func run() throws {
        print(Machine.description)
        BLASRuntime.setThreadCount(1)
        var random = SeededRandom(seed: 1)
        let features = (noPracticeFeatures ? [] : FitConfiguration.recommendedPracticeFeatures)
            + (related ? FitConfiguration.relatedPracticeFeatures : [])
        let graph = related ? try Curriculum.random(skills: skills, averagePrerequisites: 2, seed: 1).prerequisites.map { [$0.prerequisite, $0.skill] } : nil
        let nextAnswerFeatures = nextAnswer ? FitConfiguration.recommendedNextAnswerFeatures.filter { !features.contains($0) } : []
        let model = syntheticModel(ids: (0..<skills).map { "k\($0)" }, prerequisites: graph, rank: rank, factorScale: 0.3,
                                   features: features, nextAnswerFeatures: nextAnswerFeatures, random: &random)
        print("features: \(features.isEmpty ? "none" : features.map(\.rawValue).joined(separator: ","))"
              + "; next-answer: \(nextAnswerFeatures.isEmpty ? "none" : nextAnswerFeatures.map(\.rawValue).joined(separator: ","))")
        let history = (0..<answers).map { _ in
            StudentAnswer(skill: random.nextInt(below: skills), outcome: random.nextUniform() < 0.65 ? 1 : 0)
        }
        // A service keeps one workspace per thread; the first call pays for its buffers.
        var workspace = FoldInWorkspace(model: model, capacity: answers)
        for covariance in [false, true] {
            var latencies: [Double] = []
            latencies.reserveCapacity(repetitions)
            var iterations = 0
            for _ in 0..<repetitions {
                let start = DispatchTime.now().uptimeNanoseconds
                let estimate = try model.foldIn(history, covariance: covariance, workspace: &workspace)
                latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3)
                iterations = estimate.iterations
            }
            latencies.sort()
            print(String(format: "fold-in: %d answers, rank %d, %d skills, %@: median %.1f µs, p99 %.1f µs (%d Newton steps to 1e-6)",
                         answers, rank, skills, covariance ? "with covariance" : "estimate only",
                         latencies[latencies.count / 2], latencies[latencies.count * 99 / 100], iterations))
        }
        var state = model.initialState()
        var updates: [Double] = []
        for answer in history {
            let start = DispatchTime.now().uptimeNanoseconds
            try model.update(&state, with: answer)
            updates.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3)
        }
        updates.sort()
        print(String(format: "update:  one more answer into a student state: median %.1f µs", updates[updates.count / 2]))
        var predictions: [Double] = []
        var sink = 0.0
        for answer in history {
            let start = DispatchTime.now().uptimeNanoseconds
            sink += model.predict(answer, for: state)
            predictions.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3)
        }
        predictions.sort()
        print(String(format: "predict: the next answer's probability: median %.2f µs (sum %.1f)", predictions[predictions.count / 2], sink))
        var masteries: [Double] = []
        for _ in 0..<1000 {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = model.masteryColumns(of: state)
            masteries.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3)
        }
        masteries.sort()
        print(String(format: "mastery: every skill with its interval, after those answers: median %.1f µs", masteries[masteries.count / 2]))
    }
}
