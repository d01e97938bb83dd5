#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A one-line progress indicator on standard error, drawn only when standard error is a terminal
/// (so pipes and log files stay clean) and redrawn at most ten times a second.
final class ProgressLine: @unchecked Sendable {
    enum Unit { case bytes, count }

    private let label: String
    private let start = Date()
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// Nil when standard error is not a terminal.
    init?(label: String) {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        self.label = label
    }

    func update(done: Double, total: Double?, unit: Unit, detail: String = "") {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        var line = "\(label): \(Self.format(done, unit))"
        if let total, total > 0 {
            let fraction = min(done / total, 1)
            let width = 24
            let filled = Int(fraction * Double(width))
            line += " / \(Self.format(total, unit)) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(Int(fraction * 100))%"
            if fraction > 0.02, elapsed > 1 {
                line += " ETA \(Self.duration(elapsed / fraction - elapsed))"
            }
        }
        if elapsed > 0.5 { line += "  \(Self.format(done / elapsed, unit))/s" }
        if !detail.isEmpty { line += "  \(detail)" }
        writeToStandardError("\r\u{1B}[2K" + line)
        drawn = true
    }

    /// Clears the line so the next output starts clean.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { writeToStandardError("\r\u{1B}[2K") }
        drawn = false
    }

    static func format(_ value: Double, _ unit: Unit) -> String {
        switch unit {
        case .bytes:
            if value >= 1_073_741_824 { return String(format: "%.2f GB", value / 1_073_741_824) }
            if value >= 1_048_576 { return String(format: "%.1f MB", value / 1_048_576) }
            return String(format: "%.0f kB", value / 1024)
        case .count:
            if value >= 1e6 { return String(format: "%.2fM", value / 1e6) }
            if value >= 1e3 { return String(format: "%.1fk", value / 1e3) }
            return String(format: "%.0f", value)
        }
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 60 ? "\(whole / 60)m\(String(format: "%02d", whole % 60))s" : "\(whole)s"
    }
}

/// Writes straight to file descriptor 2, unbuffered, so progress and messages interleave correctly.
func writeToStandardError(_ text: String) {
    var text = text
    text.withUTF8 { bytes in _ = write(STDERR_FILENO, bytes.baseAddress, bytes.count) }
}
