import MasteryData

/// Markdown building blocks: tables whose cells cannot break the table (pipes escaped, line
/// breaks flattened) and text whose markup characters are taken literally.
enum Markdown {
    /// A table of plain-text cells (escaped here).
    static func table(_ headers: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> [String] {
        table(headers, markup: rows.map { $0.map(cell) }, rightAligned: rightAligned)
    }

    /// A table whose cells are already Markdown (made with ``cell(_:)``, ``link(_:_:)``); headers are plain text.
    static func table(_ headers: [String], markup rows: [[String]], rightAligned: Set<Int> = []) -> [String] {
        let separator = headers.indices.map { rightAligned.contains($0) ? "---:" : "---" }
        return ([headers.map(cell), separator] + rows).map { "| " + $0.joined(separator: " | ") + " |" }
    }

    static func cell(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "|", with: "\\|")
            .split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// Text with Markdown's inline markup characters taken literally.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\`*_[]<>".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// A link for an http(s) or relative URL; any other scheme is shown as code, not linked
    /// (``Resource/hasLinkableURL``).
    static func link(_ resource: Resource) -> String {
        guard resource.hasLinkableURL else { return "\(escape(resource.title)) (`\(resource.url.replacingOccurrences(of: "`", with: "'"))`)" }
        return link(resource.title, resource.url)
    }

    static func link(_ title: String, _ url: String) -> String {
        "[\(escape(title))](<\(url.replacingOccurrences(of: ">", with: "%3E").replacingOccurrences(of: " ", with: "%20"))>)"
    }
}

/// The Markdown of `lotrinh-path student`.
struct StudentMarkdown {
    let report: StudentReport
    let words: Words
    let showMastery: Bool

    func render() -> String {
        var lines = [
            "# " + Markdown.escape(words.studentReportTitle + " · " + words.student(report.student)), "",
            Markdown.escape(words.answersFolded(report.answers).sentenceCased) + ". "
                + Markdown.escape(words.counts(mastered: report.mastered, ready: report.ready, blocked: report.blocked).sentenceCased)
                + " (" + Markdown.escape(words.rule(threshold: report.threshold, confidence: report.confidence)) + ").",
        ]
        if let goals = report.goals { lines += ["", Markdown.escape(words.goals(goals))] }
        if !report.graphGiven { lines += ["", Markdown.escape(words.noGraph)] }
        lines += ["", "## " + Markdown.escape(words.pathHeading(steps: report.path.count, omitted: report.omittedByLength)), ""]
        if report.path.isEmpty {
            lines.append(Markdown.escape(words.nothingToLearn))
        } else {
            lines += Markdown.table(
                ["#", words.idColumn, words.skillColumn, words.masteryColumn, words.stateColumn, words.practiceColumn,
                 words.reasonColumn, words.resourcesColumn],
                markup: report.path.map { step in
                    [String(step.step), step.id, step.name, masteryText(step.mastery, step.lower, step.upper), words.status(step.state),
                     words.practice(step.estimatedPractice, reachesThreshold: step.practiceReachesThreshold), step.reasonText]
                        .map(Markdown.cell) + [step.resources.map { Markdown.link($0) }.joined(separator: "<br>")]
                }, rightAligned: [0])
            lines += ["", "**" + Markdown.escape(words.whyStep(1)) + "**" + Markdown.escape(report.path[0].explanation)]
        }
        if showMastery, let skills = report.skills {
            lines += ["", "## " + Markdown.escape(words.allSkillsHeading), ""]
            lines += Markdown.table([words.idColumn, words.skillColumn, words.masteryColumn, words.stateColumn, words.stepColumn],
                                    skills.map { [$0.id, $0.name, masteryText($0.mastery, $0.lower, $0.upper), words.status($0.state),
                                                  $0.step.map(String.init) ?? ""] }, rightAligned: [4])
        }
        return lines.joined(separator: "\n")
    }

    private func masteryText(_ mastery: Double, _ lower: Double, _ upper: Double) -> String {
        StudentText.bar(mastery) + " " + words.decimal(mastery) + " (" + words.interval(lower, upper) + ")"
    }
}
