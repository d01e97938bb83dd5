import LearningPaths
import MasteryData
import XCTest

/// A curriculum of 10,000 skills in one chain (each the prerequisite of the next): the deepest
/// graph there can be. Every graph walk and the planner must handle it without recursion running
/// out of stack, and give the one order that respects it.
final class LongChainTests: XCTestCase {
    private let count = 10_000

    private func chain(closingTheCycle: Bool = false) -> PrerequisiteGraph {
        var edges = (1..<count).map { PrerequisiteGraph.Edge(prerequisite: $0 - 1, skill: $0) }
        if closingTheCycle { edges.append(PrerequisiteGraph.Edge(prerequisite: count - 1, skill: 0)) }
        return PrerequisiteGraph(skillCount: count, edges: edges)
    }

    func testGraphWalksOverTheChain() throws {
        let graph = chain()
        XCTAssertTrue(graph.isAcyclic)
        XCTAssertEqual(graph.cycles(), [])
        XCTAssertEqual(try graph.topologicalOrder(), Array(0..<count))
        XCTAssertEqual(try graph.levels(), Array(0..<count))
        XCTAssertEqual(try graph.longestChainLength(), count)
        XCTAssertEqual(try graph.transitiveReduction().edgeCount, count - 1)
        XCTAssertEqual(try graph.redundantEdges(), [])
        XCTAssertEqual(graph.ancestors(of: [count - 1]).count, count - 1)
        XCTAssertEqual(graph.descendants(of: [0]).count, count - 1)
    }

    func testTheChainClosedIntoOneCycleIsNamedWhole() throws {
        let graph = chain(closingTheCycle: true)
        XCTAssertFalse(graph.isAcyclic)
        let cycles = graph.cycles()
        XCTAssertEqual(cycles.count, 1)
        XCTAssertEqual(Set(cycles.first ?? []), Set(0..<count), "every skill of the cycle is named")
        XCTAssertThrowsError(try graph.topologicalOrder())
        let (broken, removed) = graph.breakingCycles()
        XCTAssertEqual(removed.count, 1)
        XCTAssertTrue(broken.isAcyclic)
    }

    /// Nothing mastered, the last skill the goal: the path is the whole chain in order.
    func testThePlannerWalksTheWholeChain() throws {
        let planner = try PathPlanner(skillCount: count, graph: chain())
        let estimates = try MasteryEstimates(certain: [Double](repeating: 0.3, count: count))
        for strategy in [OrderingStrategy.scored(ScoreWeights()), .topological, .easiestFirst, .random(seed: 3)] {
            let path = try planner.plan(estimates, options: PlanOptions(goals: [count - 1], strategy: strategy))
            XCTAssertEqual(path.skills, Array(0..<count), "\(strategy)")
        }
        let halfMastered = try MasteryEstimates(certain: (0..<count).map { $0 < count / 2 ? 0.95 : 0.3 })
        XCTAssertEqual(try planner.plan(halfMastered, options: PlanOptions(goals: [count - 1])).skills, Array((count / 2)..<count))
    }

    func testThePlannerNamesTheCycleOfAClosedChain() throws {
        let planner = try PathPlanner(skillCount: count, graph: chain(closingTheCycle: true))
        XCTAssertThrowsError(try planner.plan(try MasteryEstimates(certain: [Double](repeating: 0.3, count: count)))) { error in
            guard case .prerequisiteCycle = error as? PlanningError else { return XCTFail("\(error)") }
        }
    }
}
