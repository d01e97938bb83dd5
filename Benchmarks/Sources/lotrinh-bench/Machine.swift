import Foundation
import LinearAlgebra

/// What the figures were measured on, printed before them so a result is never read without it.
enum Machine {
    static var description: String {
        let cpu = cpuModel() ?? "unknown CPU"
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / Double(1 << 30)
        return """
        machine: \(cpu), \(cores) cores, \(String(format: "%.1f", memory)) GiB
        blas:    \(BLASRuntime.implementation.description)
        date:    \(ISO8601DateFormatter().string(from: Date()))
        \(load)
        """
    }

    /// The load averages (1, 5, 15 minutes): other work on the machine slows wall-clock figures,
    /// so every run prints it beside them.
    static var load: String {
        let fields = ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "").split(separator: " ").prefix(3)
        return "load:    \(fields.joined(separator: " "))"
    }

    /// CPU time this process has used so far (all threads), in seconds: beside wall time it shows
    /// how much of a slow run was waiting for a core taken by other work.
    static var processCPUSeconds: Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private static func cpuModel() -> String? {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        return info.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces) }
    }

    /// Peak resident memory of this process so far (VmHWM), in bytes.
    static var peakResidentBytes: Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) else { return 0 }
        return kilobytes * 1024
    }

    /// Current resident memory (VmRSS), in bytes.
    static var residentBytes: Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) else { return 0 }
        return kilobytes * 1024
    }
}
