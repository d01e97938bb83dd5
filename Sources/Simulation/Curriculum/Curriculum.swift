import MasteryData
/// One skill of a curriculum, as it appears in `skills.csv`.
public struct Skill: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var subject: String
    public var grade: Int
    public var topic: String

    public init(id: String, name: String, subject: String, grade: Int, topic: String) {
        self.id = id
        self.name = name
        self.subject = subject
        self.grade = grade
        self.topic = topic
    }
}

/// "Learn `prerequisiteID` before `skillID`", as in `prerequisites.csv`.
public struct PrerequisiteEdge: Sendable, Hashable, Codable {
    public var prerequisiteID: String
    public var skillID: String

    public init(prerequisiteID: String, skillID: String) {
        self.prerequisiteID = prerequisiteID
        self.skillID = skillID
    }
}

/// Learning material for a skill, as in `resources.csv`.
public struct LearningResource: Sendable, Hashable, Codable {
    public var skillID: String
    public var title: String
    public var url: String

    public init(skillID: String, title: String, url: String) {
        self.skillID = skillID
        self.title = title
        self.url = url
    }
}

/// Skills, their prerequisite DAG and their resources: what a simulated school teaches.
///
/// The initializer checks what the generator relies on (unique ids, edges between known
/// skills, no cycle) so a `Curriculum` value is always usable.
public struct Curriculum: Sendable, Hashable {
    public let skills: [Skill]
    public let prerequisites: [PrerequisiteEdge]
    public let resources: [LearningResource]

    public init(skills: [Skill], prerequisites: [PrerequisiteEdge], resources: [LearningResource]) throws(SimulationError) {
        guard !skills.isEmpty else {
            throw .invalidCurriculum("a curriculum needs at least one skill")
        }
        var indexByID: [String: Int] = [:]
        for (index, skill) in skills.enumerated() {
            guard indexByID.updateValue(index, forKey: skill.id) == nil else {
                throw .invalidCurriculum("skill id \(skill.id) appears twice")
            }
        }
        for edge in prerequisites {
            for id in [edge.prerequisiteID, edge.skillID] where indexByID[id] == nil {
                throw .invalidCurriculum("prerequisite \(edge.prerequisiteID) → \(edge.skillID) names unknown skill \(id)")
            }
            guard edge.prerequisiteID != edge.skillID else {
                throw .invalidCurriculum("skill \(edge.skillID) is its own prerequisite")
            }
        }
        guard Set(prerequisites).count == prerequisites.count else {
            throw .invalidCurriculum("a prerequisite edge is listed twice")
        }
        for resource in resources where indexByID[resource.skillID] == nil {
            throw .invalidCurriculum("resource \(resource.title) names unknown skill \(resource.skillID)")
        }
        self.skills = skills
        self.prerequisites = prerequisites
        self.resources = resources

        if let cycle = PrerequisiteGraph(self).cycles().first {
            let ids = cycle.prefix(20).map { skills[$0].id }.joined(separator: " → ")
            throw .invalidCurriculum("prerequisites form a cycle: \(ids)")
        }
    }
}
