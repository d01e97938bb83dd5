/// The items a diagnostic or a quiz may choose from, read from any CSV with `item_id` and
/// `skill_id` columns: one row per item and skill, so an answer log serves as a bank too.
public struct ItemBank: Sendable, Equatable {
    /// One item and the skills it is tagged with.
    public struct Item: Sendable, Hashable {
        public var id: String
        /// By id, in the order the file first names them.
        public var skillIds: [String]

        public init(id: String, skillIds: [String]) {
            self.id = id
            self.skillIds = skillIds
        }
    }

    /// Each item once, in the order of its first row.
    public var items: [Item]

    public init(items: [Item]) {
        self.items = items
    }

    /// Reads the bank at `path`. A row whose skill `isKnownSkill` refuses is an error naming the
    /// file, line, column and value, so that a bank that does not fit the model is never half used;
    /// so are an empty item id, a row with the wrong number of fields and a file without items.
    public static func load(path: String, displayName: String? = nil, mapping: ColumnMapping = ColumnMapping(),
                            limits: CSVReader.Limits = .init(), format: InputFormat = InputFormat(),
                            isKnownSkill: (String) -> Bool) throws(InputError) -> ItemBank {
        let reader = try CSVReader(path: path, displayName: displayName, limits: limits, format: format)
        let header = try CSVHeader(reader: reader, mapping: mapping, required: [.item, .skill], optional: [])
        var order: [String] = []
        var skills: [String: [String]] = [:]
        while try reader.nextRecord() {
            try header.checkFieldCount(reader)
            let item = try header.requiredValue(.item, reader)
            let skill = try header.requiredValue(.skill, reader)
            guard isKnownSkill(skill) else {
                throw header.error(.skill, reader, reason: .unknownSkill, expected: "a skill of the model")
            }
            if skills[item] == nil { order.append(item) }
            if !(skills[item]?.contains(skill) ?? false) { skills[item, default: []].append(skill) }
        }
        guard !order.isEmpty else {
            throw InputError(file: reader.path, reason: .emptyFile, expected: "at least one row with an item_id and a skill_id after the header")
        }
        return ItemBank(items: order.map { Item(id: $0, skillIds: skills[$0]!) })
    }
}
