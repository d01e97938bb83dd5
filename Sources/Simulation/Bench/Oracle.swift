/// The reference policy: it sees the learner's true levels and knows the true dynamics.
///
/// It decides one answer at a time by rollout, a one-step policy improvement over a good fixed
/// rule: for every candidate skill (the goals and all their ancestors) it takes one answer on the
/// candidate, then follows the base rule for the rest of the budget on the expected dynamics, and
/// practises the candidate whose rollout ends with the highest mean true probability of a correct
/// answer on the goals (ties: the base rule's own choice, then the smallest index). Because the
/// base rule's own choice is among the candidates, the oracle does at least as well as the base
/// rule wherever the expected dynamics are exact (gated and damped learners, with or without
/// wasted jumps); for BKT the expectation treats prerequisites as independent.
///
/// The base rule: keep practising the last skill until it is mastered if its prerequisites are;
/// otherwise the first skill in topological order that is not mastered and whose prerequisites
/// are, preferring one next to the last answer's skill; once every candidate is mastered, the
/// goal with the lowest probability of a correct answer. For BKT "mastered" here means known
/// with probability 0.9.
///
/// Closed loop, it decides again after every answer from the true levels; open loop, it plans
/// the whole budget up front by the same rule on the expected dynamics.
struct Oracle: Sendable {
    let dynamics: LearnerDynamics
    let goals: [Int]
    /// The goals and their ancestors, in topological order.
    let candidates: [Int]

    init(dynamics: LearnerDynamics, goals: [Int]) {
        self.dynamics = dynamics
        self.goals = goals
        candidates = dynamics.graph.closure(of: goals)
    }

    /// The skill to practise now with `remaining` answers left (at least 1).
    func choose(levels: [Double], lastSkill: Int?, rate: Double, remaining: Int) -> Int {
        let base = baseChoice(levels, lastSkill: lastSkill)
        var best = (skill: base, value: rolloutValue(levels, lastSkill: lastSkill, first: base, rate: rate, remaining: remaining))
        for candidate in candidates where candidate != base {
            let value = rolloutValue(levels, lastSkill: lastSkill, first: candidate, rate: rate, remaining: remaining)
            if value > best.value + 1e-12 { best = (candidate, value) }
        }
        return best.skill
    }

    /// The open-loop plan: `budget` choices made on the expected dynamics from the true start.
    func schedule(levels: [Double], lastSkill: Int?, rate: Double, budget: Int) -> [Int] {
        var levels = levels, lastSkill = lastSkill
        return (0..<budget).map { used in
            let skill = choose(levels: levels, lastSkill: lastSkill, rate: rate, remaining: budget - used)
            dynamics.expectedAnswer(&levels, lastSkill: &lastSkill, skill: skill, rate: rate)
            return skill
        }
    }

    private func rolloutValue(_ levels: [Double], lastSkill: Int?, first: Int, rate: Double, remaining: Int) -> Double {
        var levels = levels, lastSkill = lastSkill
        dynamics.expectedAnswer(&levels, lastSkill: &lastSkill, skill: first, rate: rate)
        for _ in 1..<max(1, remaining) {
            dynamics.expectedAnswer(&levels, lastSkill: &lastSkill, skill: baseChoice(levels, lastSkill: lastSkill), rate: rate)
        }
        return dynamics.goalMastery(levels, goals: goals)
    }

    private func isDone(_ levels: [Double], _ skill: Int) -> Bool {
        dynamics.model.kind == .bkt ? levels[skill] >= 0.9 : levels[skill] >= dynamics.parameters.masteryThreshold
    }

    /// The base rule, in one pass over the candidates (it runs for every answer of every rollout).
    func baseChoice(_ levels: [Double], lastSkill: Int?) -> Int {
        let graph = dynamics.graph
        var firstOpen: Int?
        var firstNext: Int?
        for skill in candidates where !isDone(levels, skill) && graph.prerequisites[skill].allSatisfy({ isDone(levels, $0) }) {
            guard let lastSkill else { return skill }
            if skill == lastSkill { return skill }
            if firstOpen == nil { firstOpen = skill }
            if firstNext == nil, graph.isAdjacent(skill, to: lastSkill) { firstNext = skill }
        }
        if let next = firstNext ?? firstOpen { return next }
        return goals.min { dynamics.correctProbability(levels, skill: $0) < dynamics.correctProbability(levels, skill: $1) }!
    }
}
