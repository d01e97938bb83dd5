import Foundation
import LearningPaths
import MasteryData
import XCTest

/// Pins every observable result of the planner (step order and every field of every step,
/// states, goals, omissions, errors) on random requests, so a rewrite for speed can prove it
/// changed nothing. The fingerprints in `Fixtures/PlanFingerprints.swift` were recorded from
/// the planner of commit 0b7b2f8, before the speed work.
///
/// To re-record (only after an intended change of results, and say why in the commit):
///
///     LOTRINH_RECORD_PLAN_FINGERPRINTS=1 swift test --filter PlanFingerprintTests
///
/// which rewrites the fixture file and fails once so a recording never passes silently.
final class PlanFingerprintTests: XCTestCase {
    static let caseCount: UInt64 = 300

    func testPlansMatchTheRecordedFingerprints() throws {
        let fingerprints = (0..<Self.caseCount).map { seed in
            FingerprintedRequest(seed: seed).fingerprint()
        }
        if ProcessInfo.processInfo.environment["LOTRINH_RECORD_PLAN_FINGERPRINTS"] != nil {
            try Self.record(fingerprints)
            XCTFail("recorded \(fingerprints.count) fingerprints; rerun without LOTRINH_RECORD_PLAN_FINGERPRINTS")
            return
        }
        XCTAssertEqual(fingerprints.count, recordedPlanFingerprints.count, "fixture and case count disagree")
        let differing = zip(fingerprints, recordedPlanFingerprints).enumerated().filter { $1.0 != $1.1 }.map(\.offset)
        if let first = differing.first {
            XCTFail("seeds \(differing) plan differently from the recording; seed \(first) now gives:\n"
                + FingerprintedRequest(seed: UInt64(first)).describe())
        }
    }

    /// The cases must reach what they are meant to test, or matching fingerprints prove little.
    func testCasesCoverErrorsCyclesLimitsAndWideGoalRows() {
        let texts = (0..<Self.caseCount).map { FingerprintedRequest(seed: $0).describe() }
        XCTAssertGreaterThan(texts.count { $0.hasPrefix("error") && $0.contains("cycle") }, 3)
        XCTAssertGreaterThan(texts.count { $0.hasPrefix("error") && !$0.contains("cycle") }, 2)
        // A back edge the goals do not need must still plan.
        XCTAssertGreaterThan((0..<Self.caseCount).count { seed in
            let request = FingerprintedRequest(seed: seed)
            return request.graph.map { !$0.isAcyclic } ?? false && request.describe().hasPrefix("path")
        }, 4)
        XCTAssertGreaterThan(texts.count { $0.hasPrefix("path") }, 240)
        XCTAssertGreaterThan(texts.count { $0.hasPrefix("path") && !$0.contains("omitted 0 ") }, 20)
        XCTAssertGreaterThan(texts.count { $0.contains("goals>64") }, 10)
    }

    /// Curricula too large for precomputed descendant rows are planned with per-request
    /// rows instead. Padding a random curriculum with thousands of unneeded skills moves it to
    /// that path and must leave every step as it was.
    func testCurriculaBeyondTheDescendantRowLimitPlanTheSame() throws {
        let padding = 8_300
        var compared = 0
        for seed in 0..<Self.caseCount where seed % 5 == 0 {
            let request = FingerprintedRequest(seed: seed)
            guard let graph = request.graph, graph.isAcyclic, let small = try? request.plan() else { continue }
            var padded = request
            padded.skillCount += padding
            padded.graph = PrerequisiteGraph(skillCount: padded.skillCount, edges: graph.edges)
            padded.topics = request.topics.map { $0 + [Int](repeating: -1, count: padding) }
            padded.resources = request.resources.map { $0 + [[Resource]](repeating: [], count: padding) }
            let extra = [Double](repeating: 0.5, count: padding)
            padded.estimates = try MasteryEstimates(mastery: request.estimates.mastery + extra,
                                                    lower: request.estimates.lower + extra,
                                                    upper: request.estimates.upper + extra)
            padded.options.goals = request.options.goals ?? Array(0..<request.skillCount)
            let large = try padded.plan()
            XCTAssertEqual(large.steps, small.steps, "seed \(seed)")
            XCTAssertEqual(Array(large.states.prefix(request.skillCount)), small.states, "seed \(seed)")
            XCTAssertEqual([large.goals, large.blockedByExclusion], [small.goals, small.blockedByExclusion], "seed \(seed)")
            XCTAssertEqual(large.omittedByLength, small.omittedByLength, "seed \(seed)")
            compared += 1
        }
        XCTAssertGreaterThan(compared, 40)
    }

    private static func record(_ fingerprints: [UInt64]) throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/PlanFingerprints.swift")
        let lines = stride(from: 0, to: fingerprints.count, by: 4).map { start in
            "    " + fingerprints[start..<min(start + 4, fingerprints.count)]
                .map { String(format: "0x%016llx,", $0) }
                .joined(separator: " ")
        }
        let text = """
            // Recorded by PlanFingerprintTests (see there how and from which commit); one FNV-1a hash per seed.
            let recordedPlanFingerprints: [UInt64] = [
            \(lines.joined(separator: "\n"))
            ]

            """
        try text.write(to: file, atomically: true, encoding: .utf8)
    }
}

/// One seeded request over a random curriculum, with its result written out in full.
struct FingerprintedRequest {
    var skillCount: Int
    var graph: PrerequisiteGraph?
    var topics: [Int]?
    var resources: [[Resource]]?
    var estimates: MasteryEstimates
    var options: PlanOptions

    init(seed: UInt64) {
        var random = SeededRandom(seed: seed &+ 7_919)
        // Every tenth case is wide, so goal rows span several words.
        let skillCount = seed % 10 == 3 ? random.nextInt(in: 100...300) : random.nextInt(in: 1...60)
        self.skillCount = skillCount
        var rank = Array(0..<skillCount)
        for index in rank.indices.reversed() { rank.swapAt(index, random.nextInt(below: index + 1)) }
        var skillAtRank = rank
        for skill in 0..<skillCount { skillAtRank[rank[skill]] = skill }
        var edges: [PrerequisiteGraph.Edge] = []
        for skill in 0..<skillCount where rank[skill] > 0 {
            for _ in 0..<random.nextInt(in: 0...3) {
                edges.append(.init(prerequisite: skillAtRank[random.nextInt(below: rank[skill])], skill: skill))
            }
        }
        // Some graphs get a back edge (a cycle when it closes a path), others a two-skill cycle
        // among late skills: cycles the goals may or may not need.
        if skillCount > 2, random.nextBernoulli(0.25) {
            let a = random.nextInt(below: skillCount), b = random.nextInt(below: skillCount)
            if a != b { edges.append(.init(prerequisite: rank[a] > rank[b] ? a : b, skill: rank[a] > rank[b] ? b : a)) }
        } else if skillCount > 3, random.nextBernoulli(0.1) {
            let a = skillAtRank[skillCount - 1], b = skillAtRank[random.nextInt(in: skillCount / 2...skillCount - 2)]
            edges += [.init(prerequisite: a, skill: b), .init(prerequisite: b, skill: a)]
        }
        graph = random.nextBernoulli(0.1) ? nil : PrerequisiteGraph(skillCount: skillCount, edges: edges)
        topics = random.nextBernoulli(0.3) ? nil : (0..<skillCount).map { _ in random.nextInt(in: -1...4) }
        resources = random.nextBernoulli(0.5) ? nil : (0..<skillCount).map { skill in
            (0..<random.nextInt(in: 0...2)).map { Resource(title: "r\(skill).\($0)", url: "u\($0)") }
        }
        // Coarse values in some cases, so priorities tie exactly and the index decides.
        let coarse = random.nextBernoulli(0.3)
        var mastery: [Double] = [], lower: [Double] = [], upper: [Double] = []
        for _ in 0..<skillCount {
            let value = coarse ? Double(random.nextInt(in: 0...10)) / 10 : random.nextUniform()
            mastery.append(value)
            lower.append(random.nextBernoulli(0.4) ? value * random.nextUniform() : value)
            upper.append(value + (1 - value) * random.nextUniform())
        }
        estimates = try! MasteryEstimates(mastery: mastery, lower: lower, upper: upper)
        func someSkills(_ probability: Double) -> [Int] { (0..<skillCount).filter { _ in random.nextBernoulli(probability) } }
        let strategies: [OrderingStrategy] = [
            // Continuity off: these fingerprints were recorded before the term existed, and
            // ContinuityTests checks the term by hand.
            .scored(ScoreWeights(continuity: 0)),
            .scored(ScoreWeights(gain: random.nextUniform(), closeness: random.nextUniform(), unlocks: random.nextUniform(),
                                 topic: 3 * random.nextUniform(), continuity: 0)),
            .scored(ScoreWeights(gain: 0, closeness: 0, unlocks: 1, topic: 0, continuity: 0)),
            .topological, .easiestFirst, .random(seed: seed),
        ]
        let excluded = random.nextBernoulli(0.4) ? someSkills(0.08) : []
        var scheduled = random.nextBernoulli(0.3) ? someSkills(0.08) : []
        // Mostly valid, sometimes overlapping the exclusions (an error the fingerprint records).
        if !random.nextBernoulli(0.3) { scheduled.removeAll { excluded.contains($0) } }
        options = PlanOptions(
            goals: random.nextBernoulli(0.3) ? nil : someSkills(random.nextUniform())
                + (random.nextBernoulli(0.1) ? [0] : []) + (random.nextBernoulli(0.03) ? [skillCount] : []),
            masteryThreshold: 0.5 + 0.45 * random.nextUniform(),
            requiresConfidentMastery: random.nextBernoulli(0.7),
            maximumLength: random.nextBernoulli(0.2) ? random.nextInt(in: 0...20) : nil,
            excluded: excluded, scheduled: scheduled,
            strategy: strategies[random.nextInt(below: strategies.count)],
            masteryGainPerAnswer: 0.02 + 0.3 * random.nextUniform())
    }

    func plan() throws -> LearningPath {
        try PathPlanner(skillCount: skillCount, graph: graph, topics: topics, resources: resources).plan(estimates, options: options)
    }

    /// The whole result as text: every field of every step, or the error.
    func describe() -> String {
        let path: LearningPath
        do {
            path = try plan()
        } catch {
            return "error \(error)"
        }
        let plannableGoals = path.steps.filter(\.isGoal).count
        var lines = [
            "path graph \(path.graphGiven) goals \(path.goals) omitted \(path.omittedByLength) "
                + "blocked \(path.blockedByExclusion)\(plannableGoals > 64 ? " goals>64" : "")",
            "states " + path.states.map { String($0.rawValue) }.joined(),
        ]
        for step in path.steps {
            lines.append("\(step.skill) \(step.mastery) \(step.lower) \(step.upper) pre \(Array(step.prerequisites)) "
                + "\(step.prerequisitesOnPath) goals \(Array(step.unlockedGoals)) \(step.unlockedGoals.count) "
                + "\(step.unlockedGoals.isEmpty) \(step.isGoal) \(step.estimatedPractice) \(step.resources.map(\.title)) "
                + "\(step.reason)")
        }
        return lines.joined(separator: "\n")
    }

    /// FNV-1a over the description: stable across runs and platforms, unlike `Hasher`.
    func fingerprint() -> UInt64 {
        describe().utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
