#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Terminal columns a string occupies: combining marks take none, CJK characters two, so
/// Vietnamese and Chinese skill names line up in tables.
enum DisplayWidth {
    private typealias WCWidth = @convention(c) (Int32) -> Int32

    /// glibc's `wcwidth`, which Swift's Glibc module does not import; it answers by the locale's
    /// character table, so a UTF-8 locale is set once. Nil where the symbol is missing.
    nonisolated(unsafe) private static let wcwidth: WCWidth? = {
        guard setlocale(LC_CTYPE, "C.UTF-8") != nil || setlocale(LC_CTYPE, "en_US.UTF-8") != nil,
              let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "wcwidth") else { return nil }
        return unsafeBitCast(symbol, to: WCWidth.self)
    }()

    static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            if let wcwidth { return total + max(Int(wcwidth(Int32(bitPattern: scalar.value))), 0) }
            // Without wcwidth: combining marks take no column, everything else one.
            return total + (scalar.properties.generalCategory == .nonspacingMark ? 0 : 1)
        }
    }

    /// `text` cut to at most `width` columns (ending in "…" when cut), padded with spaces to `width`.
    static func fit(_ text: String, to width: Int) -> String {
        let total = of(text)
        if total <= width { return text + String(repeating: " ", count: width - total) }
        var result = ""
        var used = 0
        for character in text {
            let columns = of(String(character))
            if used + columns > width - 1 { break }
            result.append(character)
            used += columns
        }
        return result + "…" + String(repeating: " ", count: max(0, width - used - 1))
    }

    /// `text` broken into lines of at most `width` columns: at spaces where possible, inside a
    /// word only when the word alone is wider (Chinese names have no spaces to break at).
    static func wrap(_ text: String, to width: Int) -> [String] {
        guard width > 0, of(text) > width else { return [text] }
        var lines: [String] = []
        var line = ""
        var used = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let wordWidth = of(String(word))
            let needed = used == 0 ? wordWidth : used + 1 + wordWidth
            if needed <= width {
                line += (used == 0 ? "" : " ") + word
                used = needed
                continue
            }
            if used > 0 {
                lines.append(line)
                line = ""
                used = 0
            }
            for character in word {
                let columns = of(String(character))
                if used + columns > width {
                    lines.append(line)
                    line = ""
                    used = 0
                }
                line.append(character)
                used += columns
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
