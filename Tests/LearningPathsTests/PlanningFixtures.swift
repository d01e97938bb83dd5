import LearningPaths
import MasteryData

func graph(_ skillCount: Int, _ pairs: [(Int, Int)]) -> PrerequisiteGraph {
    PrerequisiteGraph(skillCount: skillCount, edges: pairs.map { PrerequisiteGraph.Edge(prerequisite: $0.0, skill: $0.1) })
}

/// Plans with certain (zero-width) estimates unless intervals are given.
func plan(_ graph: PrerequisiteGraph?, mastery: [Double], options: PlanOptions = PlanOptions(),
          topics: [Int]? = nil, resources: [[Resource]]? = nil) throws -> LearningPath {
    let planner = try PathPlanner(skillCount: mastery.count, graph: graph, topics: topics, resources: resources)
    return try planner.plan(MasteryEstimates(certain: mastery), options: options)
}
