import Foundation
import MasteryData
import Recommend
import Reports

/// Hand-written HTML: every piece of text from the data passes through ``escape(_:)``, which is
/// safe both in element content and in quoted attribute values.
enum HTML {
    /// Text as HTML by the one rule all reports share (MasteryData's `String.escapingHTML`).
    static func escape(_ text: String) -> String { text.escapingHTML }

    /// A table of cells that are already HTML (escape text with ``escape(_:)`` first).
    static func table(headers: [String], rows: [[String]], numeric: Set<Int> = [], className: String? = nil) -> String {
        let head = headers.enumerated().map { index, header in
            "<th\(numeric.contains(index) ? " class=\"num\"" : "")>\(escape(header))</th>"
        }.joined()
        let body = rows.map { cells in
            "<tr>" + cells.enumerated().map { index, cell in "<td\(numeric.contains(index) ? " class=\"num\"" : "")>\(cell)</td>" }.joined() + "</tr>"
        }.joined(separator: "\n")
        return "<table\(className.map { " class=\"\(escape($0))\"" } ?? "")><thead><tr>\(head)</tr></thead>\n<tbody>\n\(body)\n</tbody></table>"
    }

    /// A mastery value as a small inline bar and its level in words; the estimate and its
    /// interval are in the tooltip, since a teacher reads the word, not the statistics.
    static func masteryBar(_ mastery: Double, lower: Double, upper: Double, threshold: Double, confidence: Double, words: Words) -> String {
        let width = Int((min(max(mastery, 0), 1) * 100).rounded())
        let level = MasteryLevel(mastery: mastery, threshold: threshold)
        let tooltip = words.intervalTooltip(mastery: mastery, lower: lower, upper: upper, confidence: confidence)
        return "<span class=\"level level-\(level.rawValue)\" title=\"\(escape(tooltip))\"><span class=\"bar\"><span style=\"width:\(width)%;background:\(MasteryColour.of(level))\"></span></span> "
            + escape(words.level(level)) + "</span>"
    }

    /// A live link for an http(s) or relative URL; any other scheme (`javascript:`, `data:`)
    /// is shown as text, never as a link (``Resource/hasLinkableURL``).
    static func link(_ resource: Resource) -> String {
        guard resource.hasLinkableURL else { return "\(escape(resource.title)) (<code>\(escape(resource.url))</code>)" }
        return "<a href=\"\(escape(resource.url))\">\(escape(resource.title))</a>"
    }
}

/// Node and bar colours, one per level; the level is always also written or drawn (graph nodes
/// fill their circle as far as the level), so no reader depends on telling the colours apart.
enum MasteryColour {
    /// One colour per level, the same in bars, graph nodes and the class grid.
    static func of(_ level: MasteryLevel) -> String {
        switch level {
        case .notStarted: return "#e8a39e"
        case .learning: return "#f2cd6b"
        case .almost: return "#b5dc98"
        case .mastered: return "#3f9f5f"
        }
    }
}

/// A complete, self-contained page: inline CSS, inline SVG, no script and nothing fetched, laid
/// out to print on A4.
enum HTMLPage {
    static func document(title: String, language: Language, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// Writes the page atomically; refuses a path that is one of the command's `inputs` (a
    /// report written over the answers file would destroy it).
    static func write(_ page: String, to path: String, inputs: [String]) throws {
        try OutputPath.check(path, against: inputs)
        try Data(page.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    private static let css = """
    @page { size: A4; margin: 10mm 10mm 11mm; }
    * { box-sizing: border-box; }
    body { font: 10.5pt/1.45 "Noto Sans", "DejaVu Sans", "Segoe UI", Arial, "Noto Sans CJK SC", sans-serif; color: #1d232b; margin: 0 auto; max-width: 190mm; padding: 8mm 4mm; }
    h1 { font-size: 17pt; margin: 0 0 2mm; }
    h2 { font-size: 12.5pt; margin: 7mm 0 2mm; border-bottom: 1.5px solid #3a6ea5; padding-bottom: 1mm; color: #234a72; }
    p { margin: 1.5mm 0; }
    .meta { color: #4a5563; }
    .caption { color: #4a5563; font-size: 9pt; }
    table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
    th, td { border-bottom: 1px solid #d5dbe3; padding: 1.2mm 1.5mm; text-align: left; vertical-align: top; }
    th { background: #eef2f7; font-weight: 600; }
    td.num, th.num { text-align: right; white-space: nowrap; }
    tr { page-break-inside: avoid; break-inside: avoid; }
    .bar { display: inline-block; width: 16mm; height: 2.6mm; background: #e4e8ee; border-radius: 1mm; overflow: hidden; vertical-align: middle; }
    .bar > span { display: block; height: 100%; }
    .interval { color: #5d6875; white-space: nowrap; }
    .state-mastered { color: #1b7f3b; } .state-ready { color: #9a6a00; } .state-needsPrerequisite { color: #b3261e; } .state-notNeeded { color: #6b7280; }
    a { color: #234a72; }
    svg { display: block; max-width: 100%; height: auto; margin: 2mm auto; }
    svg.chart { width: 100%; }
    svg text { font-family: inherit; }
    .graph .edge { stroke: #b8c0cc; stroke-width: 1.2; fill: none; }
    .graph .edge.path { stroke: #2f6fd0; stroke-width: 2.2; }
    .graph circle { stroke: none; }
    .graph circle.rim { stroke: #4b5563; stroke-width: 1; }
    .graph .on-path circle.rim { stroke: #111827; stroke-width: 2.6; }
    .graph .number { font-size: 13px; font-weight: 700; fill: #111827; text-anchor: middle; dominant-baseline: central; }
    .graph .label { font-size: 10px; fill: #374151; text-anchor: middle; }
    .chart .name { font-size: 10px; fill: #1f2937; }
    .chart .axis { font-size: 9px; fill: #6b7280; }
    ul.groups { padding-left: 5mm; margin: 1mm 0; }
    footer { margin-top: 8mm; color: #6b7280; font-size: 8.5pt; }
    section { break-inside: auto; }
    ul.levels { list-style: none; padding: 0; margin: 1mm 0; columns: 3; column-gap: 5mm; font-size: 9pt; }
    ul.levels li { break-inside: avoid; display: flex; white-space: nowrap; }
    ul.levels li .name { overflow: hidden; text-overflow: ellipsis; min-width: 0; flex: 0 1 auto; }
    ul.levels li .meta { flex: none; margin-left: 1mm; }
    .level { white-space: nowrap; }
    .swatch { display: inline-block; width: 2.6mm; height: 2.6mm; border-radius: 0.6mm; margin-right: 1.2mm; vertical-align: -0.2mm; }
    .print-only { display: none; }
    table.grid { width: auto; border-collapse: separate; border-spacing: 1px; font-size: 8pt; }
    table.grid th, table.grid td { border: 0; padding: 0 1mm; }
    table.grid td { width: 3.4mm; min-width: 3.4mm; height: 3.4mm; padding: 0; text-align: center; vertical-align: middle; line-height: 1; font-size: 7pt; color: #1d232b; }
    table.grid th.skill { background: none; vertical-align: bottom; padding: 0; }
    table.grid th.skill span { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: 400; font-size: 7pt; }
    table.grid th.student { background: none; font-weight: 400; white-space: nowrap; text-align: left; }
    /* Print compacts everything to fit a student on one A4 page and a class on two; links print
       their URL, since paper cannot be clicked. */
    @media print {
        body { font-size: 8pt; line-height: 1.3; padding: 0; max-width: none; }
        h1 { font-size: 13pt; margin: 0 0 1mm; }
        h2 { font-size: 9.5pt; margin: 2.5mm 0 1mm; break-after: avoid; }
        p { margin: 0.6mm 0; }
        table { font-size: 7.5pt; }
        th, td { padding: 0.2mm 1mm; }
        .caption { font-size: 6.8pt; }
        .bar { width: 9mm; height: 2mm; }
        svg { margin: 1mm auto; }
        svg.graph { max-height: 76mm; width: auto; }
        svg.graph.printed { max-height: none; }
        ul.needs { padding-left: 4mm; margin: 1mm 0; }
        ul.levels { font-size: 7.2pt; columns: 4; column-gap: 3mm; }
        footer { margin-top: 2mm; font-size: 6.5pt; }
        a { color: inherit; text-decoration: none; }
        .screen-only { display: none; }
        .print-only { display: block; }
        table.path tbody tr:nth-child(n+\(StudentHTML.printedSteps + 1)) { display: none; }
        table.grid { font-size: 6.3pt; line-height: 1; }
        table.grid td { width: 3mm; min-width: 3mm; height: 2.2mm; font-size: 5.5pt; }
        table.grid th.skill span { font-size: 5.8pt; }
        section.grid { break-before: page; }
        svg.chart { max-height: 120mm; }
        a[href]::after { content: " (" attr(href) ")"; font-size: 6.5pt; color: #4a5563; word-break: break-all; }
    }
    """
}
