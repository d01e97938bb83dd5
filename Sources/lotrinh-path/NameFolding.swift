import Foundation

/// How what a teacher types after `--topic` or `--grade` finds the value in skills.csv: a value
/// written exactly as in the file is that value; otherwise case, then diacritics (in either Unicode
/// normal form), and runs of spaces are ignored, so "phân số", "phan so" and "PHÂN SỐ" all find
/// "Phân số".
enum NameFolding {
    /// The form two names are compared in. Diacritic folding strips combining marks, but `đ` is a
    /// letter of its own (no decomposition), so it would stay `đ` and "do dac" would not find
    /// "Đo đạc": it is mapped to `d` here, as Vietnamese typed without diacritics writes it.
    static func key(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "d")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The values of `available` that `typed` names, closest spelling first: the value written
    /// exactly so (Swift compares strings by canonical equivalence, so NFC and NFD are the same),
    /// else those equal but for case and spaces, else those with the same ``key(_:)``. More than
    /// one means the typed name is ambiguous.
    static func matches(_ typed: String, in available: [String]) -> [String] {
        if available.contains(typed) { return [typed] }
        let sameCase = { (name: String) in
            name.folding(options: .caseInsensitive, locale: nil).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let typedCase = sameCase(typed)
        let byCase = available.filter { sameCase($0) == typedCase }
        if !byCase.isEmpty { return byCase }
        let wanted = key(typed)
        return available.filter { key($0) == wanted }
    }
}
