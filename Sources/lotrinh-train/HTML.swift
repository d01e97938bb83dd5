import Foundation
import MasteryData

/// Self-contained HTML pages for analysts: inline CSS and SVG, nothing fetched. The markup is
/// also well-formed XML (every element closed, no named entities but XML's own), so that a test
/// can parse a whole page with an XML parser.
enum HTML {
    struct WriteError: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes a page atomically, so that a failed write leaves no half page behind.
    static func write(_ page: String, to path: String) throws(WriteError) {
        do {
            try Data(page.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw WriteError(path: path, reason: error.localizedDescription)
        }
    }

    /// Text as HTML by the one rule all reports share (MasteryData's `String.escapingHTML`).
    static func escape(_ text: String) -> String { text.escapingHTML }

    /// A table: a header row and body rows of already-escaped cell markup. Columns listed in
    /// `numeric` align right, so that figures line up by their digits.
    static func table(header: [String], rows: [[String]], numeric: Set<Int> = [], caption: String? = nil) -> String {
        func cells(_ row: [String], tag: String) -> String {
            row.enumerated().map { column, cell in
                "<\(tag)\(numeric.contains(column) ? " class=\"num\"" : "")>\(cell)</\(tag)>"
            }.joined()
        }
        var parts = ["<table>"]
        if let caption { parts.append("<caption>\(escape(caption))</caption>") }
        parts.append("<thead><tr>\(cells(header.map(escape), tag: "th"))</tr></thead>")
        parts.append("<tbody>")
        parts += rows.map { "<tr>\(cells($0, tag: "td"))</tr>" }
        parts.append("</tbody></table>")
        return parts.joined(separator: "\n")
    }

    /// The page around the body's markup.
    static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
        <head>
        <meta charset="utf-8"/>
        <title>\(escape(title))</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// Colours told apart by most colour-blind readers (Okabe–Ito), then grey.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442", "#8C8C8C"]

    private static let style = """
    body { font-family: "Noto Sans", "DejaVu Sans", sans-serif; color: #222; margin: 24px 32px; max-width: 1040px; }
    h1 { font-size: 22px; margin-bottom: 4px; }
    h2 { font-size: 18px; margin-top: 28px; border-bottom: 1px solid #ccc; padding-bottom: 4px; }
    p.note { color: #555; font-size: 13px; max-width: 900px; }
    table { border-collapse: collapse; font-size: 13px; margin: 8px 0 16px; }
    caption { text-align: left; font-weight: bold; padding-bottom: 4px; }
    th, td { border-bottom: 1px solid #ddd; padding: 3px 10px; text-align: left; }
    th { background: #f3f3f3; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    .charts { display: flex; flex-wrap: wrap; gap: 12px; }
    svg.chart { font-size: 11px; background: #fff; }
    svg.chart .grid { stroke: #e6e6e6; }
    svg.chart .axis { stroke: #444; }
    svg.chart .chart-title { font-size: 13px; font-weight: bold; }
    svg.chart .axis-label { font-size: 12px; }
    svg.chart .point-label { font-size: 10px; fill: #444; }
    svg.chart .legend { fill: #fff; fill-opacity: 0.85; stroke: #ccc; }
    """
}
