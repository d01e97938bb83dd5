import MasteryData
import Recommend

/// The items diagnostics and quizzes choose from: the config's `items` file, any CSV with
/// `item_id` and `skill_id` columns (one row per item and skill, e.g. an answer log).
enum ItemBank {
    /// Each item once, with its skills in the order of first appearance. A row naming a skill
    /// the model lacks is refused with the file, line, column and value, so that a reload with
    /// a bank that no longer fits the model keeps the old model serving.
    static func load(path: String, recommender: Recommender) throws -> [DiagnosticItem] {
        let reader: CSVReader
        do {
            reader = try CSVReader(path: path)
            guard try reader.nextRecord() else { throw ConfigurationError("\(path) is empty: it needs the columns item_id and skill_id") }
            let header = reader.strings()
            guard let itemColumn = header.firstIndex(of: "item_id"), let skillColumn = header.firstIndex(of: "skill_id") else {
                throw ConfigurationError("\(path):1: the item bank needs the columns item_id and skill_id (it has \(header.joined(separator: ", ")))")
            }
            var order: [String] = []
            var skills: [String: [String]] = [:]
            while try reader.nextRecord() {
                guard reader.fieldCount == header.count else {
                    throw ConfigurationError("\(path):\(reader.line): \(reader.fieldCount) fields, the header has \(header.count)")
                }
                let item = reader.string(itemColumn), skill = reader.string(skillColumn)
                guard !item.isEmpty else {
                    throw ConfigurationError("\(path):\(reader.line), column \(itemColumn + 1) (item_id): the item id is empty")
                }
                guard recommender.model.skillIndex.index(of: skill) != nil else {
                    throw ConfigurationError("\(path):\(reader.line), column \(skillColumn + 1) (skill_id): skill '\(skill)' is not in the model")
                }
                if skills[item] == nil { order.append(item) }
                if !(skills[item]?.contains(skill) ?? false) { skills[item, default: []].append(skill) }
            }
            guard !order.isEmpty else { throw ConfigurationError("\(path) has a header but no items") }
            return order.map { DiagnosticItem(id: $0, skillIds: skills[$0]!) }
        } catch let error as InputError {
            throw ConfigurationError("the item bank: \(error)")
        }
    }
}
