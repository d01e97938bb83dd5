import MasteryData

extension PrerequisiteGraph {
    /// The curriculum's prerequisite graph by skill index (the row order of `curriculum.skills`).
    init(_ curriculum: Curriculum) {
        var indexByID: [String: Int] = [:]
        for (index, skill) in curriculum.skills.enumerated() { indexByID[skill.id] = index }
        self.init(skillCount: curriculum.skills.count, edges: curriculum.prerequisites.map { edge in
            Edge(prerequisite: indexByID[edge.prerequisiteID]!, skill: indexByID[edge.skillID]!)
        })
    }
}
