import ArgumentParser
import Foundation
import MasteryData

@main
struct LotrinhBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lotrinh-bench",
        abstract: "Measure Lotrinh's speed and memory; prints the machine with the figures.",
        subcommands: [ImportBenchmark.self, SweepBenchmark.self, FoldInBenchmark.self, RequestBenchmark.self, BatchBenchmark.self,
                      CholeskyBenchmark.self, DistinctPairsData.self]
    )
}

struct ImportBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "CSV import throughput (rows/s, MB/s) and memory held per answer.",
        discussion: """
        Example:
          swift run -c release --package-path Benchmarks lotrinh-bench import --preset assistments ../shared/datasets/assist2009/interactions.csv
        """
    )

    @Option(help: "Column layout of the file.")
    var preset: String = "lotrinh"

    @Option(help: "Runs; the best is reported (the first also warms the page cache).")
    var repetitions = 3

    @Option(help: "Threads that parse the file (1: one reader).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Argument(help: "Responses file.")
    var file: String

    func run() throws {
        guard let layout = DatasetPreset(rawValue: preset) else { throw ValidationError("unknown preset \(preset)") }
        print(Machine.description)
        let bytes = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        let baseline = Machine.residentBytes
        var best = Double.infinity
        var rows = 0
        var held = 0.0
        for run in 1...repetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            var options = ResponseLoadOptions(mapping: layout.mapping)
            options.threads = threads
            let (data, _) = try ResponseLoader.load(path: file, options: options)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            rows = data.rowCount
            held = data.bytesPerRow
            print(String(format: "run %d: %.3f s  %.2f M rows/s  %.1f MB/s", run, seconds, Double(rows) / seconds / 1e6,
                         Double(bytes) / seconds / 1e6))
            best = min(best, seconds)
        }
        print("file:    \(file) (\(String(format: "%.1f", Double(bytes) / 1e6)) MB, \(rows) rows)")
        print(String(format: "best:    %.3f s = %.2f M rows/s, %.1f MB/s", best, Double(rows) / best / 1e6, Double(bytes) / best / 1e6))
        print(String(format: "held:    %.1f bytes per row in columns and indexes", held))
        print(String(format: "peak:    %.0f MB resident (%.1f bytes per row above the %.0f MB baseline)",
                     Double(Machine.peakResidentBytes) / 1e6, Double(Machine.peakResidentBytes - baseline) / Double(max(rows, 1)),
                     Double(baseline) / 1e6))
    }
}
