/// Which goals a budgeted path takes (``PathPlanner/planWithinBudget``): goals taken cheapest
/// first, where a goal's cost is its steps not already covered by goals taken before (so goals
/// that share prerequisites get cheaper as their neighbours are taken), each step at a given
/// number of answers.
struct GoalChoice {
    /// Plannable goals outside the scheduled tier.
    let candidates: [Int]
    /// For each goal, the plannable skills outside the scheduled tier it needs, itself included.
    let closure: [[Int]]
    /// For each plannable skill outside the scheduled tier, the goals it serves.
    let goalsServed: [[Int]]
    /// Steps of the scheduled tier, paid for before any goal.
    let scheduledSteps: Int
    let skillCount: Int

    /// The goal with the fewest steps (the smallest index among equals), nil without candidates.
    var cheapest: Int? {
        candidates.min { closure[$0].count < closure[$1].count }
    }

    /// The most goals whose steps each get `answersPerStep` answers within `budget`, for a greedy
    /// choice: the cheapest goal while it fits, its steps then paid for. Empty when not even
    /// the cheapest goal fits.
    func cheapestFirst(budget: Int, answersPerStep: Int) -> [Int] {
        var remaining = budget - scheduledSteps * answersPerStep
        var stepsLeft = closure.map(\.count)
        var covered = [Bool](repeating: false, count: skillCount)
        var isTaken = [Bool](repeating: false, count: skillCount)
        var taken: [Int] = []
        while let goal = candidates.filter({ !isTaken[$0] }).min(by: { stepsLeft[$0] < stepsLeft[$1] }),
              stepsLeft[goal] * answersPerStep <= remaining {
            isTaken[goal] = true
            taken.append(goal)
            remaining -= stepsLeft[goal] * answersPerStep
            for skill in closure[goal] where !covered[skill] {
                covered[skill] = true
                for served in goalsServed[skill] { stepsLeft[served] -= 1 }
            }
        }
        return taken
    }
}
