extension PathPlanner {
    /// The path under ``PlanOptions/maximumAnswers``: the goals that fit, each with its missing
    /// ancestors before it, and a schedule of exactly `budget` answers.
    ///
    /// Goals are taken cheapest first, where a goal's cost is the practice still needed by it and
    /// by its plannable ancestors not already covered by goals taken before (so goals that share
    /// prerequisites get cheaper as their neighbours are taken): the most goals within the
    /// budget for a greedy choice. The scheduled tier is paid for first. When not even the
    /// cheapest goal fits, it is planned anyway and its path is cut at the budget, so the
    /// student still starts towards it. Answers left after every planned step's need go to the
    /// goal steps, one at a time in path order, so more practice lands where the goals are.
    func planWithinBudget(_ budget: Int, estimates: MasteryEstimates, options: PlanOptions,
                          learningCurves: (any LearningCurveSource)?,
                          stepEstimates: ((_ order: [Int32]) throws(PlanningError) -> MasteryEstimates)?,
                          scope: PlanningScope, reach: GoalReach, states: [SkillState]) throws(PlanningError) -> LearningPath {
        let plannable = scope.order.map(Int.init).filter { scope.flags[$0].isPlannable }
        // A need above the budget cannot fit whatever else is taken, so it is capped there and
        // the sums below stay far from overflowing.
        var need = [Int](repeating: 0, count: skillCount)
        for skill in plannable {
            need[skill] = min(practiceNeed(of: skill, estimates: estimates, options: options,
                                           learningCurves: learningCurves).answers, budget + 1)
        }
        var remaining = budget
        var covered = [Bool](repeating: false, count: skillCount)
        for skill in plannable where scope.flags[skill].contains(.scheduledTier) {
            covered[skill] = true
            remaining -= need[skill]
        }
        // For each uncovered plannable skill the goals it serves (itself included), and for each
        // goal the skills it needs: its closure within the plannable skills.
        var goalsServed = [[Int]](repeating: [], count: skillCount)
        var closure = [[Int]](repeating: [], count: skillCount)
        var cost = [Int](repeating: 0, count: skillCount)
        for skill in plannable where !covered[skill] {
            var served = Array(GoalSet(rows: reach.rows, row: skill))
            if scope.flags[skill].contains(.goal) { served.append(skill) }
            for goal in served {
                cost[goal] += need[skill]
                closure[goal].append(skill)
            }
            goalsServed[skill] = served
        }
        let candidates = plannable.filter { scope.flags[$0].contains(.goal) && !covered[$0] }
        var isTaken = [Bool](repeating: false, count: skillCount)
        var taken: [Int] = []
        while let cheapest = candidates.filter({ !isTaken[$0] }).min(by: { cost[$0] < cost[$1] }) {
            guard cost[cheapest] <= remaining || (taken.isEmpty && remaining == budget) else { break }
            isTaken[cheapest] = true
            taken.append(cheapest)
            remaining -= cost[cheapest]
            for skill in closure[cheapest] where !covered[skill] {
                covered[skill] = true
                for goal in goalsServed[skill] { cost[goal] -= need[skill] }
            }
        }

        var narrowed = options
        narrowed.goals = taken
        narrowed.maximumAnswers = nil
        let path = try plan(estimates, options: narrowed, learningCurves: learningCurves, stepEstimates: stepEstimates)
        var planned: [Int] = []
        var left = budget
        for step in path.steps where left > 0 {
            let answers = min(step.estimatedPractice, left)
            planned.append(answers)
            left -= answers
        }
        let steps = Array(path.steps.prefix(planned.count))
        let extraTakers = steps.indices.filter { steps[$0].isGoal }
        let takers = extraTakers.isEmpty ? Array(steps.indices) : extraTakers
        while left > 0, !takers.isEmpty {
            for index in takers where left > 0 {
                planned[index] += 1
                left -= 1
            }
        }
        var schedule: [Int] = []
        schedule.reserveCapacity(steps.isEmpty ? 0 : budget)
        for (step, answers) in zip(steps, planned) { schedule.append(contentsOf: repeatElement(step.skill, count: answers)) }
        return LearningPath(
            steps: steps, states: states, graphGiven: graph != nil, goals: scope.goals,
            omittedByLength: path.omittedByLength + path.steps.count - steps.count,
            blockedByExclusion: path.blockedByExclusion, practiceSchedule: schedule, plannedAnswers: planned,
            goalsBeyondBudget: candidates.filter { !isTaken[$0] }.sorted())
    }
}
