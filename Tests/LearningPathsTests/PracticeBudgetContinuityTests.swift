import LearningPaths
import MasteryData
import XCTest

/// Practice from learning curves, answer budgets and the continuity term, each against a case
/// worked out by hand.
final class LearningCurveTests: XCTestCase {
    func testAnswersUntilTheThresholdFollowTheExpectedOutcomes() {
        // γ⁺ = 1, γ⁻ = 0, no earlier answers, from 0.5 to 0.8 (logit 1.3863). Each answer adds its
        // expected outcome p to the wins and the logit becomes log(1 + wins):
        //   p 0.5    → wins 0.5    → logit 0.4055 (p 0.6)
        //   p 0.6    → wins 1.1    → logit 0.7419 (p 0.6774)
        //   p 0.6774 → wins 1.7774 → logit 1.0215 (p 0.7353)
        //   p 0.7353 → wins 2.5127 → logit 1.2564 (p 0.7784)
        //   p 0.7784 → wins 3.2911 → logit 1.4565 ≥ 1.3863: five answers.
        let curve = LearningCurve(gainCorrect: 1, gainWrong: 0)
        XCTAssertEqual(curve.answers(from: 0.5, toReach: 0.8, cap: 20), PracticeNeed(answers: 5, reachesThreshold: true))
        XCTAssertEqual(curve.answers(from: 0.5, toReach: 0.8, cap: 4), PracticeNeed(answers: 4, reachesThreshold: false))
        // Already there: a step is still practised once.
        XCTAssertEqual(curve.answers(from: 0.9, toReach: 0.8, cap: 20), PracticeNeed(answers: 1, reachesThreshold: true))
    }

    func testEarlierAnswersFlattenTheCurve() {
        // γ⁺ 0.5, γ⁻ 0.2 after 2 right and 3 wrong answers: the same recursion from log(3) and
        // log(4) reaches logit 1.0378 (0.7384) after 20 answers and passes 1.3863 at the 37th.
        let curve = LearningCurve(gainCorrect: 0.5, gainWrong: 0.2, wins: 2, fails: 3)
        XCTAssertEqual(curve.answers(from: 0.5, toReach: 0.8, cap: 20), PracticeNeed(answers: 20, reachesThreshold: false))
        XCTAssertEqual(curve.answers(from: 0.5, toReach: 0.8, cap: 100), PracticeNeed(answers: 37, reachesThreshold: true))
    }

    func testFlatOrFallingCurvesNeverPromiseMastery() {
        for (right, wrong) in [(0.0, 0.0), (-0.3, 0.1), (0.0, -1.0)] {
            let need = LearningCurve(gainCorrect: right, gainWrong: wrong).answers(from: 0.4, toReach: 0.8, cap: 12)
            XCTAssertEqual(need, PracticeNeed(answers: 12, reachesThreshold: false), "γ⁺ \(right), γ⁻ \(wrong)")
        }
    }

    /// The curve says "not within the cap" without walking when its ceiling is below the target;
    /// on every curve it must still give exactly what the walk gives, near the target too.
    func testTheUnreachableShortcutGivesWhatTheWalkGives() {
        // The walk written out plainly: each answer at its expected outcome, up to the cap.
        func walked(_ curve: LearningCurve, from mastery: Double, toReach threshold: Double, cap: Int) -> PracticeNeed {
            let logit = { (p: Double) in log(min(max(p, 1e-12), 1 - 1e-12) / (1 - min(max(p, 1e-12), 1 - 1e-12))) }
            let onLogits = curve.scale == .logit
            let (start, target) = onLogits ? (logit(mastery), logit(threshold)) : (mastery, threshold)
            var (current, wins, fails) = (start, curve.wins, curve.fails)
            for answered in 0..<cap {
                if current >= target { return PracticeNeed(answers: max(answered, 1), reachesThreshold: true) }
                let expected = onLogits ? 1 / (1 + exp(-current)) : min(max(current, 0), 1)
                wins += expected
                fails += 1 - expected
                current = start + curve.gainCorrect * (log1p(wins) - log1p(curve.wins))
                    + curve.gainWrong * (log1p(fails) - log1p(curve.fails))
            }
            return PracticeNeed(answers: cap, reachesThreshold: current >= target)
        }
        var random = SeededRandom(seed: 22)
        var shortcuts = 0
        for _ in 0..<20_000 {
            let curve = LearningCurve(gainCorrect: .random(in: -0.3...0.8, using: &random), gainWrong: .random(in: -0.3...0.5, using: &random),
                                      wins: Double(Int.random(in: 0...30, using: &random)), fails: .random(in: 0...30, using: &random),
                                      scale: Bool.random(using: &random) ? .logit : .probability)
            let (mastery, threshold, cap) = (Double.random(in: 0.02...0.98, using: &random), Double.random(in: 0.5...0.95, using: &random),
                                             Int.random(in: 1...30, using: &random))
            let need = curve.answers(from: mastery, toReach: threshold, cap: cap)
            XCTAssertEqual(need, walked(curve, from: mastery, toReach: threshold, cap: cap), "\(curve), from \(mastery) to \(threshold), cap \(cap)")
            if need == PracticeNeed(answers: cap, reachesThreshold: false) { shortcuts += 1 }
        }
        XCTAssertGreaterThan(shortcuts, 1_000, "the cases cover curves that never get there")
    }

    func testGradedScoresMoveOnTheScoreItself() {
        // Score 0.5 + 0.3·(log 1.5) = 0.6216, then 0.7135, 0.7857, 0.8440: four answers.
        let curve = LearningCurve(gainCorrect: 0.2, gainWrong: 0.1, scale: .probability)
        XCTAssertEqual(curve.answers(from: 0.5, toReach: 0.8, cap: 20), PracticeNeed(answers: 4, reachesThreshold: true))
    }

    func testPlannerTakesEachStepsPracticeFromItsCurve() throws {
        struct Curves: LearningCurveSource {
            func learningCurve(of skill: Int) -> LearningCurve {
                skill == 1 ? LearningCurve(gainCorrect: 0, gainWrong: 0) : LearningCurve(gainCorrect: 1, gainWrong: 0)
            }
        }
        let planner = try PathPlanner(skillCount: 3, graph: graph(3, [(0, 1), (1, 2)]))
        let path = try planner.plan(MasteryEstimates(certain: [0.5, 0.5, 0.9]), options: PlanOptions(maximumPracticePerStep: 7),
                                    learningCurves: Curves())
        // Skill 2 at 0.9 is mastered; 0 takes the five answers above; 1's flat curve hits the cap.
        XCTAssertEqual(path.skills, [0, 1])
        XCTAssertEqual(path.steps.map(\.estimatedPractice), [5, 7])
        XCTAssertEqual(path.steps.map(\.practiceReachesThreshold), [true, false])
    }
}

final class AnswerBudgetTests: XCTestCase {
    /// Chain 0 → 1 → 2 and a lone skill 3; at the constant gain 0.1 the needs are
    /// ⌈(0.8 − m) / 0.1⌉ = 3, 3, 2, 1 answers.
    private let chain = graph(4, [(0, 1), (1, 2)])
    private let mastery = [0.5, 0.5, 0.6, 0.7]

    func testTheCheapestGoalComesFirstAndTheRestOfTheBudgetGoesToIt() throws {
        // At two answers a step, goal 3 costs 2 and goal 2 costs 3 · 2 = 6: with 4 answers only 3
        // fits; it needs one, and the three answers left go to it.
        let path = try plan(chain, mastery: mastery, options: PlanOptions(goals: [2, 3], maximumAnswers: 4))
        XCTAssertEqual(path.skills, [3])
        XCTAssertEqual(path.plannedAnswers, [4])
        XCTAssertEqual(path.practiceSchedule, [3, 3, 3, 3])
        XCTAssertEqual(path.goalsBeyondBudget, [2])
        XCTAssertEqual(path.goals, [2, 3])
    }

    func testGoalsThatFitArePlannedWholeAndTheScheduleIsExactlyTheBudget() throws {
        // 2 + 6 = 8 ≤ 9 at two answers a step: both goals fit, and their needs 1 + 3 + 3 + 2 = 9
        // exactly.
        let path = try plan(chain, mastery: mastery, options: PlanOptions(goals: [2, 3], maximumAnswers: 9))
        XCTAssertEqual(Set(path.skills), [0, 1, 2, 3])
        XCTAssertLessThan(path.skills.firstIndex(of: 0)!, path.skills.firstIndex(of: 1)!)
        XCTAssertLessThan(path.skills.firstIndex(of: 1)!, path.skills.firstIndex(of: 2)!)
        XCTAssertEqual(path.plannedAnswers, path.steps.map(\.estimatedPractice))
        XCTAssertEqual(path.practiceSchedule.count, 9)
        XCTAssertEqual(path.goalsBeyondBudget, [])
        for budget in 1...30 {
            let schedule = try plan(chain, mastery: mastery, options: PlanOptions(goals: [2, 3], maximumAnswers: budget)).practiceSchedule
            XCTAssertEqual(schedule.count, budget, "budget \(budget)")
        }
    }

    func testSharedPrerequisitesMakeTheNextGoalCheaper() throws {
        // Goal 1 costs 2 · 2 = 4, goal 2 costs 6; once 1 is taken, 2 costs only its own step's 2.
        // The needs 3 + 3 + 2 = 8 then fit the budget exactly.
        let path = try plan(chain, mastery: mastery, options: PlanOptions(goals: [1, 2], maximumAnswers: 8))
        XCTAssertEqual(path.skills, [0, 1, 2])
        XCTAssertEqual(path.practiceSchedule, [0, 0, 0, 1, 1, 1, 2, 2])
    }

    func testAGoalBeyondTheBudgetIsStartedRatherThanDropped() throws {
        // Goal 2 costs 6 (three steps at two answers), more than 2: planned anyway, and the two
        // answers are shared along its path, one for each of its first two steps.
        let path = try plan(chain, mastery: mastery, options: PlanOptions(goals: [2], maximumAnswers: 2))
        XCTAssertEqual(path.skills, [0, 1])
        XCTAssertEqual(path.practiceSchedule, [0, 1])
        XCTAssertEqual(path.omittedByLength, 1)
    }

    func testABudgetBelowOneIsRefused() {
        XCTAssertThrowsError(try plan(chain, mastery: mastery, options: PlanOptions(maximumAnswers: 0)))
    }
}

final class ContinuityTests: XCTestCase {
    /// Two chains 0 → 1 and 2 → 3. Scores (gain 1 · (1 − m) + unlocks 0.3 · reach / 2):
    /// 0: 0.9 + 0.3 = 1.2, 2: 0.95 + 0.3 = 1.25, 1: 0.5 + 0.15 = 0.65, 3: 0.6 + 0.15 = 0.75.
    private let chains = graph(4, [(0, 1), (2, 3)])
    private let mastery = [0.1, 0.5, 0.05, 0.4]

    func testWithoutContinuityThePathJumpsBetweenChains() throws {
        // 2 (1.25), then 0 (1.2) over 3 (0.75), then 3 (0.75) over 1 (0.65).
        let off = PlanOptions(strategy: .scored(ScoreWeights(continuity: 0)))
        XCTAssertEqual(try plan(chains, mastery: mastery, options: off).skills, [2, 0, 3, 1])
    }

    func testContinuityKeepsTheNextStepBesideThePreviousOne() throws {
        let weights = ScoreWeights(continuity: 1)
        // After 2, skill 3 is its dependent: 0.75 + 1 beats 0's 1.2.
        XCTAssertEqual(try plan(chains, mastery: mastery, options: PlanOptions(strategy: .scored(weights))).skills, [2, 3, 0, 1])
        // Having just worked on 1, the path starts at its prerequisite 0 (1.2 + 1 beats 1.25).
        let recent = PlanOptions(strategy: .scored(weights), recentSkills: [1])
        XCTAssertEqual(try plan(chains, mastery: mastery, options: recent).skills, [0, 1, 2, 3])
    }

    func testARecentSkillOutOfRangeIsRefused() {
        XCTAssertThrowsError(try plan(chains, mastery: mastery, options: PlanOptions(recentSkills: [4])))
    }
}
