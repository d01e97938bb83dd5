/// The skills of a curriculum: ids, display names (often Vietnamese) and optional subject, grade, topic.
public struct SkillCatalog: Sendable, Equatable {
    public var ids: IdTable
    /// Display name per skill; the id itself when no name is known.
    public var names: [String]
    public var subjects: [String]
    public var grades: [String]
    public var topics: [String]

    public init() {
        ids = IdTable()
        names = []
        subjects = []
        grades = []
        topics = []
    }

    public var count: Int { ids.count }

    /// Adds a skill, or returns the existing index of `id`.
    @discardableResult
    public mutating func add(id: String, name: String? = nil, subject: String = "", grade: String = "", topic: String = "") -> Int {
        let index = ids.intern(id)
        if index == names.count {
            names.append(name ?? id)
            subjects.append(subject)
            grades.append(grade)
            topics.append(topic)
        }
        return index
    }

    /// Reads `skills.csv`: `skill_id`, `name`, optional `subject`, `grade`, `topic`.
    /// A skill listed twice is an error naming both lines.
    public static func load(path: String, displayName: String? = nil, mapping: ColumnMapping,
                            skipInvalid: Bool = false, limits: CSVReader.Limits = .init(),
                            format: InputFormat = InputFormat()) throws(InputError) -> (SkillCatalog, SkipReport) {
        let reader = try CSVReader(path: path, displayName: displayName, limits: limits, format: format)
        let header = try CSVHeader(reader: reader, mapping: mapping, required: [.skill, .name],
                                   optional: [.subject, .grade, .topic])
        var catalog = SkillCatalog()
        var firstLine: [Int] = []
        var policy = RowErrorPolicy(skipInvalid: skipInvalid)
        while try reader.nextRecord() {
            do throws(InputError) {
                try header.checkFieldCount(reader)
                let id = try header.requiredValue(.skill, reader)
                guard id.utf8.count <= limits.maxIdBytes else {
                    throw header.error(.skill, reader, reason: .tooLong,
                                       expected: "a skill id of at most \(limits.maxIdBytes) bytes, not \(id.utf8.count) (an unclosed quote?)")
                }
                if let existing = catalog.ids.index(of: id) {
                    throw InputError(file: reader.path, line: reader.line, column: header[.skill]! + 1,
                                     columnName: header.names[header[.skill]!], value: id, reason: .duplicateSkill,
                                     expected: "each skill once (already listed on line \(firstLine[existing]))")
                }
                catalog.add(id: id, name: header.optionalValue(.name, reader) ?? id,
                            subject: header.optionalValue(.subject, reader) ?? "",
                            grade: header.optionalValue(.grade, reader) ?? "",
                            topic: header.optionalValue(.topic, reader) ?? "")
                firstLine.append(reader.line)
            } catch {
                try policy.handle(error)
            }
        }
        return (catalog, policy.skipped)
    }
}

extension CSVHeader {
    /// Every row must have as many fields as the header: a missing comma shifts every later value.
    func checkFieldCount(_ reader: CSVReader) throws(InputError) {
        guard reader.fieldCount != names.count else { return }
        throw InputError(file: reader.path, line: reader.line, value: "\(reader.fieldCount) fields",
                         reason: .wrongFieldCount, expected: "\(names.count) fields as in the header")
    }

    /// The non-empty text of `role`'s column.
    func requiredValue(_ role: ColumnRole, _ reader: CSVReader) throws(InputError) -> String {
        let column = self[role]!
        let value = reader.string(column)
        guard !value.trimmingSpaces.isEmpty else {
            throw InputError(file: reader.path, line: reader.line, column: column + 1, columnName: names[column],
                             value: value, reason: .emptyValue, expected: "a \(role.rawValue) id")
        }
        return value
    }

    /// The text of `role`'s column, nil when the file has no such column or the cell is empty.
    func optionalValue(_ role: ColumnRole, _ reader: CSVReader) -> String? {
        guard let column = self[role] else { return nil }
        let value = reader.string(column)
        return value.isEmpty ? nil : value
    }

    func error(_ role: ColumnRole, _ reader: CSVReader, reason: InputError.Reason, expected: String) -> InputError {
        let column = self[role]!
        return InputError(file: reader.path, line: reader.line, column: column + 1, columnName: names[column],
                          value: reader.string(column), reason: reason, expected: expected)
    }
}
