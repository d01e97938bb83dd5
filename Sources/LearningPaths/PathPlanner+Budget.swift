extension PathPlanner {
    /// The path under ``PlanOptions/maximumAnswers``: the goals that fit, each with its missing
    /// ancestors before it, and a schedule of exactly `budget` answers.
    ///
    /// Goals are taken cheapest first, where a goal's cost is
    /// ``PlanOptions/minimumAnswersPerStep`` for it and for each of its plannable ancestors not
    /// already covered by goals taken before (so goals that share prerequisites get cheaper as
    /// their neighbours are taken): the most goals whose steps each get that many answers, for a
    /// greedy choice (``GoalChoice``). The scheduled tier is paid for first. When not even the
    /// cheapest goal fits, the goals are taken the same way at one answer a step, and when none
    /// fits at one either, the cheapest is planned anyway. The budget is then shared along the
    /// path (``shareBudget(_:among:)``),
    /// so the student reaches the goals instead of spending every answer on a first prerequisite
    /// whose need the model overestimates. Answers left after every step's need go to the goal
    /// steps, one at a time in path order, so more practice lands where the goals are.
    ///
    /// The cost is counted in steps rather than in the steps' estimated needs because the needs
    /// are estimates: counted in needs, a 20-answer budget took one or two goals and left the
    /// rest, and the mean gain over all goals was half of what sharing it over every goal gave
    /// (policy bench, BENCHMARKS.md "Budgets shared along the path"). The fallback to one answer
    /// a step is for budgets below twice the goals' steps: there every step gets one answer or
    /// two whatever the goals, and a lone goal got one answer at the end of its prerequisites
    /// where every goal the budget reaches could get one (policy bench, 10 seeds at L = 10: +0.002
    /// to +0.004 in every cell, BENCHMARKS.md "Short budgets reach every goal they can").
    ///
    /// With ``PlanOptions/sessionPractice`` the goals are chosen and the budget shared for the
    /// whole session (`budget` plus the answers already spent on the path's skills, each step's
    /// need counted with its spent answers), and each step keeps its share minus what it has had
    /// (``sessionSchedule(budget:sessionShares:spent:)``).
    func planWithinBudget(_ remainingBudget: Int, estimates: MasteryEstimates, options: PlanOptions,
                          learningCurves: (any LearningCurveSource)?,
                          stepEstimates: ((_ order: [Int32]) throws(PlanningError) -> MasteryEstimates)?,
                          scope: PlanningScope, reach: GoalReach, states: [SkillState]) throws(PlanningError) -> LearningPath {
        let plannable = scope.order.map(Int.init).filter { scope.flags[$0].isPlannable }
        let spentOnPlannable = plannable.reduce(0) { $0 + (options.sessionPractice[$1] ?? 0) }
        let budget = remainingBudget + spentOnPlannable
        // For each plannable skill not in the scheduled tier the goals it serves (itself
        // included), and for each goal the skills it needs: its closure within the plannable skills.
        let scheduledTier = plannable.filter { scope.flags[$0].contains(.scheduledTier) }
        var goalsServed = [[Int]](repeating: [], count: skillCount)
        var closure = [[Int]](repeating: [], count: skillCount)
        for skill in plannable where !scope.flags[skill].contains(.scheduledTier) {
            var served = Array(GoalSet(rows: reach.rows, row: skill))
            if scope.flags[skill].contains(.goal) { served.append(skill) }
            for goal in served { closure[goal].append(skill) }
            goalsServed[skill] = served
        }
        let candidates = plannable.filter { scope.flags[$0].contains(.goal) && !scope.flags[$0].contains(.scheduledTier) }
        let choice = GoalChoice(candidates: candidates, closure: closure, goalsServed: goalsServed,
                                scheduledSteps: scheduledTier.count, skillCount: skillCount)
        // Capped at the budget so the products in the choice stay far from overflowing.
        var taken = choice.cheapestFirst(budget: budget, answersPerStep: min(options.minimumAnswersPerStep, budget + 1))
        if taken.isEmpty { taken = choice.cheapestFirst(budget: budget, answersPerStep: 1) }
        if taken.isEmpty, scheduledTier.isEmpty, let cheapest = choice.cheapest { taken = [cheapest] }
        let isTaken = Set(taken)

        var narrowed = options
        narrowed.goals = taken
        narrowed.maximumAnswers = nil
        narrowed.sessionPractice = [:]
        narrowed.sessionSchedule = []
        narrowed.sessionOrder = options.sessionSchedule
        let path = try plan(estimates, options: narrowed, learningCurves: learningCurves, stepEstimates: stepEstimates)
        let spent = path.steps.map { options.sessionPractice[$0.skill] ?? 0 }
        var steps = path.steps
        var planned: [Int]
        if !options.sessionSchedule.isEmpty {
            planned = Self.carryOn(options.sessionSchedule, steps: steps, spent: spent, budget: remainingBudget)
        } else {
            let sessionBudget = remainingBudget + spent.reduce(0, +)
            planned = Self.shareBudget(sessionBudget, among: zip(path.steps, spent).map { $0.estimatedPractice + $1 },
                                       generousMinimum: options.minimumAnswersPerStep)
            steps = Array(path.steps.prefix(planned.count))
            Self.giveToGoals(sessionBudget - planned.reduce(0, +), steps: steps, planned: &planned)
            if spent.contains(where: { $0 > 0 }) {
                planned = Self.sessionSchedule(budget: remainingBudget, sessionShares: planned, spent: Array(spent.prefix(planned.count)))
                finishStepInProgress(&steps, &planned, current: options.recentSkills.last)
            }
        }
        var schedule: [Int] = []
        schedule.reserveCapacity(remainingBudget)
        for (step, answers) in zip(steps, planned) { schedule.append(contentsOf: repeatElement(step.skill, count: answers)) }
        if steps.isEmpty {
            let review = scope.goals.filter { scope.flags[$0].contains(.mastered) && !scope.flags[$0].contains(.excluded) }
            schedule = Self.reviewSchedule(review, mastery: estimates.mastery, budget: remainingBudget)
        }
        return LearningPath(
            steps: steps, states: states, graphGiven: graph != nil, goals: scope.goals,
            omittedByLength: path.omittedByLength + path.steps.count - steps.count,
            // From the whole request's scope: the narrowed plan never sees a goal that is blocked.
            blockedByExclusion: blockedByExclusion(scope, options: options), practiceSchedule: schedule, plannedAnswers: planned,
            goalsBeyondBudget: candidates.filter { !isTaken.contains($0) }.sorted())
    }
}

extension PathPlanner {
    /// The answers of each of `steps` when the student is following `schedule` (what is left of
    /// the session's practice schedule, ``PlanOptions/sessionSchedule``) and has `budget` answers
    /// left. A step in the schedule asks for its answers there, a step that joined the path (a
    /// prerequisite whose estimate fell back, a goal the budget now reaches) for its estimated
    /// need, and a step that has had answers this session (`spent`) but is no longer in the
    /// schedule has had its share and asks for none; the budget is shared by those asks
    /// (``shareBudget(_:among:)``), so when they fit every step gets its ask and the answers of
    /// steps that left the path (judged mastered) go to the goals (``giveToGoals(_:steps:planned:)``),
    /// and when a joined step does not fit the scheduled steps give up answers to it, the largest
    /// first.
    static func carryOn(_ schedule: [Int], steps: [PathStep], spent: [Int], budget: Int) -> [Int] {
        var scheduled: [Int: Int] = [:]
        for skill in schedule { scheduled[skill, default: 0] += 1 }
        let askers = steps.indices.filter { scheduled[steps[$0].skill] != nil || spent[$0] == 0 }
        let asks = askers.map { scheduled[steps[$0].skill] ?? steps[$0].estimatedPractice }
        var planned = [Int](repeating: 0, count: steps.count)
        for (index, share) in zip(askers, shareBudget(budget, among: asks)) { planned[index] = share }
        giveToGoals(budget - planned.reduce(0, +), steps: steps, planned: &planned)
        return planned
    }

    /// `left` more answers to the goal steps, one at a time in path order (to every step when no
    /// goal is on the path), so that answers beyond the steps' needs land where the goals are.
    static func giveToGoals(_ left: Int, steps: [PathStep], planned: inout [Int]) {
        var left = left
        let goalSteps = steps.indices.filter { steps[$0].isGoal }
        let takers = goalSteps.isEmpty ? Array(steps.indices) : goalSteps
        while left > 0, !takers.isEmpty {
            for index in takers where left > 0 {
                planned[index] += 1
                left -= 1
            }
        }
    }

    /// With nothing left to learn, a session of `budget` answers reviews the mastered goals:
    /// the lowest estimates first, the budget shared equally, each goal's answers together. A
    /// goal judged mastered is an estimate (the interval's lower end, or a run of right answers),
    /// and a session that stops there leaves the rest of the learner's time unused: on the policy
    /// bench a path replanned after every answer ended a third of 50-answer sessions early
    /// (BENCHMARKS.md "Session practice").
    static func reviewSchedule(_ goals: [Int], mastery: [Double], budget: Int) -> [Int] {
        guard !goals.isEmpty, budget > 0 else { return [] }
        let weakestFirst = goals.sorted { (mastery[$0], $0) < (mastery[$1], $1) }
        let base = budget / weakestFirst.count, extra = budget % weakestFirst.count
        return weakestFirst.enumerated().flatMap { index, goal in repeatElement(goal, count: base + (index < extra ? 1 : 0)) }
    }

    /// Within a session, the step the student is on (`current`, their last answer's skill) goes
    /// first while its share lasts, unless a step before it is one of its prerequisites: a
    /// replanned order otherwise flips between steps whose scores an answer nudged, and every
    /// switch costs a learner who takes up a skill next to the last one (policy bench,
    /// BENCHMARKS.md "Session practice").
    private func finishStepInProgress(_ steps: inout [PathStep], _ planned: inout [Int], current: Int?) {
        guard let current, let position = steps.firstIndex(where: { $0.skill == current }), position > 0,
              planned[position] > 0 else { return }
        let needed = Set(graph?.ancestors(of: [current]) ?? [])
        guard !steps[..<position].contains(where: { needed.contains($0.skill) }) else { return }
        steps.insert(steps.remove(at: position), at: 0)
        planned.insert(planned.remove(at: position), at: 0)
    }

    /// What is left of each step's session share once its `spent` answers are taken off, fitted
    /// to exactly `budget` answers: a step that had more than its share gets none, and when the
    /// rest then exceed the budget they are cut back by ``shareBudget(_:among:)`` (steps with
    /// nothing left stay at nothing). `sessionShares` sum to `budget` plus `spent`, so what is
    /// left never falls short of the budget.
    static func sessionSchedule(budget: Int, sessionShares: [Int], spent: [Int]) -> [Int] {
        var left = zip(sessionShares, spent).map { max(0, $0 - $1) }
        guard left.reduce(0, +) > budget else { return left }
        let open = left.indices.filter { left[$0] > 0 }
        for (index, share) in zip(open, shareBudget(budget, among: open.map { left[$0] })) { left[index] = share }
        // With fewer answers than open steps, the first `budget` get one each and the rest none.
        for index in open.dropFirst(budget) { left[index] = 0 }
        return left
    }

    /// `budget` answers shared among steps that need `needs` answers each, in path order: every
    /// step gets its whole need when they all fit, and otherwise the most even split that never
    /// gives a step more than its need (water-filling: every need capped at the highest level at
    /// which they still fit, so the steps needing little get all of it and the rest share
    /// equally; the answers left under the next level go to the earliest steps still short).
    /// A need below one counts as one. With fewer answers than steps, the first `budget` steps
    /// get one each.
    ///
    /// Shared rather than paid in order because a step's need is an estimate from a population
    /// model: paid in order, one step estimated at the cap takes the whole budget and the goals
    /// behind it get nothing (issue 14: a 20-answer budget then never reaches a goal). On the
    /// policy bench this split (with goals counted in steps, ``PlanOptions/minimumAnswersPerStep``)
    /// raised the planner's open-loop gain at L = 20 from 0.00–0.04 to 0.07–0.36 on every learner
    /// model (BENCHMARKS.md, "Budgets shared along the path").
    public static func shareBudget(_ budget: Int, among needs: [Int]) -> [Int] {
        let needs = needs.map { max(1, $0) }
        guard needs.count <= budget else {
            return (0..<max(budget, 0)).map { _ in 1 }
        }
        // The level: the largest per-step ceiling whose capped needs still fit (one always does).
        var level = 1, highest = needs.max() ?? 1
        while level < highest {
            let candidate = level + (highest - level + 1) / 2
            if needs.reduce(0, { $0 + min($1, candidate) }) <= budget { level = candidate } else { highest = candidate - 1 }
        }
        var shares = needs.map { min($0, level) }
        var remaining = budget - shares.reduce(0, +)
        // What is left under the next level goes to the earliest steps still short of their need.
        for index in needs.indices where remaining > 0 && shares[index] < needs[index] {
            shares[index] += 1
            remaining -= 1
        }
        return shares
    }

    /// ``shareBudget(_:among:)``, except that no step gets fewer than `minimum` answers when the
    /// budget is generous: when, with every need raised to `minimum`, each step that does not get
    /// its whole need still gets at least twice `minimum`.
    ///
    /// A step whose need is one answer is a skill judged nearly mastered: one answer rarely
    /// settles it, and a learner who switches to a skill for a single question loses the thread
    /// twice. When the long steps have answers to spare, a second answer there costs them little;
    /// when they have not, it would come out of the goals, so a short budget is shared by need
    /// alone. On the policy bench (BENCHMARKS.md, "Generous budgets give every step two answers")
    /// this raised gated learners at L = 50 by 0.013–0.031 (gated+continuity from level with
    /// random order to ahead of it) and cost at most 0.007 in any cell.
    public static func shareBudget(_ budget: Int, among needs: [Int], generousMinimum minimum: Int) -> [Int] {
        let raised = needs.map { max($0, minimum, 1) }
        let shares = shareBudget(budget, among: raised)
        let isGenerous = shares.count == needs.count
            && zip(shares, raised).allSatisfy { share, need in share == need || share >= 2 * minimum }
        return isGenerous ? shares : shareBudget(budget, among: needs)
    }
}
