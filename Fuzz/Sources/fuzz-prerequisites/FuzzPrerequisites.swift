import FuzzSupport
import LearningPaths
import MasteryData

// prerequisites.csv through Dataset.load beside a fixed valid dataset, then everything that
// consumes the graph: cycle reports, breaking cycles, topological order, levels, reduction and
// the path planner, whose every path must respect the graph.

private let fixed = FixedDataset()
private let scratch = ScratchFile("prerequisites.csv")
private let estimates = try! MasteryEstimates(certain: FixedDataset.skillIds.indices.map { Double($0 % 4) / 4 })

func fuzzPrerequisites(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    scratch.write(inputBytes(data, size))
    let files = DatasetFiles(responses: fixed.responses.path, skills: fixed.skills.path, prerequisites: scratch.path)
    for options in [DatasetLoadOptions(), DatasetLoadOptions(skipInvalid: true, limits: smallLimits)] {
        guard let dataset = try? Dataset.load(files, options: options), let graph = dataset.graph else { continue }
        check(graph)
    }
    return 0
}

private func check(_ graph: PrerequisiteGraph) {
    let cycles = graph.cycles()
    require(cycles.isEmpty == graph.isAcyclic, "cycles() and isAcyclic disagree")
    let (acyclic, removed) = graph.breakingCycles()
    require(acyclic.isAcyclic, "breakingCycles left a cycle")
    require(removed.isEmpty == graph.isAcyclic && acyclic.edgeCount + removed.count == graph.edgeCount)

    let order = try! acyclic.topologicalOrder()
    var position = [Int](repeating: -1, count: acyclic.skillCount)
    for (index, skill) in order.enumerated() { position[skill] = index }
    for edge in acyclic.edges { require(position[edge.prerequisite] < position[edge.skill], "order breaks \(edge)") }
    let reduced = try! acyclic.transitiveReduction()
    require(reduced.edgeCount + (try! acyclic.redundantEdges()).count == acyclic.edgeCount)
    require(try! acyclic.longestChainLength() == (try! acyclic.levels()).max().map { $0 + 1 } ?? 0)

    let planner = try! PathPlanner(skillCount: acyclic.skillCount, graph: acyclic)
    for strategy in [OrderingStrategy.scored(ScoreWeights()), .easiestFirst, .random(seed: 7)] {
        // The planner checks its own output and throws selfCheckFailed on a violation: a bug here.
        let path = try! planner.plan(estimates, options: PlanOptions(strategy: strategy))
        require(prerequisiteViolations(in: path.skills, mastered: path.states.map { $0 == .mastered }, graph: acyclic).isEmpty)
    }
    if !graph.isAcyclic {
        let planner = try! PathPlanner(skillCount: graph.skillCount, graph: graph)
        do {
            _ = try planner.plan(estimates)
        } catch {
            guard case .prerequisiteCycle = error else { return require(false, "a cyclic graph gave \(error)") }
        }
    }
}
