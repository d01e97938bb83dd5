/// A plain-text table whose columns line up by display width (Vietnamese combining marks take no
/// column, Chinese characters two): long cells wrap at spaces within the column's width, or are
/// cut with "…" when the column truncates.
struct TextTable {
    enum Overflow { case wrap, truncate }
    enum Alignment { case left, right }

    struct Column {
        var header: String
        var maximumWidth: Int
        var overflow: Overflow = .wrap
        var alignment: Alignment = .left
    }

    /// One cell's text and the colour it is painted in on a terminal.
    struct Cell: ExpressibleByStringLiteral {
        var text: String
        var colour: TerminalStyle.Colour?

        init(_ text: String, colour: TerminalStyle.Colour? = nil) {
            self.text = text
            self.colour = colour
        }

        init(stringLiteral value: String) { self.init(value) }
    }

    let columns: [Column]
    private(set) var rows: [[Cell]] = []
    /// Lines printed under a row, indented to the second column (e.g. a step's learning material).
    private var notes: [Int: [String]] = [:]

    init(columns: [Column]) { self.columns = columns }

    mutating func append(_ cells: [Cell], notes rowNotes: [String] = []) {
        precondition(cells.count == columns.count, "a row needs one cell per column")
        if !rowNotes.isEmpty { notes[rows.count] = rowNotes }
        rows.append(cells)
    }

    func render(style: TerminalStyle = .plain, separator: String = "  ") -> [String] {
        let widths = columns.indices.map { column in
            let widest = ([columns[column].header] + rows.map { $0[column].text }).map(DisplayWidth.of).max() ?? 0
            return min(widest, columns[column].maximumWidth)
        }
        let indent = String(repeating: " ", count: (widths.first ?? 0) + separator.count)
        var lines = renderRow(columns.map { Cell($0.header, colour: .bold) }, widths: widths, style: style, separator: separator)
        for (index, row) in rows.enumerated() {
            lines += renderRow(row, widths: widths, style: style, separator: separator)
            lines += (notes[index] ?? []).map { indent + $0 }
        }
        return lines
    }

    private func renderRow(_ cells: [Cell], widths: [Int], style: TerminalStyle, separator: String) -> [String] {
        let cellLines = cells.indices.map { column -> [String] in
            let text = cells[column].text
            let width = widths[column]
            switch columns[column].overflow {
            case .truncate: return [DisplayWidth.fit(text, to: width)]
            case .wrap: return DisplayWidth.wrap(text, to: width)
            }
        }
        let height = cellLines.map(\.count).max() ?? 1
        return (0..<height).map { line in
            let parts = cells.indices.map { column -> String in
                let width = widths[column]
                guard line < cellLines[column].count else { return String(repeating: " ", count: width) }
                let text = cellLines[column][line]
                let padded = columns[column].alignment == .right
                    ? String(repeating: " ", count: max(0, width - DisplayWidth.of(text))) + text
                    : DisplayWidth.fit(text, to: width)
                return style.paint(padded, cells[column].colour)
            }
            return String(parts.joined(separator: separator).reversed().drop { $0 == " " }.reversed())
        }
    }
}
