import MasteryData

/// Skills, their prerequisite DAG and their resources: what a simulated school teaches, in
/// MasteryData's vocabulary, so a simulated curriculum is the same values a school's
/// `skills.csv`, `prerequisites.csv` and `resources.csv` load into.
///
/// A thin container rather than a `Dataset`: it has no responses, and it keeps
/// the edges in the order `prerequisites.csv` lists them (`PrerequisiteGraph`
/// sorts and merges them), so the generated files do not change with the graph's storage.
/// The initializer checks what the generator relies on (edges between known skills, no
/// repeated edge, no cycle, resources per skill) so a `Curriculum` value is always usable.
public struct Curriculum: Sendable, Equatable {
    public let skills: SkillCatalog
    /// Prerequisite edges by skill index (into ``skills``), in file order.
    public let prerequisites: [PrerequisiteGraph.Edge]
    /// Learning material per skill index.
    public let resources: [[Resource]]

    /// Checks and holds a curriculum; `resources` has one list per skill, or no lists for a
    /// curriculum without material.
    public init(skills: SkillCatalog, prerequisites: [PrerequisiteGraph.Edge], resources: [[Resource]]) throws(SimulationError) {
        guard skills.count > 0 else {
            throw .invalidCurriculum("a curriculum needs at least one skill")
        }
        guard [skills.names, skills.subjects, skills.grades, skills.topics].allSatisfy({ $0.count == skills.count }) else {
            throw .invalidCurriculum("the skill catalog's columns differ in length from its \(skills.count) ids")
        }
        let known = 0..<skills.count
        for edge in prerequisites {
            for skill in [edge.prerequisite, edge.skill] where !known.contains(skill) {
                throw .invalidCurriculum("prerequisite edge \(edge) names skill index \(skill), outside 0..<\(skills.count)")
            }
            guard edge.prerequisite != edge.skill else {
                throw .invalidCurriculum("skill \(skills.ids[edge.skill]) is its own prerequisite")
            }
        }
        guard Set(prerequisites).count == prerequisites.count else {
            throw .invalidCurriculum("a prerequisite edge is listed twice")
        }
        guard resources.isEmpty || resources.count == skills.count else {
            throw .invalidCurriculum("\(resources.count) resource lists for \(skills.count) skills")
        }
        self.skills = skills
        self.prerequisites = prerequisites
        self.resources = resources.isEmpty ? Array(repeating: [], count: skills.count) : resources

        if let cycle = graph.cycles().first {
            let ids = cycle.prefix(20).map { skills.ids[$0] }.joined(separator: " → ")
            throw .invalidCurriculum("prerequisites form a cycle: \(ids)")
        }
    }

    /// The prerequisite graph by skill index.
    public var graph: PrerequisiteGraph {
        PrerequisiteGraph(skillCount: skills.count, edges: prerequisites)
    }

    /// How many resources all skills have together (the rows of `resources.csv`).
    public var resourceCount: Int {
        resources.reduce(0) { $0 + $1.count }
    }
}
