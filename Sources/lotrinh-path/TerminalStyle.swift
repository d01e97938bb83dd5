#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ANSI colour for text on a terminal: only when standard output is a terminal and `NO_COLOR`
/// is not set (https://no-color.org), so pipes, files and tests get plain text.
struct TerminalStyle: Sendable {
    enum Colour: String, Sendable {
        case green = "32", yellow = "33", red = "31", dim = "2", bold = "1"
    }

    let enabled: Bool

    static let plain = TerminalStyle(enabled: false)

    /// Colour when writing to a terminal and the user has not asked for none.
    static func forStandardOutput(environment: [String: String]) -> TerminalStyle {
        let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return TerminalStyle(enabled: isatty(STDOUT_FILENO) == 1 && !noColour)
    }

    /// `text` wrapped in the colour's escape codes; unchanged when colour is off. Apply after
    /// padding: the codes take no columns, and width is measured on the plain text.
    func paint(_ text: String, _ colour: Colour?) -> String {
        guard enabled, let colour, !text.isEmpty else { return text }
        return "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m"
    }

    /// Green at or above the threshold, yellow within 0.2 of it, red below.
    static func colour(forMastery mastery: Double, threshold: Double) -> Colour {
        mastery >= threshold ? .green : mastery >= threshold - 0.2 ? .yellow : .red
    }
}
