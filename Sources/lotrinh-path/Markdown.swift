import MasteryData
import Reports

/// Markdown building blocks whose output CommonMark (and GitHub's tables) reads as meant, whatever
/// the names in the data hold: text whose markup characters are taken literally, strong emphasis
/// that opens and closes where CommonMark's flanking rules let it, and tables whose cells cannot
/// break the table.
enum Markdown {
    /// A table of plain-text cells (escaped here).
    static func table(_ headers: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> [String] {
        table(headers, markup: rows.map { $0.map(escape) }, rightAligned: rightAligned)
    }

    /// A table whose cells are already Markdown (made with ``escape(_:)``, ``link(_:)``); headers are plain text.
    static func table(_ headers: [String], markup rows: [[String]], rightAligned: Set<Int> = []) -> [String] {
        let separator = headers.indices.map { rightAligned.contains($0) ? "---:" : "---" }
        return ([headers.map(escape), separator] + rows).map { "| " + $0.joined(separator: " | ") + " |" }
    }

    /// Text with every character that could start inline markup taken literally, on one line.
    ///
    /// Names come from files anyone may have edited: `*`, `_`, `~` would open emphasis or
    /// strikethrough, `[`, `]`, `<`, `>` links and raw HTML, `` ` `` code, `&` an entity, `|` end a
    /// table cell, `\` escape the next character. A backslash before any ASCII
    /// punctuation is always valid CommonMark, so escaping these is safe anywhere. Line breaks
    /// become spaces, so no name can start a line (a list, a heading, a quote) of its own.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            if character.isNewline {
                if result.last != " " { result.append(" ") }
                continue
            }
            if "\\`*_~[]<>&|".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// An ATX heading of plain text (escaped here): a `#` is escaped too, since trailing ones would
    /// be read as the heading's closing sequence and dropped.
    static func heading(_ level: Int, _ text: String) -> String {
        String(repeating: "#", count: level) + " " + escape(text).replacingOccurrences(of: "#", with: "\\#")
    }

    /// Strong emphasis around plain text (escaped here).
    ///
    /// CommonMark opens `**` only when the next character is not whitespace and closes it only when
    /// the previous one is not (`**Why step 1: **Practise` shows its asterisks), so the text is
    /// trimmed; and a closing `**` after punctuation closes only before whitespace or punctuation,
    /// so callers follow it with a space or a punctuation mark. Empty text gets no emphasis.
    static func strong(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "" : "**" + escape(trimmed) + "**"
    }

    /// A link for an http(s) or relative URL; any other scheme is shown as text, not linked
    /// (``Resource/hasLinkableURL``).
    static func link(_ resource: Resource) -> String {
        guard resource.hasLinkableURL else { return escape(resource.title) + " (" + escape(resource.url) + ")" }
        return "[\(escape(resource.title))](<\(destination(resource.url))>)"
    }

    /// A URL as a link destination in angle brackets: the characters that would end it (`>`, a
    /// line break), escape inside it (`\`) or split the table cell around it (`|`) are percent-encoded.
    private static func destination(_ url: String) -> String {
        var result = ""
        for scalar in url.unicodeScalars {
            if " <>\\|".unicodeScalars.contains(scalar) || scalar.properties.generalCategory == .control {
                for byte in String(scalar).utf8 { result += String(format: "%%%02X", byte) }
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// The Markdown of `lotrinh-path student`.
struct StudentMarkdown {
    let report: StudentReport
    let words: Words
    let showMastery: Bool

    func render() -> String {
        var lines = [
            Markdown.heading(1, words.studentReportTitle + " · " + words.student(report.displayName(words: words))), "",
            Markdown.escape(words.answersFolded(report.answers).sentenceCased) + ". "
                + Markdown.escape(words.counts(mastered: report.mastered, ready: report.ready, blocked: report.blocked).sentenceCased)
                + " (" + Markdown.escape(words.rule(threshold: report.threshold, confidence: report.confidence)) + ").",
        ]
        if let goals = report.goals { lines += ["", Markdown.escape(words.goals(goals))] }
        if !report.graphGiven { lines += ["", Markdown.escape(words.noGraph)] }
        lines += ["", Markdown.heading(2, words.pathHeading(steps: report.path.count, omitted: report.omittedByLength)), ""]
        if report.path.isEmpty {
            lines.append(Markdown.escape(words.nothingToLearn))
        } else {
            lines += Markdown.table(
                ["#", words.idColumn, words.skillColumn, words.masteryColumn, words.levelColumn, words.stateColumn, words.practiceColumn,
                 words.reasonColumn, words.resourcesColumn],
                markup: report.path.map { step in
                    [String(step.step), step.id, step.name, masteryText(step.mastery, step.lower, step.upper), words.level(step.level),
                     words.status(step.state),
                     words.practice(step.estimatedPractice, reachesThreshold: step.practiceReachesThreshold), step.reasonText]
                        .map(Markdown.escape) + [step.resources.map { Markdown.link($0) }.joined(separator: "<br>")]
                }, rightAligned: [0])
            lines += ["", Markdown.strong(words.whyStep(1)) + " " + Markdown.escape(report.path[0].explanation)]
        }
        if showMastery, let skills = report.skills {
            lines += ["", Markdown.heading(2, words.allSkillsHeading), ""]
            lines += Markdown.table([words.idColumn, words.skillColumn, words.masteryColumn, words.levelColumn, words.stateColumn, words.stepColumn],
                                    skills.map { [$0.id, $0.name, masteryText($0.mastery, $0.lower, $0.upper), words.level($0.level),
                                                  words.status($0.state), $0.step.map(String.init) ?? ""] }, rightAligned: [5])
        }
        return lines.joined(separator: "\n")
    }

    private func masteryText(_ mastery: Double, _ lower: Double, _ upper: Double) -> String {
        StudentText.bar(mastery) + " " + words.decimal(mastery) + " (" + words.interval(lower, upper) + ")"
    }
}
