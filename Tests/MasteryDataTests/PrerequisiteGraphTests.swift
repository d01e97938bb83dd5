import Foundation
import XCTest
import LotrinhTestSupport
@testable import MasteryData

private typealias Edge = PrerequisiteGraph.Edge

private func graph(_ skillCount: Int, _ pairs: [(Int, Int)]) -> PrerequisiteGraph {
    PrerequisiteGraph(skillCount: skillCount, edges: pairs.map { Edge(prerequisite: $0.0, skill: $0.1) })
}

final class PrerequisiteGraphSmallTests: XCTestCase {
    func testChainHasOneRootOneLeafAndFullDepth() throws {
        let chain = graph(4, [(0, 1), (1, 2), (2, 3)])
        XCTAssertEqual(chain.edgeCount, 3)
        XCTAssertEqual(chain.roots, [0])
        XCTAssertEqual(chain.leaves, [3])
        XCTAssertEqual(chain.isolated, [])
        XCTAssertTrue(chain.isAcyclic)
        XCTAssertEqual(try chain.topologicalOrder(), [0, 1, 2, 3])
        XCTAssertEqual(try chain.levels(), [0, 1, 2, 3])
        XCTAssertEqual(try chain.level(of: 2), 2)
        XCTAssertEqual(try chain.longestChainLength(), 4)
        XCTAssertEqual(chain.ancestors(of: [3]), [0, 1, 2])
        XCTAssertEqual(chain.descendants(of: [1]), [2, 3])
        XCTAssertEqual(Array(chain.prerequisites(of: 2)), [1])
        XCTAssertEqual(Array(chain.dependents(of: 2)), [3])
    }

    func testDiamondWithShortcutReducesToTheDiamond() throws {
        let diamond = graph(4, [(0, 1), (0, 2), (1, 3), (2, 3), (0, 3)])
        XCTAssertEqual(try diamond.topologicalOrder(), [0, 1, 2, 3])
        XCTAssertEqual(try diamond.levels(), [0, 1, 1, 2])
        XCTAssertEqual(try diamond.longestChainLength(), 3)
        XCTAssertEqual(Array(diamond.prerequisites(of: 3)), [0, 1, 2])
        // A goal reachable from another goal is itself an ancestor; the rest of the set is not.
        XCTAssertEqual(diamond.ancestors(of: [1, 3]), [0, 1, 2])
        XCTAssertEqual(diamond.ancestors(of: [0]), [])
        XCTAssertEqual(try diamond.redundantEdges(), [Edge(prerequisite: 0, skill: 3)])
        XCTAssertEqual(try diamond.transitiveReduction(), graph(4, [(0, 1), (0, 2), (1, 3), (2, 3)]))
    }

    func testForestWithIsolatedSkillsAndSmallestFirstTieBreak() throws {
        // Two trees (3 → 0, 2 → 1 → 4) and isolated 5, 6.
        let forest = graph(7, [(3, 0), (2, 1), (1, 4)])
        XCTAssertEqual(forest.roots, [2, 3, 5, 6])
        XCTAssertEqual(forest.leaves, [0, 4, 5, 6])
        XCTAssertEqual(forest.isolated, [5, 6])
        // Ready at start: 2, 3, 5, 6 → 2 first; then 1 (smaller than 3) becomes ready.
        XCTAssertEqual(try forest.topologicalOrder(), [2, 1, 3, 0, 4, 5, 6])
        XCTAssertEqual(forest.descendants(of: [2, 3]), [0, 1, 4])
        XCTAssertEqual(forest.ancestors(of: [5]), [])
    }

    func testDuplicateEdgesAreMergedAndCounted() {
        let withDuplicates = graph(3, [(0, 1), (1, 2), (0, 1), (0, 1)])
        XCTAssertEqual(withDuplicates.duplicateEdgeCount, 2)
        XCTAssertEqual(withDuplicates.edgeCount, 2)
        XCTAssertEqual(withDuplicates.edges, [Edge(prerequisite: 0, skill: 1), Edge(prerequisite: 1, skill: 2)])
        XCTAssertEqual(withDuplicates, graph(3, [(1, 2), (0, 1)]), "equality compares edges, not input history")
    }

    func testSelfLoopIsACycleThatBlocksOrdering() {
        let looped = graph(3, [(0, 0), (0, 1), (1, 2)])
        XCTAssertFalse(looped.isAcyclic)
        XCTAssertEqual(looped.cycles(), [[0]])
        XCTAssertEqual(looped.roots, [], "a skill required before itself cannot be a starting point")
        XCTAssertEqual(looped.ancestors(of: [0]), [0])
        XCTAssertThrowsError(try looped.topologicalOrder()) { error in
            let cycleError = error as? PrerequisiteGraph.CycleError
            XCTAssertEqual(cycleError?.cycles, [[0]])
            XCTAssertEqual(cycleError?.describe(names: { ["a", "b", "c"][$0] }), "prerequisite cycle: a → a")
        }
        let broken = looped.breakingCycles()
        XCTAssertEqual(broken.removed, [Edge(prerequisite: 0, skill: 0)])
        XCTAssertEqual(broken.graph, graph(3, [(0, 1), (1, 2)]))
    }

    func testTwoSeparateCyclesAreBothReportedInEdgeOrder() throws {
        // 0 → 1 ⇄ 2 → 3 and 4 → 6 → 5 → 4 → …, 6 → 3
        let twoCycles = graph(7, [(0, 1), (1, 2), (2, 1), (2, 3), (4, 6), (6, 5), (5, 4), (6, 3)])
        XCTAssertEqual(twoCycles.cycles(), [[1, 2], [4, 6, 5]])
        let names = ["zero", "one", "two", "three", "four", "five", "six"]
        XCTAssertThrowsError(try twoCycles.topologicalOrder()) { error in
            XCTAssertEqual((error as? PrerequisiteGraph.CycleError)?.describe(names: { names[$0] }), """
                prerequisite cycle: one → two → one
                prerequisite cycle: four → six → five → four
                """)
        }
        XCTAssertThrowsError(try twoCycles.longestChainLength())
        XCTAssertThrowsError(try twoCycles.transitiveReduction())

        let broken = twoCycles.breakingCycles()
        XCTAssertEqual(broken.removed, [Edge(prerequisite: 2, skill: 1), Edge(prerequisite: 5, skill: 4)],
                       "the edge from the last skill of each reported cycle back to its first")
        XCTAssertTrue(broken.graph.isAcyclic)
        XCTAssertEqual(broken.graph.edgeCount, twoCycles.edgeCount - 2)
        // Ancestors still work on the cyclic graph.
        XCTAssertEqual(twoCycles.ancestors(of: [3]), [0, 1, 2, 4, 5, 6])
        XCTAssertEqual(twoCycles.descendants(of: [1]), [1, 2, 3])
    }

    func testCoveringCycleIsFoundEvenWhenTheFirstWalkDeadEnds() {
        // From 0 the smallest-first walk 0 → 1 → 3 → 0 misses 2; the only covering cycle is 0 → 2 → 1 → 3 → 0.
        let component = graph(4, [(0, 1), (1, 3), (3, 0), (0, 2), (2, 1)])
        XCTAssertEqual(component.cycles(), [[0, 2, 1, 3]])
    }

    func testTangleWithoutCoveringCycleListsEverySkill() {
        // 0 ⇄ 1 and 0 ⇄ 2: one component, but no single cycle visits all three.
        let tangle = graph(3, [(0, 1), (1, 0), (0, 2), (2, 0)])
        XCTAssertEqual(tangle.cycles(), [[0, 1, 2]])
        XCTAssertThrowsError(try tangle.topologicalOrder()) { error in
            let cycleError = error as? PrerequisiteGraph.CycleError
            XCTAssertEqual(cycleError?.isSimpleCycle, [false])
            XCTAssertEqual(cycleError?.describe(names: { ["a", "b", "c"][$0] }),
                           "prerequisite cycles among 3 skills that all require each other: a, b, c")
        }
        let broken = tangle.breakingCycles()
        XCTAssertEqual(broken.removed, [Edge(prerequisite: 1, skill: 0), Edge(prerequisite: 2, skill: 0)])
        XCTAssertTrue(broken.graph.isAcyclic)
    }

    func testEmptyGraph() throws {
        let empty = graph(0, [])
        XCTAssertEqual(try empty.topologicalOrder(), [])
        XCTAssertEqual(try empty.longestChainLength(), 0)
        XCTAssertEqual(empty.cycles(), [])
    }
}

final class PrerequisiteGraphLargeTests: XCTestCase {
    func testTenThousandSkillChainNeedsNoDeepRecursion() throws {
        let count = 10_000
        // Labelled backwards (i + 1 → i) so every walk from skill 0 goes the full depth.
        let chain = graph(count, (0..<count - 1).map { ($0 + 1, $0) })
        XCTAssertTrue(chain.isAcyclic)
        XCTAssertEqual(try chain.longestChainLength(), count)
        XCTAssertEqual(try chain.topologicalOrder(), Array((0..<count).reversed()))
        XCTAssertEqual(chain.ancestors(of: [0]).count, count - 1)
        XCTAssertEqual(chain.descendants(of: [count - 1]).count, count - 1)
        XCTAssertEqual(try chain.redundantEdges(), [])

        let ring = graph(count, (0..<count).map { ($0, ($0 + 1) % count) })
        XCTAssertEqual(ring.cycles(), [Array(0..<count)])
        XCTAssertEqual(ring.breakingCycles().removed, [Edge(prerequisite: count - 1, skill: 0)])
    }
}

/// Random graphs checked against straightforward recursive and cubic computations.
final class PrerequisiteGraphRandomTests: XCTestCase {
    func testTopologicalOrderRespectsEveryEdgeAndPicksTheSmallestReadySkill() throws {
        var random = SeededRandom(seed: 1)
        for _ in 0..<20 {
            let (count, pairs) = randomDAG(skillCount: 60, edgeProbability: 0.08, using: &random)
            let dag = graph(count, pairs)
            let order = try dag.topologicalOrder()
            XCTAssertEqual(order.sorted(), Array(0..<count))
            var position = [Int](repeating: 0, count: count)
            for (index, skill) in order.enumerated() { position[skill] = index }
            for (prerequisite, skill) in pairs {
                XCTAssertLessThan(position[prerequisite], position[skill], "\(prerequisite) → \(skill)")
            }
            XCTAssertEqual(order, naiveSmallestFirstOrder(count, pairs))
            XCTAssertEqual(try dag.topologicalOrder(), order, "same graph, same order")
        }
    }

    func testAncestorsAndDescendantsMatchRecursiveReachability() {
        var random = SeededRandom(seed: 2)
        for round in 0..<30 {
            // Every third round adds back edges: reachability must also hold on cyclic graphs.
            var (count, pairs) = randomDAG(skillCount: 40, edgeProbability: 0.06, using: &random)
            if round % 3 == 0 {
                pairs += (0..<4).map { _ in (Int.random(in: 0..<count, using: &random), Int.random(in: 0..<count, using: &random)) }
            }
            let prerequisiteGraph = graph(count, pairs)
            for _ in 0..<5 {
                let seeds = (0..<Int.random(in: 1...3, using: &random)).map { _ in Int.random(in: 0..<count, using: &random) }
                XCTAssertEqual(prerequisiteGraph.descendants(of: seeds), naiveReach(from: seeds, pairs))
                XCTAssertEqual(prerequisiteGraph.ancestors(of: seeds), naiveReach(from: seeds, pairs.map { ($0.1, $0.0) }))
            }
        }
    }

    func testTransitiveReductionKeepsReachabilityAndDropsExactlyTheImpliedEdges() throws {
        var random = SeededRandom(seed: 3)
        for _ in 0..<15 {
            let (count, pairs) = randomDAG(skillCount: 45, edgeProbability: 0.12, using: &random)
            let dag = graph(count, pairs)
            let reduced = try dag.transitiveReduction()
            XCTAssertEqual(naiveClosure(count, reduced.edges.map { ($0.prerequisite, $0.skill) }),
                           naiveClosure(count, pairs))

            // a → c is implied when some b other than a and c has a ⇝ b and b ⇝ c.
            let closure = naiveClosure(count, pairs)
            let implied = Set(pairs.filter { a, c in (0..<count).contains { b in b != a && b != c && closure[a][b] && closure[b][c] } }
                .map { Edge(prerequisite: $0.0, skill: $0.1) })
            XCTAssertEqual(Set(try dag.redundantEdges()), implied)
            XCTAssertEqual(Set(reduced.edges), Set(dag.edges).subtracting(implied))
        }
    }

    func testBreakingCyclesLeavesAnAcyclicSubgraph() {
        var random = SeededRandom(seed: 4)
        for _ in 0..<20 {
            let count = 30
            let pairs = (0..<70).map { _ in (Int.random(in: 0..<count, using: &random), Int.random(in: 0..<count, using: &random)) }
            let cyclic = graph(count, pairs)
            let (broken, removed) = cyclic.breakingCycles()
            XCTAssertTrue(broken.isAcyclic)
            XCTAssertEqual(Set(broken.edges).union(removed), Set(cyclic.edges))
            XCTAssertEqual(broken.edgeCount + removed.count, cyclic.edgeCount)
            // Every reported cycle uses edges of the graph when it claims to be one cycle.
            let report = cyclic.cycleReport()
            for (cycle, isSimple) in zip(report.cycles, report.isSimpleCycle) where isSimple {
                for (from, to) in zip(cycle, cycle.dropFirst() + [cycle[0]]) {
                    XCTAssertTrue(cyclic.containsEdge(Edge(prerequisite: from, skill: to)))
                }
            }
        }
    }

    // MARK: Independent computations

    /// Edges only from lower to higher positions of a shuffled labelling: acyclic, yet the
    /// topological order is not simply 0, 1, 2, ….
    private func randomDAG(skillCount: Int, edgeProbability: Double, using random: inout SeededRandom) -> (Int, [(Int, Int)]) {
        let labels = Array(0..<skillCount).shuffled(using: &random)
        var pairs: [(Int, Int)] = []
        for low in 0..<skillCount {
            for high in low + 1..<skillCount where Double.random(in: 0..<1, using: &random) < edgeProbability {
                pairs.append((labels[low], labels[high]))
            }
        }
        return (skillCount, pairs)
    }

    private func naiveSmallestFirstOrder(_ count: Int, _ pairs: [(Int, Int)]) -> [Int] {
        var placed = Set<Int>()
        var order: [Int] = []
        while order.count < count {
            let next = (0..<count).first { skill in
                !placed.contains(skill) && pairs.allSatisfy { $0.1 != skill || placed.contains($0.0) }
            }!
            placed.insert(next)
            order.append(next)
        }
        return order
    }

    private func naiveReach(from seeds: [Int], _ pairs: [(Int, Int)]) -> [Int] {
        var reached = Set<Int>()
        func visit(_ skill: Int) {
            for (from, to) in pairs where from == skill && !reached.contains(to) {
                reached.insert(to)
                visit(to)
            }
        }
        seeds.forEach(visit)
        return reached.sorted()
    }

    /// Warshall's algorithm: closure[a][c] when a path of one or more edges leads from a to c.
    private func naiveClosure(_ count: Int, _ pairs: [(Int, Int)]) -> [[Bool]] {
        var closure = [[Bool]](repeating: [Bool](repeating: false, count: count), count: count)
        for (from, to) in pairs { closure[from][to] = true }
        for via in 0..<count {
            for from in 0..<count where closure[from][via] {
                for to in 0..<count where closure[via][to] { closure[from][to] = true }
            }
        }
        return closure
    }
}

/// The real graphs in `shared/datasets`, which sits beside the repository.
final class PrerequisiteGraphDatasetTests: XCTestCase {
    /// Rows after the header, split on commas (these files have no quoted fields).
    private func rows(_ relativePath: String) throws -> [[Substring]] {
        let text = try String(contentsOf: try RepositoryPaths.sharedDataset(relativePath), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    }

    func testJunyiHasExactlyTheRadicals3Cycle() throws {
        let edgeRows = try rows("junyi2015/prerequisite_edges.csv")
        var names = [Int: String]()
        let edges = edgeRows.map { row in
            let prerequisite = Int(row[0])!, skill = Int(row[2])!
            names[prerequisite] = String(row[1])
            names[skill] = String(row[3])
            return Edge(prerequisite: prerequisite, skill: skill)
        }
        let junyi = PrerequisiteGraph(skillCount: 835, edges: edges)
        XCTAssertEqual(edgeRows.count, 979)
        XCTAssertEqual(junyi.edgeCount, 979)
        XCTAssertEqual(junyi.duplicateEdgeCount, 0)
        XCTAssertEqual(junyi.isolated.count, 835 - 776, "SOURCE.txt: 979 edges over 776 exercises")

        let cycles = junyi.cycles()
        XCTAssertEqual(cycles.count, 1)
        XCTAssertEqual(cycles.first?.map { names[$0]! },
                       ["adding_and_subtracting_radicals", "radical_multiplication_and_division", "simplifying_radicals"])
        XCTAssertThrowsError(try junyi.topologicalOrder()) { error in
            XCTAssertEqual((error as? PrerequisiteGraph.CycleError)?.describe(names: { names[$0]! }),
                           "prerequisite cycle: adding_and_subtracting_radicals → radical_multiplication_and_division"
                               + " → simplifying_radicals → adding_and_subtracting_radicals")
        }

        let (broken, removed) = junyi.breakingCycles()
        XCTAssertEqual(removed.map { [names[$0.prerequisite]!, names[$0.skill]!] },
                       [["simplifying_radicals", "adding_and_subtracting_radicals"]])
        let order = try broken.topologicalOrder()
        var position = [Int](repeating: 0, count: 835)
        for (index, skill) in order.enumerated() { position[skill] = index }
        XCTAssertTrue(broken.edges.allSatisfy { position[$0.prerequisite] < position[$0.skill] })
        XCTAssertGreaterThan(try broken.longestChainLength(), 1)
        XCTAssertNoThrow(try broken.transitiveReduction())
    }

    func testWDKGCoursesAreNotADAGBecauseOfTheSelfLoop() throws {
        let nodeRows = try rows("kc4edu_prereq_graphs/wdkg_course_nodes.csv")
        // Node ids are not dense: intern them in file order.
        var index = [Substring: Int]()
        for row in nodeRows { index[row[0]] = index.count }
        let names = nodeRows.map { String($0[1]) }
        let edges = try rows("kc4edu_prereq_graphs/wdkg_course_edges.csv").map {
            Edge(prerequisite: index[$0[0]]!, skill: index[$0[2]]!)
        }
        let courses = PrerequisiteGraph(skillCount: names.count, edges: edges)
        XCTAssertEqual(courses.skillCount, 46)
        XCTAssertEqual(courses.edgeCount, 73)
        XCTAssertFalse(courses.isAcyclic)
        XCTAssertEqual(courses.cycles().map { $0.map { names[$0] } }, [["航道整治"]])
        XCTAssertThrowsError(try courses.topologicalOrder()) { error in
            XCTAssertEqual((error as? PrerequisiteGraph.CycleError)?.describe(names: { names[$0] }),
                           "prerequisite cycle: 航道整治 → 航道整治")
        }
        XCTAssertTrue(courses.breakingCycles().graph.isAcyclic)
    }
}
