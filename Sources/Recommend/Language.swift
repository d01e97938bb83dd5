/// A language that reasons and reports are written in.
public enum Language: String, Codable, Sendable, CaseIterable {
    case vi, en

    /// Vietnamese when a skill name uses a letter only Vietnamese writes (ă, đ, ơ, ư, or a
    /// vowel with a tone mark from the Latin Extended Additional block), English otherwise.
    public static func detect(inNames names: [String]) -> Language {
        let letters: Set<Character> = ["ă", "â", "đ", "ê", "ô", "ơ", "ư", "Ă", "Â", "Đ", "Ê", "Ô", "Ơ", "Ư"]
        let vietnamese = names.contains { name in
            name.contains { letters.contains($0) } || name.unicodeScalars.contains { (0x1EA0...0x1EF9).contains($0.value) }
        }
        return vietnamese ? .vi : .en
    }
}

/// One sentence in every language a response carries, so a service shows whichever its user
/// reads without asking again.
public struct LocalizedText: Codable, Sendable, Equatable {
    /// Vietnamese.
    public var vi: String
    /// English.
    public var en: String

    /// A text with both translations.
    public init(vi: String, en: String) {
        self.vi = vi
        self.en = en
    }

    /// The text built by `sentence` in each language.
    public init(_ sentence: (PathSentences) -> String) {
        self.init(vi: sentence(PathSentences(language: .vi)), en: sentence(PathSentences(language: .en)))
    }

    /// The text in `language`.
    public subscript(language: Language) -> String {
        switch language {
        case .vi: vi
        case .en: en
        }
    }
}
