import Foundation
import MasteryData
import MasteryModel

/// How a typed topic or grade finds the value in skills.csv: a value written exactly as in the
/// file is that value; otherwise case, then diacritics (in either Unicode normal form), and runs of
/// spaces are ignored, so "phân số", "phan so" and "PHÂN SỐ" all find "Phân số". One rule for the
/// teacher's `lotrinh-path --topic` and the service's `topic` option.
public enum NameFolding {
    /// The form two names are compared in. Diacritic folding strips combining marks, but `đ` is a
    /// letter of its own (no decomposition), so it would stay `đ` and "do dac" would not find
    /// "Đo đạc": it is mapped to `d` here, as Vietnamese typed without diacritics writes it.
    public static func key(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "d")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The values of `available` that `typed` names, closest spelling first: the value written
    /// exactly so (Swift compares strings by canonical equivalence, so NFC and NFD are the same),
    /// else those equal but for case and spaces, else those with the same ``key(_:)``. More than
    /// one means the typed name is ambiguous.
    public static func matches(_ typed: String, in available: [String]) -> [String] {
        if available.contains(typed) { return [typed] }
        let sameCase = { (name: String) in
            name.folding(options: .caseInsensitive, locale: nil).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let typedCase = sameCase(typed)
        let byCase = available.filter { sameCase($0) == typedCase }
        if !byCase.isEmpty { return byCase }
        let wanted = key(typed)
        return available.filter { key($0) == wanted }
    }
}

/// The topic and grade of each skill of a model (from skills.csv), and the skills a typed topic
/// and grade select: what `lotrinh-path --topic/--grade` and the service's path options share.
public struct CurriculumSelection: Sendable {
    /// Why a typed topic or grade selects nothing; the caller words it (in its language).
    public enum Failure: Error, Sendable, Equatable {
        /// No value matches; `available` lists the values there are, in the file's order.
        case unknownTopic(typed: String, available: [String])
        case unknownGrade(typed: String, available: [String])
        /// Several values match once case and diacritics are ignored.
        case ambiguousTopic(typed: String, matches: [String])
        case ambiguousGrade(typed: String, matches: [String])
        /// Both matched, but no skill has that topic in that grade.
        case noTopicInGrade(topic: String, grade: String, topicsOfGrade: [String])
    }

    /// Skills of the model that skills.csv lists, in the model's order.
    private let skills: [(id: String, topic: String, grade: String)]

    /// The model's skills (`modelSkillIds`) with their topic and grade in `catalog`; skills the
    /// catalog does not list belong to no topic and no grade.
    public init(modelSkillIds: [String], catalog: SkillCatalog) {
        skills = modelSkillIds.compactMap { id in
            catalog.ids.index(of: id).map { (id: id, topic: catalog.topics[$0], grade: catalog.grades[$0]) }
        }
    }

    /// Each model skill's topic ("" when skills.csv does not give one): what the planner's topic
    /// coherence reads.
    public static func topics(modelSkillIds: [String], catalog: SkillCatalog) -> [String] {
        modelSkillIds.map { id in catalog.ids.index(of: id).map { catalog.topics[$0] } ?? "" }
    }

    /// The topics (or grades) there are, each once, in the order of the skills file.
    public var topics: [String] { Self.distinct(skills.map(\.topic)) }
    public var grades: [String] { Self.distinct(skills.map(\.grade)) }

    /// The ids of the skills with the typed topic and grade (either may be nil: any), in the
    /// model's order, with the values of the file they matched (by ``NameFolding``).
    public func skills(topic typedTopic: String?, grade typedGrade: String?) throws(Failure) -> (ids: [String], topic: String?, grade: String?) {
        var topic: String?
        if let typedTopic {
            let found = NameFolding.matches(typedTopic, in: topics)
            guard !found.isEmpty else { throw .unknownTopic(typed: typedTopic, available: topics) }
            guard found.count == 1 else { throw .ambiguousTopic(typed: typedTopic, matches: found) }
            topic = found[0]
        }
        var grade: String?
        if let typedGrade {
            let found = NameFolding.matches(typedGrade, in: grades)
            guard !found.isEmpty else { throw .unknownGrade(typed: typedGrade, available: grades) }
            guard found.count == 1 else { throw .ambiguousGrade(typed: typedGrade, matches: found) }
            grade = found[0]
        }
        let chosen = skills.filter { skill in (topic.map { skill.topic == $0 } ?? true) && (grade.map { skill.grade == $0 } ?? true) }
        if let topic, let grade, chosen.isEmpty {
            throw .noTopicInGrade(topic: topic, grade: grade, topicsOfGrade: Self.distinct(skills.filter { $0.grade == grade }.map(\.topic)))
        }
        return (chosen.map(\.id), topic, grade)
    }

    /// The non-empty values, each once, in their first order.
    private static func distinct(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}

extension Recommender {
    /// The learning material of `resources.csv` (columns `skill_id`, `title`, `url`) per skill of
    /// `model`, in the model's skill order: what ``init(model:resources:topics:)`` takes. Read by
    /// MasteryData's `ResourceFile`, the one reader of that file: a row on a skill the model does
    /// not have, or without a title, is an error naming the file, line, column and value.
    public static func resources(csvPath path: String, model: MasteryModel, format: InputFormat = InputFormat()) throws(InputError) -> [[Resource]] {
        var skills = SkillCatalog()
        for id in model.metadata.skillIds { skills.add(id: id) }
        return try ResourceFile.load(path: path, skills: skills, skillsFrom: "the model", options: DatasetLoadOptions(format: format)).resources
    }
}
