import LearningPaths
import MasteryData

/// A path policy of the bench. Every policy but the oracle sees only what the real engine
/// estimates from the learner's answers; every policy but ``planner`` and ``oracle`` reorders
/// the steps of the planner's own path (same skills, same practice counts, each step after its
/// prerequisites on the path). Open loop, the planner policy gets the budget
/// (`PathRequest.maximumAnswers`) and follows its own schedule, while the baselines share the
/// budget along the whole path (every goal) in their order by the planner's rule
/// (`PathPlanner.shareBudget`), so the planner's edge there is its order and its choice of goals.
/// Closed loop, the planner asks for what is left of the budget after every answer and takes its
/// schedule's first answer; the baselines take the first step of their order.
public enum BenchPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// `Recommender.path` with the bench's request template and the learner's goals, as returned.
    case planner
    /// A random prerequisite-respecting order: one random priority per skill and learner, kept
    /// for the whole run.
    case random
    /// Kahn order over the path's steps, smallest skill index first.
    case topological
    /// The highest estimated mastery first among the steps whose prerequisites are done.
    case easiestFirst = "easiest-first"
    /// Topological, but preferring a step next to the previous one in the graph (the same skill,
    /// a direct prerequisite or a direct dependent), starting from the learner's last answer.
    case continuityTopological = "continuity-topological"
    /// Sees the true levels and the true dynamics (see `Oracle`): a strong reference, not a policy.
    case oracle
}

/// Whether the path is planned once for the whole budget or again after every answer.
public enum BenchLoop: String, Sendable, Hashable, Codable, CaseIterable {
    /// Planned up front for a budget of L answers and walked without looking at the answers.
    case open
    /// Replanned after every answer (folded in with `Recommender.update`); the first step is practised.
    case closed
}

/// A planned step as the bench uses it: the skill (curriculum index), its estimated mastery and
/// the answers the planner expects it to need.
struct PlannedStep: Sendable, Equatable {
    let skill: Int
    let mastery: Double
    let practice: Int
}

/// The baseline orders over a planned path's steps.
struct StepOrdering: Sendable {
    let graph: BenchGraph

    /// `steps` in the order of `policy`; every step comes after its prerequisites among `steps`
    /// (prerequisites outside the path count as mastered, as the planner judged them).
    /// - Parameters:
    ///   - previous: the skill of the learner's last answer, for the continuity order.
    ///   - priorities: one per skill, for the random order.
    func order(_ steps: [PlannedStep], policy: BenchPolicy, previous: Int?, priorities: [Double]) -> [PlannedStep] {
        guard policy != .planner, policy != .oracle, steps.count > 1 else { return steps }
        var remaining = steps
        var placed: [PlannedStep] = []
        var last = previous
        while !remaining.isEmpty {
            let onPath = Set(remaining.map(\.skill))
            let ready = remaining.indices.filter { index in
                graph.prerequisites[remaining[index].skill].allSatisfy { !onPath.contains($0) }
            }
            let chosen = pick(among: ready, of: remaining, policy: policy, previous: last, priorities: priorities)
            last = remaining[chosen].skill
            placed.append(remaining.remove(at: chosen))
        }
        return placed
    }

    private func pick(among ready: [Int], of steps: [PlannedStep], policy: BenchPolicy, previous: Int?,
                      priorities: [Double]) -> Int {
        let smallestSkill = { (candidates: [Int]) in candidates.min { steps[$0].skill < steps[$1].skill }! }
        switch policy {
        case .random:
            return ready.max { (priorities[steps[$0].skill], steps[$1].skill) < (priorities[steps[$1].skill], steps[$0].skill) }!
        case .easiestFirst:
            return ready.max { (steps[$0].mastery, steps[$1].skill) < (steps[$1].mastery, steps[$0].skill) }!
        case .continuityTopological:
            if let previous {
                let next = ready.filter { graph.isAdjacent(steps[$0].skill, to: previous) }
                if !next.isEmpty { return smallestSkill(next) }
            }
            return smallestSkill(ready)
        case .topological, .planner, .oracle:
            return smallestSkill(ready)
        }
    }
}

/// The answers of a baseline's open-loop run: the budget shared along the reordered path by the
/// planner's own rule (`PathPlanner.shareBudget`, so that the baselines differ from the planner
/// in the order and the choice of goals, not in how a short budget is split); a path whose
/// needs all fit is walked again from its start with what is left (practice beyond the
/// planner's estimate), and an empty path (every goal judged mastered) uses none. The planner
/// policy instead follows the planner's own schedule for the budget
/// (`PathRequest.maximumAnswers`, `LearningPath.practiceSchedule`).
func openLoopSchedule(_ steps: [PlannedStep], budget: Int) -> [Int] {
    guard !steps.isEmpty else { return [] }
    var schedule: [Int] = []
    schedule.reserveCapacity(budget)
    while schedule.count < budget {
        let shares = PathPlanner.shareBudget(budget - schedule.count, among: steps.map(\.practice))
        for (step, share) in zip(steps, shares) { schedule.append(contentsOf: repeatElement(step.skill, count: share)) }
    }
    return schedule
}
