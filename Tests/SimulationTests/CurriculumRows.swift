import MasteryData
import Simulation

/// A curriculum's skills, edges and resources as the rows of the CSV files the generator
/// writes: skill ids instead of indices, so tests can compare them with files and look skills
/// up by id.
struct SkillRow: Hashable {
    var id, name, subject, grade, topic: String
}

struct EdgeRow: Hashable, CustomStringConvertible {
    var prerequisiteID, skillID: String
    var description: String { "\(prerequisiteID) → \(skillID)" }
}

struct ResourceRow: Hashable {
    var skillID, title, url: String
}

extension Curriculum {
    var skillRows: [SkillRow] {
        (0..<skills.count).map { index in
            SkillRow(id: skills.ids[index], name: skills.names[index], subject: skills.subjects[index],
                     grade: skills.grades[index], topic: skills.topics[index])
        }
    }

    var edgeRows: [EdgeRow] {
        prerequisites.map { EdgeRow(prerequisiteID: skills.ids[$0.prerequisite], skillID: skills.ids[$0.skill]) }
    }

    var resourceRows: [ResourceRow] {
        resources.enumerated().flatMap { skill, material in
            material.map { ResourceRow(skillID: skills.ids[skill], title: $0.title, url: $0.url) }
        }
    }
}
