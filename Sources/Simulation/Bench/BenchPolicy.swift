import LearningPaths
import MasteryData

/// A path policy of the bench. Every policy but the oracle sees only what the real engine
/// estimates from the learner's answers, or nothing at all.
///
/// Two families of baselines stand beside the planner:
/// - **Model-free orders** (``random``, ``topological``, ``continuityTopological``), as issue 14's
///   table means them and as a teacher without Lotrinh would teach: the goals and every skill they
///   need, directly or transitively, in the policy's order, the budget shared equally along them
///   (`equalShareSchedule`). They see no estimate and no answer, so their closed loop is their
///   open loop.
/// - **Reorderings of the planner's own path** (``easiestFirst`` and the `planner-steps-*`
///   policies), an ablation: the planner's skills and practice counts in another order. Open loop
///   they share the budget by the planner's own rule (`PathPlanner.shareBudget(_:among:generousMinimum:)`), so the
///   planner's edge over them is its order and its choice of goals alone; closed loop they take
///   the first step of their order after every answer.
///
/// Open loop, the planner gets the budget (`PathRequest.maximumAnswers`) and follows its own
/// schedule; closed loop it asks for what is left of the budget after every answer and takes its
/// schedule's first answer.
public enum BenchPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// `Recommender.path` with the bench's request template and the learner's goals, as returned.
    case planner
    /// Model-free: a random prerequisite-respecting order of the goals and their ancestors (one
    /// random priority per skill and learner, kept for the whole run), equal shares.
    case random
    /// Model-free: Kahn order of the goals and their ancestors, smallest skill index first,
    /// equal shares.
    case topological
    /// Model-free: topological, but preferring a skill next to the previous one in the graph (the
    /// same skill, a direct prerequisite or a direct dependent), starting from the learner's last
    /// answer; equal shares.
    case continuityTopological = "continuity-topological"
    /// The planner's steps, the highest estimated mastery first among those whose prerequisites are done.
    case easiestFirst = "easiest-first"
    /// The planner's steps in the ``random`` order.
    case plannerStepsRandom = "planner-steps-random"
    /// The planner's steps in the ``topological`` order.
    case plannerStepsTopological = "planner-steps-topological"
    /// The planner's steps in the ``continuityTopological`` order.
    case plannerStepsContinuity = "planner-steps-continuity"
    /// Sees the true levels and the true dynamics (see `Oracle`): a strong reference, not a policy.
    case oracle

    /// Whether the policy ignores the engine: it knows the graph and the goals only.
    var isModelFree: Bool { [.random, .topological, .continuityTopological].contains(self) }

    /// The order a baseline puts its steps in (nil for the planner and the oracle, which choose
    /// their own).
    var baselineOrder: BaselineOrder? {
        switch self {
        case .random, .plannerStepsRandom: .random
        case .topological, .plannerStepsTopological: .topological
        case .continuityTopological, .plannerStepsContinuity: .continuity
        case .easiestFirst: .easiestFirst
        case .planner, .oracle: nil
        }
    }
}

/// How a baseline orders steps whose prerequisites are done.
enum BaselineOrder {
    /// Highest random priority first.
    case random
    /// Smallest skill index first.
    case topological
    /// A step next to the previous one first, then smallest skill index.
    case continuity
    /// Highest estimated mastery first.
    case easiestFirst
}

/// Whether the path is planned once for the whole budget or again after every answer.
public enum BenchLoop: String, Sendable, Hashable, Codable, CaseIterable {
    /// Planned up front for a budget of L answers and walked without looking at the answers.
    case open
    /// Replanned after every answer (folded in with `Recommender.update`); the first step is practised.
    case closed
}

/// A planned step as the bench uses it: the skill (curriculum index), its estimated mastery (nil
/// for a model-free baseline, which has none) and the answers the policy gives it.
struct PlannedStep: Sendable, Equatable {
    let skill: Int
    let mastery: Double?
    let practice: Int
}

/// The baseline orders over a planned path's steps.
struct StepOrdering: Sendable {
    let graph: BenchGraph

    /// `steps` in `order`; every step comes after its prerequisites among `steps`
    /// (prerequisites outside the path count as mastered, as the planner judged them).
    /// - Parameters:
    ///   - previous: the skill of the learner's last answer, for the continuity order.
    ///   - priorities: one per skill, for the random order.
    func order(_ steps: [PlannedStep], by order: BaselineOrder?, previous: Int?, priorities: [Double]) -> [PlannedStep] {
        guard let order, steps.count > 1 else { return steps }
        var remaining = steps
        var placed: [PlannedStep] = []
        var last = previous
        while !remaining.isEmpty {
            let onPath = Set(remaining.map(\.skill))
            let ready = remaining.indices.filter { index in
                graph.prerequisites[remaining[index].skill].allSatisfy { !onPath.contains($0) }
            }
            let chosen = pick(among: ready, of: remaining, order: order, previous: last, priorities: priorities)
            last = remaining[chosen].skill
            placed.append(remaining.remove(at: chosen))
        }
        return placed
    }

    private func pick(among ready: [Int], of steps: [PlannedStep], order: BaselineOrder, previous: Int?,
                      priorities: [Double]) -> Int {
        let smallestSkill = { (candidates: [Int]) in candidates.min { steps[$0].skill < steps[$1].skill }! }
        switch order {
        case .random:
            return ready.max { (priorities[steps[$0].skill], steps[$1].skill) < (priorities[steps[$1].skill], steps[$0].skill) }!
        case .easiestFirst:
            return ready.max { (steps[$0].mastery ?? 0, steps[$1].skill) < (steps[$1].mastery ?? 0, steps[$0].skill) }!
        case .continuity:
            if let previous {
                let next = ready.filter { graph.isAdjacent(steps[$0].skill, to: previous) }
                if !next.isEmpty { return smallestSkill(next) }
            }
            return smallestSkill(ready)
        case .topological:
            return smallestSkill(ready)
        }
    }
}

/// The answers of a baseline's open-loop run: the budget shared along the reordered path by the
/// planner's own rule (`PathPlanner.shareBudget(_:among:generousMinimum:)`, so that the baselines differ from the planner
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
        let shares = PathPlanner.shareBudget(budget - schedule.count, among: steps.map(\.practice),
                                             generousMinimum: PlanOptions().minimumAnswersPerStep)
        for (step, share) in zip(steps, shares) { schedule.append(contentsOf: repeatElement(step.skill, count: share)) }
    }
    return schedule
}

/// A model-free baseline's answers: `skills` in order, the budget shared equally along them (the
/// first `budget mod count` skills one answer more; with fewer answers than skills, one each to
/// the first `budget`), each skill's answers together.
func equalShareSchedule(_ skills: [Int], budget: Int) -> [Int] {
    guard !skills.isEmpty else { return [] }
    let base = budget / skills.count
    let extra = budget % skills.count
    return skills.enumerated().flatMap { index, skill in repeatElement(skill, count: base + (index < extra ? 1 : 0)) }
}
