import LearningPaths
import MasteryData
import XCTest

/// Random curricula and students, checked against brute-force definitions that share no
/// code with the planner.
final class PathPropertyTests: XCTestCase {
    /// One random request: a DAG whose edges go from a smaller to a larger *rank* under a
    /// random relabelling (so skill indices are not already a topological order), random
    /// estimates with intervals, and random options.
    struct Case {
        var graph: PrerequisiteGraph?
        var estimates: MasteryEstimates
        var topics: [Int]
        var options: PlanOptions

        init(seed: UInt64, graphGiven: Bool = true) throws {
            var random = SeededRandom(seed: seed)
            let skillCount = random.nextInt(in: 1...40)
            var rank = Array(0..<skillCount)
            for index in rank.indices.reversed() { rank.swapAt(index, random.nextInt(below: index + 1)) }
            var edges: [PrerequisiteGraph.Edge] = []
            for _ in 0..<random.nextInt(in: 0...(2 * skillCount)) {
                let a = random.nextInt(below: skillCount), b = random.nextInt(below: skillCount)
                guard a != b else { continue }
                edges.append(rank[a] < rank[b] ? .init(prerequisite: a, skill: b) : .init(prerequisite: b, skill: a))
            }
            graph = graphGiven ? PrerequisiteGraph(skillCount: skillCount, edges: edges) : nil
            var mastery: [Double] = [], lower: [Double] = [], upper: [Double] = []
            for _ in 0..<skillCount {
                let value = random.nextUniform()
                mastery.append(value)
                lower.append(value * (random.nextBernoulli(0.3) ? random.nextUniform() : 1))
                upper.append(value + (1 - value) * random.nextUniform())
            }
            estimates = try MasteryEstimates(mastery: mastery, lower: lower, upper: upper)
            topics = (0..<skillCount).map { _ in random.nextInt(in: -1...3) }
            func someSkills(_ probability: Double) -> [Int] {
                (0..<skillCount).filter { _ in random.nextBernoulli(probability) }
            }
            let strategies: [OrderingStrategy] = [
                .scored(ScoreWeights()), .scored(ScoreWeights(closeness: random.nextUniform(), unlocks: random.nextUniform(), topic: 2)),
                .topological, .easiestFirst, .random(seed: seed),
            ]
            let excluded = someSkills(0.1)
            options = PlanOptions(
                goals: random.nextBernoulli(0.3) ? nil : someSkills(0.3),
                masteryThreshold: 0.5 + 0.45 * random.nextUniform(),
                requiresConfidentMastery: random.nextBernoulli(0.8),
                excluded: excluded,
                scheduled: random.nextBernoulli(0.3) ? someSkills(0.1).filter { !excluded.contains($0) } : [],
                strategy: strategies[random.nextInt(below: strategies.count)])
        }

        var skillCount: Int { estimates.skillCount }

        func plan() throws -> LearningPath {
            try PathPlanner(skillCount: skillCount, graph: graph, topics: topics).plan(estimates, options: options)
        }

        var mastered: [Bool] {
            (0..<skillCount).map {
                (options.requiresConfidentMastery ? estimates.lower[$0] : estimates.mastery[$0]) >= options.masteryThreshold
            }
        }

        /// Goals, scheduled skills and all their ancestors.
        var closure: Set<Int> {
            let seeds = (options.goals ?? Array(0..<skillCount)) + options.scheduled
            return Set(seeds).union(graph?.ancestors(of: seeds) ?? [])
        }

        /// The skills a full path must contain: needed, unmastered, not excluded, and not
        /// behind an unmastered excluded skill through unmastered skills.
        var plannable: Set<Int> {
            let mastered = mastered
            var blocked = Set(options.excluded.filter { !mastered[$0] })
            var changed = true
            while changed {
                changed = false
                for skill in 0..<skillCount where !mastered[skill] && !blocked.contains(skill) {
                    if graph?.prerequisites(of: skill).contains(where: { blocked.contains($0) }) ?? false {
                        blocked.insert(skill)
                        changed = true
                    }
                }
            }
            return closure.filter { !mastered[$0] && !blocked.contains($0) }
        }
    }

    static let caseCount: UInt64 = 400

    func testEveryStrategyRespectsPrerequisitesAndCoversExactlyTheNeededSkills() throws {
        for seed in 0..<Self.caseCount {
            let request = try Case(seed: seed)
            let path = try request.plan()
            let context = "seed \(seed), strategy \(request.options.strategy)"
            XCTAssertEqual(prerequisiteViolations(in: path.skills, mastered: request.mastered, graph: request.graph), [], context)
            XCTAssertEqual(Set(path.skills), request.plannable, context)
            XCTAssertEqual(path.skills.count, request.plannable.count, "no skill twice; \(context)")
            XCTAssertEqual(path.omittedByLength, 0, context)
        }
    }

    func testScheduledTierComesFirst() throws {
        for seed in 0..<Self.caseCount {
            let request = try Case(seed: seed)
            guard !request.options.scheduled.isEmpty, let graph = request.graph else { continue }
            let tier = Set(request.options.scheduled).union(graph.ancestors(of: request.options.scheduled))
            let path = try request.plan().skills
            let firstOther = path.firstIndex { !tier.contains($0) } ?? path.count
            XCTAssertTrue(path[firstOther...].allSatisfy { !tier.contains($0) }, "seed \(seed): \(path)")
        }
    }

    func testStatesFollowTheirDefinitions() throws {
        for seed in 0..<Self.caseCount {
            let request = try Case(seed: seed)
            let path = try request.plan()
            let mastered = request.mastered, closure = request.closure
            for skill in 0..<request.skillCount {
                let expected: SkillState
                if mastered[skill] {
                    expected = .mastered
                } else if !closure.contains(skill) {
                    expected = .notNeeded
                } else if request.graph?.prerequisites(of: skill).allSatisfy({ mastered[$0] }) ?? true {
                    expected = .ready
                } else {
                    expected = .blocked
                }
                XCTAssertEqual(path.states[skill], expected, "seed \(seed), skill \(skill)")
            }
        }
    }

    func testUnlockedGoalsAreThePlannableGoalsDependingOnTheStep() throws {
        for seed in 0..<Self.caseCount {
            let request = try Case(seed: seed)
            let plannableGoals = request.plannable.intersection(request.options.goals ?? Array(0..<request.skillCount))
            for step in try request.plan().steps {
                let expected = (request.graph?.descendants(of: [step.skill]) ?? []).filter(plannableGoals.contains)
                XCTAssertEqual(Array(step.unlockedGoals), expected, "seed \(seed), skill \(step.skill)")
                XCTAssertEqual(step.isGoal, request.options.goals?.contains(step.skill) ?? true)
            }
        }
    }

    func testSamePlanTwiceAndShorterPathsArePrefixes() throws {
        for seed in 0..<Self.caseCount {
            var request = try Case(seed: seed)
            let full = try request.plan()
            XCTAssertEqual(try request.plan(), full, "seed \(seed)")
            let limit = Int(seed % 7)
            request.options.maximumLength = limit
            let short = try request.plan()
            XCTAssertEqual(short.skills, Array(full.skills.prefix(limit)), "seed \(seed)")
            XCTAssertEqual(short.omittedByLength, full.steps.count - short.steps.count, "seed \(seed)")
        }
    }

    func testWithoutGraphEveryNeededSkillIsRankedOnce() throws {
        for seed in 0..<Self.caseCount / 4 {
            let request = try Case(seed: seed, graphGiven: false)
            let path = try request.plan()
            XCTAssertFalse(path.graphGiven)
            XCTAssertEqual(Set(path.skills), request.plannable, "seed \(seed)")
            XCTAssertEqual(path.skills.count, request.plannable.count, "seed \(seed)")
        }
    }

    func testRandomStrategyDependsOnTheSeedOnly() throws {
        let tenSkills = graph(10, [(0, 5), (1, 5), (2, 6)])
        let low = [Double](repeating: 0.2, count: 10)
        let first = try plan(tenSkills, mastery: low, options: PlanOptions(strategy: .random(seed: 1)))
        XCTAssertEqual(try plan(tenSkills, mastery: low, options: PlanOptions(strategy: .random(seed: 1))), first)
        let other = try plan(tenSkills, mastery: low, options: PlanOptions(strategy: .random(seed: 2)))
        XCTAssertNotEqual(other.skills, first.skills, "ten skills: two seeds giving one order is a 1-in-thousands event")
    }
}
