/// The header row of one input file and where each role's column is.
struct CSVHeader {
    let file: String
    let names: [String]
    private var columns: [ColumnRole: Int] = [:]

    /// Reads the header row and resolves `required` and `optional` roles through `mapping`.
    ///
    /// A header matches exactly, else ignoring case and surrounding spaces. A required role, or an
    /// optional one the user named explicitly, must be present. A header that appears twice is an
    /// error when Lotrinh would read it (which of the two is meant?), and ignored otherwise. An
    /// unset optional role is not read even where its column is there; an unset required role is
    /// an error.
    init(reader: CSVReader, mapping: ColumnMapping, required: [ColumnRole], optional: [ColumnRole]) throws(InputError) {
        file = reader.path
        guard try reader.nextRecord() else {
            throw InputError(file: file, reason: .emptyFile, expected: "a header row naming the columns, then data rows")
        }
        names = reader.strings()
        if let role = required.first(where: mapping.isUnset) {
            throw InputError(file: file, line: 1, reason: .missingColumn,
                             expected: "a column for \(role.rawValue), which this file needs: --column \(role.rawValue)= cannot unset it")
        }
        for role in required + optional where !mapping.isUnset(role) {
            let wanted = mapping.header(for: role)
            guard let column = try Self.find(wanted, in: names, file: file, line: reader.line) else {
                if required.contains(role) || mapping.isExplicit(role) {
                    throw Self.missing(role: role, header: wanted, names: names, file: file, delimiter: reader.delimiter,
                                       fix: Self.fix(for: role, mapping: mapping, required: required, names: names))
                }
                continue
            }
            columns[role] = column
        }
    }

    subscript(role: ColumnRole) -> Int? { columns[role] }

    func has(_ role: ColumnRole) -> Bool { columns[role] != nil }

    private static func find(_ wanted: String, in names: [String], file: String, line: Int) throws(InputError) -> Int? {
        let normalized = wanted.trimmingSpaces.lowercased()
        for exact in [true, false] {
            let matches = names.indices.filter {
                exact ? names[$0] == wanted : names[$0].trimmingSpaces.lowercased() == normalized
            }
            if matches.count > 1 {
                throw InputError(file: file, line: line, column: matches[1] + 1, columnName: names[matches[1]],
                                 reason: .duplicateHeader,
                                 expected: "one column named '\(wanted)' (it is also column \(matches[0] + 1))")
            }
            if let match = matches.first { return match }
        }
        return nil
    }

    /// How to read the file after all: another header for the role, or else a preset that finds
    /// every column the file needs in its header. No preset is offered for a role the user named
    /// (`--column` outranks a preset), nor when none fits: the one already given has just failed.
    private static func fix(for role: ColumnRole, mapping: ColumnMapping, required: [ColumnRole], names: [String]) -> String {
        let column = "map another with --column \(role.rawValue)=HEADER"
        guard !mapping.isExplicit(role) else { return column }
        let fitting = DatasetPreset.allCases.filter { preset in
            required.allSatisfy { needed in
                (try? find(preset.mapping.header(for: needed), in: names, file: "", line: 1)) != nil
            }
        }
        guard !fitting.isEmpty else { return column }
        let presets = fitting.map { "--preset \($0.rawValue)" }.joined(separator: " or ")
        return column + ", or read the file with \(presets), whose columns it has"
    }

    private static func missing(role: ColumnRole, header: String, names: [String], file: String, delimiter: CSVDelimiter,
                                fix: String) -> InputError {
        // Escaped and cut short: a binary file read as text has a "header" of kilobytes of control bytes.
        let available = (names.prefix(20).map { "'\(InputError.shortened($0.escapingControlCharacters))'" }
            + (names.count > 20 ? ["… (\(names.count) columns)"] : [])).joined(separator: ", ")
        if names.count == 1, let separator = likelySeparator(in: names[0], besides: delimiter) {
            return InputError(file: file, line: 1, reason: .missingColumn,
                              expected: "a column '\(header)' for \(role.rawValue); the header is one column \(available): it looks separated by \(separator)")
        }
        return InputError(file: file, line: 1, reason: .missingColumn,
                          expected: "a column '\(header)' for \(role.rawValue) (the header has \(available); \(fix))")
    }

    /// A one-column header that contains another separator many times was cut with the wrong one:
    /// says which, and how to read it.
    private static func likelySeparator(in header: String, besides delimiter: CSVDelimiter) -> String? {
        let candidates: [Character] = [",", ";", "\t", "|", ":"]
        let counts = candidates.map { candidate in (candidate, header.filter { $0 == candidate }.count) }
        guard let (separator, count) = counts.max(by: { $0.1 < $1.1 }), count > 0,
              separator != Character(Unicode.Scalar(delimiter.byte)) else { return nil }
        if let known = CSVDelimiter(byte: UInt8(ascii: separator.unicodeScalars.first!)) {
            return "\(known.shown): read it with --delimiter \(known.rawValue)"
        }
        return "'\(separator)', which Lotrinh does not read; save it as comma-, semicolon- or tab-separated"
    }
}

extension String {
    var trimmingSpaces: String {
        var view = Substring(self)
        while view.first?.isWhitespace == true { view.removeFirst() }
        while view.last?.isWhitespace == true { view.removeLast() }
        return String(view)
    }
}
