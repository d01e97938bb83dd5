extension Resource {
    /// Whether ``url`` may become a live link in a report: an `http` or `https` address, or a
    /// relative one (no scheme). Anything else — `javascript:`, `data:`, `file:`, `vbscript:` —
    /// would run or open something on the reader's machine from a file anyone could have
    /// edited, so reports show such a URL as text and `validate` warns about it.
    ///
    /// Browsers ignore ASCII tab and newline anywhere in a URL and leading control characters
    /// and spaces, so `" java\tscript:"` is `javascript:` to them; the scheme is read the same way.
    public var hasLinkableURL: Bool {
        let significant = url.unicodeScalars.drop { $0.value <= 0x20 }.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        var scheme = ""
        for scalar in significant {
            if scalar == ":" { break }
            // A path, query or fragment before any colon: a relative URL.
            if scalar == "/" || scalar == "?" || scalar == "#" { return true }
            scheme.unicodeScalars.append(scalar)
        }
        guard significant.contains(":") else { return true }
        let lowered = scheme.lowercased()
        return lowered == "http" || lowered == "https"
    }
}
