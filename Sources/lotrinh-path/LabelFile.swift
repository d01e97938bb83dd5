import Foundation
import MasteryData

/// A small CSV of names a teacher knows, keyed by an id: the roster (`student_id`, `name`,
/// optional `class_id`) or the item titles (`item_id`, `title`). Read only when a report is
/// written, so names never enter a model. Read with MasteryData's CSV reader: the encodings and
/// delimiters of the answers, and errors that name the file, line, column and value.
struct LabelFile {
    /// The label of each id.
    let labels: [String: String]
    /// The optional column's non-empty values, by id.
    let extras: [String: String]

    init(path: String, key: String, label: String, optional: String? = nil, format: InputFormat) throws {
        let reader = try CSVReader(path: path, format: format)
        guard try reader.nextRecord() else {
            throw InputError(file: reader.path, reason: .emptyFile, expected: "a header with columns \(key) and \(label)")
        }
        let header = reader.strings().map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ name: String) throws -> Int {
            guard let index = header.firstIndex(of: name) else {
                throw InputError(file: reader.path, line: reader.line, value: header.joined(separator: ","), reason: .missingColumn,
                                 expected: "a column named '\(name)'")
            }
            return index
        }
        let keyColumn = try column(key)
        let labelColumn = try column(label)
        let extraColumn = optional.flatMap { header.firstIndex(of: $0) }

        var labels: [String: String] = [:]
        var extras: [String: String] = [:]
        var firstLine: [String: Int] = [:]
        while try reader.nextRecord() {
            guard reader.fieldCount == header.count else {
                throw InputError(file: reader.path, line: reader.line, value: "\(reader.fieldCount) fields", reason: .wrongFieldCount,
                                 expected: "\(header.count) fields, as in the header")
            }
            func value(_ column: Int) throws -> String {
                let text = reader.string(column).trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else {
                    throw InputError(file: reader.path, line: reader.line, column: column + 1, columnName: header[column], value: text,
                                     reason: .emptyValue, expected: "a non-empty \(header[column])")
                }
                return text
            }
            let id = try value(keyColumn)
            if let first = firstLine[id] {
                throw DataError("\(reader.path):\(reader.line):\(keyColumn + 1): \(key) \"\(id)\" is listed twice (first on line \(first))")
            }
            firstLine[id] = reader.line
            labels[id] = try value(labelColumn)
            if let extraColumn {
                let extra = reader.string(extraColumn).trimmingCharacters(in: .whitespaces)
                if !extra.isEmpty { extras[id] = extra }
            }
        }
        self.labels = labels
        self.extras = extras
    }
}
