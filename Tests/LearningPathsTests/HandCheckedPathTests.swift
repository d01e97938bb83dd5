import Foundation
import LearningPaths
import MasteryData
import XCTest

/// Small cases whose expected order is worked out by hand from the documented score
/// (default weights: gain 1 · (1 − mastery) + unlocks 0.3 · goals reached / the largest such
/// count + topic 0.5 when the topic repeats; closeness = mastery / 0.8 where a test sets it).
final class HandCheckedPathTests: XCTestCase {
    func testChainFollowsPrerequisitesAndSkipsTheMasteredRoot() throws {
        let path = try plan(graph(4, [(0, 1), (1, 2), (2, 3)]), mastery: [0.9, 0.5, 0.3, 0.1])
        XCTAssertEqual(path.skills, [1, 2, 3])
        XCTAssertEqual(path.states, [.mastered, .ready, .blocked, .blocked])
        XCTAssertTrue(path.graphGiven)
        XCTAssertEqual(path.steps.map(\.prerequisitesOnPath), [0, 1, 1])
        XCTAssertEqual(Array(path.steps[0].unlockedGoals), [2, 3])
        XCTAssertEqual(Array(path.steps[2].unlockedGoals), [])
        // (0.8 − 0.5) / 0.1 = 3, 0.5 / 0.1 = 5, 0.7 / 0.1 = 7 answers.
        XCTAssertEqual(path.steps.map(\.estimatedPractice), [3, 5, 7])
        XCTAssertEqual(path.steps.map(\.reason), [.goal, .goal, .goal])
    }

    /// Practice estimates at the edges of the valid gains: a whole gap closes in one answer at
    /// gain 1, a tiny gain gives the largest `Int` instead of overflowing, large counts are
    /// exact, and a fractional count rounds up.
    func testPracticeEstimatesAtTheEdgesOfTheGain() throws {
        let mastery = [0.5, 0.75, 0.05]
        let whole = try plan(nil, mastery: mastery, options: PlanOptions(masteryGainPerAnswer: 1))
        XCTAssertEqual(whole.steps.map(\.estimatedPractice), [1, 1, 1])
        let tiny = try plan(nil, mastery: mastery, options: PlanOptions(masteryGainPerAnswer: 1e-300))
        XCTAssertEqual(tiny.steps.map(\.estimatedPractice), [.max, .max, .max])
        // Large counts as the library's rounding gives them: (0.8 − 0.75) / 1e-10 is 500000000.0000001
        // in binary, so 500,000,001 answers.
        let small = try plan(nil, mastery: mastery, options: PlanOptions(masteryGainPerAnswer: 1e-10))
        let expected = Dictionary(uniqueKeysWithValues: mastery.indices.map { ($0, Int(((0.8 - mastery[$0]) / 1e-10 - 1e-9).rounded(.up))) })
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: small.steps.map { ($0.skill, $0.estimatedPractice) }), expected)
        XCTAssertEqual(expected[1], 500_000_001)
        // (0.8 − 0.75) / 0.03 = 1.67 → 2, (0.8 − 0.5) / 0.03 = 10 → 10, (0.8 − 0.05) / 0.03 = 25 → 25.
        let fractional = try plan(nil, mastery: mastery, options: PlanOptions(masteryGainPerAnswer: 0.03))
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: fractional.steps.map { ($0.skill, $0.estimatedPractice) }),
                       [1: 2, 0: 10, 2: 25])
    }

    func testDiamondTakesTheBranchWithMoreToLearnFirst() throws {
        let diamond = graph(4, [(0, 1), (0, 2), (1, 3), (2, 3)])
        let mastery = [0.2, 0.6, 0.5, 0.1]
        // 1 and 2 both lead to goal 3 (equal unlock terms); 2 has more to gain (0.5 vs 0.4).
        let scored = try plan(diamond, mastery: mastery, options: PlanOptions(goals: [3]))
        XCTAssertEqual(scored.skills, [0, 2, 1, 3])
        XCTAssertEqual(scored.steps.map(\.reason), [.prerequisite(goalCount: 1), .prerequisite(goalCount: 1),
                                                    .prerequisite(goalCount: 1), .goal])
        XCTAssertEqual(Array(scored.steps[3].prerequisites), [1, 2])
        XCTAssertEqual(scored.steps[3].prerequisitesOnPath, 2)
        let topological = try plan(diamond, mastery: mastery, options: PlanOptions(goals: [3], strategy: .topological))
        XCTAssertEqual(topological.skills, [0, 1, 2, 3])
        // Closeness alone: 1 is nearer the threshold (0.75 vs 0.625 of it).
        let closeness = PlanOptions(goals: [3], strategy: .scored(ScoreWeights(gain: 0, closeness: 1, unlocks: 0, topic: 0)))
        XCTAssertEqual(try plan(diamond, mastery: mastery, options: closeness).skills, [0, 1, 2, 3])
    }

    func testForestPrefersTheRootThatUnlocksMostGoals() throws {
        // Trees 0 → {1, 2} and 3 → 4. Goals reached: 0: 3, 3: 2, others 1.
        let forest = graph(5, [(0, 1), (0, 2), (3, 4)])
        let even = [Double](repeating: 0.5, count: 5)
        let noContinuity = PlanOptions(strategy: .scored(ScoreWeights(continuity: 0)))
        XCTAssertEqual(try plan(forest, mastery: even, options: PlanOptions(strategy: .topological)).skills, [0, 1, 2, 3, 4])
        // Scores: 0 → 0.5 + 0.3 = 0.8, 3 → 0.5 + 0.2, leaves 0.5 + 0.1 (ties to the smaller index).
        // Without continuity the roots come first: 0, then 3 (0.7) over the leaves (0.6).
        XCTAssertEqual(try plan(forest, mastery: even, options: noContinuity).skills, [0, 3, 1, 2, 4])
        // With the default continuity 1: after 0 its child 1 (0.6 + 1) beats 3 (0.7); 1 has no
        // neighbour left (2 is its sibling, not a prerequisite of a dependent of 1), so 3 (0.7)
        // beats 2 (0.6); then 3's child 4 (0.6 + 1) before 2.
        XCTAssertEqual(try plan(forest, mastery: even).skills, [0, 1, 3, 4, 2])

        let weakSecondRoot = [0.5, 0.5, 0.5, 0.3, 0.7]
        // Without continuity: 3 → 0.7 + 0.2 = 0.9 beats 0 → 0.8; then 0; then 1, 2 (0.6) before 4 (0.3 + 0.1).
        XCTAssertEqual(try plan(forest, mastery: weakSecondRoot, options: noContinuity).skills, [3, 0, 1, 2, 4])
        // With it, 4 beside 3 (0.4 + 1 = 1.4) goes before the other root 0 (0.8).
        XCTAssertEqual(try plan(forest, mastery: weakSecondRoot).skills, [3, 4, 0, 1, 2])

        let uneven = [0.5, 0.5, 0.5, 0.6, 0.7]
        XCTAssertEqual(try plan(forest, mastery: uneven, options: PlanOptions(strategy: .easiestFirst)).skills, [3, 4, 0, 1, 2])
        let onlyCloseness = PlanOptions(strategy: .scored(ScoreWeights(gain: 0, closeness: 1, unlocks: 0, topic: 0)))
        XCTAssertEqual(try plan(forest, mastery: uneven, options: onlyCloseness).skills, [3, 4, 0, 1, 2])
    }

    func testTopicTermKeepsThePathOnOneTreeAtATime() throws {
        let forest = graph(5, [(0, 1), (0, 2), (3, 4)])
        let even = [Double](repeating: 0.5, count: 5)
        let topics = [0, 0, 0, 1, 1]
        // After 0, its children earn the 0.5 topic bonus (0.6 + 0.5) over 3 (0.5 + 0.2).
        XCTAssertEqual(try plan(forest, mastery: even, topics: topics).skills, [0, 1, 2, 3, 4])
        let noTopic = PlanOptions(strategy: .scored(ScoreWeights(topic: 0, continuity: 0)))
        XCTAssertEqual(try plan(forest, mastery: even, options: noTopic, topics: topics).skills, [0, 3, 1, 2, 4])
        XCTAssertEqual(PathPlanner.topicIndices(["Số học", "", "Hình học", "Số học"]), [0, -1, 1, 0])
    }

    func testDisconnectedGoalsLeaveOtherComponentsNotNeeded() throws {
        let threePairs = graph(6, [(0, 1), (2, 3), (4, 5)])
        let path = try plan(threePairs, mastery: [Double](repeating: 0.3, count: 6), options: PlanOptions(goals: [5, 1]))
        XCTAssertEqual(path.goals, [1, 5])
        XCTAssertEqual(path.skills, [0, 1, 4, 5])
        XCTAssertEqual(path.states, [.ready, .blocked, .notNeeded, .notNeeded, .ready, .blocked])
        XCTAssertEqual(path.skills(in: .notNeeded), [2, 3])
    }

    func testGoalAlreadyMasteredNeedsNoSteps() throws {
        let path = try plan(graph(3, [(0, 1), (1, 2)]), mastery: [0.9, 0.95, 0.2], options: PlanOptions(goals: [1]))
        XCTAssertEqual(path.skills, [])
        XCTAssertEqual(path.states, [.mastered, .mastered, .notNeeded])
        XCTAssertEqual(path.omittedByLength, 0)
    }

    func testHighButUncertainSkillIsNotMastered() throws {
        let chain = graph(2, [(0, 1)])
        let estimates = try MasteryEstimates(mastery: [0.9, 0.3], lower: [0.45, 0.2], upper: [0.98, 0.4])
        let planner = try PathPlanner(skillCount: 2, graph: chain)
        let cautious = try planner.plan(estimates)
        XCTAssertEqual(cautious.skills, [0, 1])
        XCTAssertEqual(cautious.steps[0].reason, .confirmMastery)
        XCTAssertEqual(cautious.steps[0].estimatedPractice, 4, "(0.8 − 0.45) / 0.1 = 3.5 → 4 answers")
        XCTAssertEqual(cautious.states, [.ready, .blocked])

        let trusting = try planner.plan(estimates, options: PlanOptions(requiresConfidentMastery: false))
        XCTAssertEqual(trusting.skills, [1])
        XCTAssertEqual(trusting.steps[0].estimatedPractice, 5)
    }

    func testExcludedSkillBlocksItsDependentsUnlessMastered() throws {
        let chainAndIsolated = graph(4, [(0, 1), (1, 2)])
        let low = [Double](repeating: 0.3, count: 4)
        let blocked = try plan(chainAndIsolated, mastery: low, options: PlanOptions(excluded: [1]))
        XCTAssertEqual(blocked.skills, [0, 3])
        XCTAssertEqual(blocked.blockedByExclusion, [2])

        let masteredExcluded = try plan(chainAndIsolated, mastery: [0.3, 0.9, 0.3, 0.3], options: PlanOptions(excluded: [1]))
        XCTAssertEqual(masteredExcluded.skills, [0, 2, 3])
        XCTAssertEqual(masteredExcluded.blockedByExclusion, [])
    }

    func testMaximumLengthKeepsTheFirstSteps() throws {
        let forest = graph(5, [(0, 1), (0, 2), (3, 4)])
        let path = try plan(forest, mastery: [Double](repeating: 0.5, count: 5), options: PlanOptions(maximumLength: 2))
        // The first two of the whole path [0, 1, 3, 4, 2] (testForestPrefersTheRootThatUnlocksMostGoals).
        XCTAssertEqual(path.skills, [0, 1])
        XCTAssertEqual(path.omittedByLength, 3)
    }

    func testScheduledSkillsAndTheirPrerequisitesComeFirst() throws {
        let forest = graph(5, [(0, 1), (0, 2), (3, 4)])
        let even = [Double](repeating: 0.5, count: 5)
        let path = try plan(forest, mastery: even, options: PlanOptions(scheduled: [4]))
        XCTAssertEqual(path.skills, [3, 4, 0, 1, 2])
        XCTAssertEqual(path.steps.map(\.reason).prefix(2), [.scheduled, .scheduled])
        // Scheduled outside the goals' closure: still planned, first.
        let outside = try plan(forest, mastery: even, options: PlanOptions(goals: [1], scheduled: [4]))
        XCTAssertEqual(outside.skills, [3, 4, 0, 1])
        XCTAssertEqual(outside.states[2], .notNeeded)
        XCTAssertThrowsError(try plan(forest, mastery: even, options: PlanOptions(excluded: [4], scheduled: [4]))) {
            XCTAssertEqual($0 as? PlanningError, .excludedAndScheduled(skill: 4))
        }
    }

    func testWithoutGraphThePathIsARankingAndSaysSo() throws {
        let path = try plan(nil, mastery: [0.5, 0.7, 0.9, 0.1])
        XCTAssertFalse(path.graphGiven)
        // Every unlock term is equal (each skill reaches only itself): most to gain first.
        XCTAssertEqual(path.skills, [3, 0, 1])
        XCTAssertEqual(path.states, [.ready, .ready, .mastered, .ready])
        XCTAssertTrue(path.steps.allSatisfy { $0.prerequisites.isEmpty && $0.unlockedGoals.isEmpty })
        // Recommend's PathSentencesTests checks that the first step's explanation says so.
    }

    /// What a step's explanation is built from (Recommend's PathSentencesTests checks the sentences).
    func testStepCarriesWhatItsExplanationSays() throws {
        let resources = [[], [Resource(title: "Bài 3", url: "https://example.org/3")], []]
        let path = try plan(graph(3, [(0, 1), (1, 2)]), mastery: [0.9, 0.52, 0.1], resources: resources)
        XCTAssertEqual(path.skills, [1, 2])
        XCTAssertEqual(path.steps[0].resources, resources[1])
        XCTAssertEqual(path.steps[1].resources, [])
        XCTAssertEqual(path.states[0], .mastered)
        // (0.8 − 0.52) / 0.1 = 2.8 → 3 answers, (0.8 − 0.1) / 0.1 = 7.
        XCTAssertEqual(path.steps.map(\.estimatedPractice), [3, 7])
        XCTAssertEqual(path.steps.map(\.mastery), [0.52, 0.1])
        XCTAssertEqual(path.steps.map(\.reason), [.goal, .goal])
        XCTAssertEqual(path.steps.map { Array($0.prerequisites) }, [[0], [1]])
        XCTAssertEqual(path.steps.map { Array($0.unlockedGoals) }, [[2], []])
    }

    func testCycleAmongNeededSkillsIsATypedErrorNamingIt() throws {
        let ringAndIsolated = graph(4, [(0, 1), (1, 2), (2, 0)])
        let low = [Double](repeating: 0.3, count: 4)
        XCTAssertThrowsError(try plan(ringAndIsolated, mastery: low, options: PlanOptions(goals: [2]))) { error in
            guard case let .prerequisiteCycle(cycle) = error as? PlanningError else {
                return XCTFail("expected a cycle error, got \(error)")
            }
            XCTAssertEqual(cycle.cycles, [[0, 1, 2]])
            XCTAssertTrue("\(error)".contains("skill 0 → skill 1 → skill 2 → skill 0"), "\(error)")
        }
        // A cycle the goals do not need does not stop the plan.
        XCTAssertEqual(try plan(ringAndIsolated, mastery: low, options: PlanOptions(goals: [3])).skills, [3])
    }

    func testInvalidInputsAreTypedErrors() throws {
        let chain = graph(2, [(0, 1)])
        let planner = try PathPlanner(skillCount: 2, graph: chain)
        let estimates = try MasteryEstimates(certain: [0.5, 0.5])
        func error(_ options: PlanOptions) -> PlanningError? {
            do { _ = try planner.plan(estimates, options: options) } catch { return error }
            return nil
        }
        XCTAssertEqual(error(PlanOptions(goals: [2])), .skillOutOfRange(skill: 2, role: .goal, skillCount: 2))
        XCTAssertEqual(error(PlanOptions(excluded: [-1])), .skillOutOfRange(skill: -1, role: .excluded, skillCount: 2))
        XCTAssertEqual(error(PlanOptions(masteryThreshold: 0)), .invalidOption(
            "mastery threshold must be a number in (0, 1], got 0.0: the mastery probability at which a skill counts as mastered"))
        XCTAssertNotNil(error(PlanOptions(maximumLength: -1)))
        XCTAssertNotNil(error(PlanOptions(strategy: .scored(ScoreWeights(unlocks: .nan)))))
        XCTAssertThrowsError(try planner.plan(MasteryEstimates(certain: [0.5]))) {
            XCTAssertEqual($0 as? PlanningError, .countMismatch(what: "mastery estimates", expected: 2, actual: 1))
        }
        XCTAssertThrowsError(try MasteryEstimates(mastery: [0.5], lower: [0.6], upper: [0.7]))
        XCTAssertThrowsError(try MasteryEstimates(certain: [.nan]))
        XCTAssertThrowsError(try PathPlanner(skillCount: 3, graph: chain)) {
            XCTAssertEqual($0 as? PlanningError, .countMismatch(what: "prerequisite graph skills", expected: 3, actual: 2))
        }
    }

    func testIntervalFromLogitStandardDeviation() throws {
        let estimates = try MasteryEstimates(mastery: [0.5, 0.9, 1], logitStandardDeviations: [1, 0, 2])
        XCTAssertEqual(estimates.lower[0], 1 / (1 + exp(1.959964)), accuracy: 1e-6)
        XCTAssertEqual(estimates.upper[0], 1 / (1 + exp(-1.959964)), accuracy: 1e-6)
        XCTAssertEqual(estimates.lower[1], 0.9, accuracy: 1e-12)
        XCTAssertEqual(estimates.lower[2], 1)
        let wider = try MasteryEstimates(mastery: [0.5], logitStandardDeviations: [1], confidenceLevel: 0.99)
        XCTAssertLessThan(wider.lower[0], estimates.lower[0])
    }

    func testVerifierFindsStepsBeforeTheirPrerequisites() {
        let chain = graph(3, [(0, 1), (1, 2)])
        let none = [false, false, false]
        XCTAssertEqual(prerequisiteViolations(in: [0, 1, 2], mastered: none, graph: chain), [])
        XCTAssertEqual(prerequisiteViolations(in: [1, 2], mastered: [true, false, false], graph: chain), [])
        XCTAssertEqual(prerequisiteViolations(in: [0, 2, 1], mastered: none, graph: chain),
                       [PrerequisiteViolation(position: 1, skill: 2, prerequisite: 1)])
        XCTAssertEqual(prerequisiteViolations(in: [0, 0], mastered: none, graph: nil),
                       [PrerequisiteViolation(position: 1, skill: 0, prerequisite: 0)])
    }
}
