import LearningPaths
import Recommend

/// One test learner after warm-up, ready to be taught by each policy from the same start.
struct LearnerRun {
    let run: SeedRun
    /// The engine's estimate after the learner's warm-up answers.
    let start: Recommender.State
    /// The true learner after warm-up (levels, last skill, and the random numbers every policy
    /// then shares).
    let learner: BenchLearner
    let goals: [Int]
    let priorities: [Double]
    /// Sees every answer of every run, for traces.
    var observer: ((TracedAnswer) -> Void)?

    /// The learner's true levels after each of `budgets` (ascending) under `policy` in `loop`.
    ///
    /// The baselines' closed-loop requests carry no budget (each answer replans from the
    /// estimate), so their run is the same for every L up to the point L: one run to the largest
    /// budget gives them all. The planner's closed loop (which asks for the rest of the budget),
    /// open-loop paths and the oracle depend on the budget and run once per budget.
    func finalLevels(loop: BenchLoop, policy: BenchPolicy, budgets: [Int]) throws(SimulationError) -> [[Double]] {
        switch (loop, policy) {
        case (.open, .oracle):
            return budgets.map { budget in
                var learner = learner
                let oracle = Oracle(dynamics: run.dynamics, goals: goals)
                for skill in oracle.schedule(levels: learner.levels, lastSkill: learner.lastSkill, rate: learner.learningRate,
                                             budget: budget) {
                    teach(&learner, skill)
                }
                return learner.levels
            }
        case (.closed, .oracle):
            return budgets.map { budget in
                var learner = learner
                let oracle = Oracle(dynamics: run.dynamics, goals: goals)
                for used in 0..<budget {
                    let skill = oracle.choose(levels: learner.levels, lastSkill: learner.lastSkill, rate: learner.learningRate,
                                              remaining: budget - used)
                    teach(&learner, skill)
                }
                return learner.levels
            }
        case (.open, .planner):
            // The planner fits the goals into the budget itself and returns the schedule.
            var finals: [[Double]] = []
            for budget in budgets {
                var learner = learner
                var request = request()
                request.maximumAnswers = budget
                request.recentSkills = learner.lastSkill.map { [run.skillIDs[$0]] } ?? []
                let path: LearningPath
                do {
                    path = try run.recommender.path(for: start, request: request)
                } catch {
                    throw .engine("planning a path: \(error)")
                }
                let steps = plannedSteps(path)
                for skill in path.practiceSchedule { teach(&learner, run.curriculumIndex[skill], path: steps) }
                finals.append(learner.levels)
            }
            return finals
        case (_, let policy) where policy.isModelFree:
            // It sees no estimate and no answer, so its closed loop is its open loop.
            let skills = modelFreeOrder(policy)
            return budgets.map { budget in
                var learner = learner
                let schedule = equalShareSchedule(skills, budget: budget)
                let steps = skills.map { skill in PlannedStep(skill: skill, mastery: nil, practice: schedule.count { $0 == skill }) }
                for skill in schedule { teach(&learner, skill, path: steps) }
                return learner.levels
            }
        case (.open, _):
            // A baseline walks the planner's whole path (no budget) in its own order, each step
            // for its estimated practice. Reordering the budget-fitted schedule instead gives every
            // order the same figures to three decimals: within a budget the path is a short chain.
            var finals: [[Double]] = []
            for budget in budgets {
                var learner = learner
                let steps = try plannedSteps(start, policy: policy, previous: learner.lastSkill)
                for skill in openLoopSchedule(steps, budget: budget) { teach(&learner, skill, path: steps) }
                finals.append(learner.levels)
            }
            return finals
        case (.closed, .planner):
            // Each answer replans for what is left of the budget, saying what the session has
            // spent on each skill and what is left of the schedule it is following, and takes the
            // schedule's first item, as a service that knows the session's length would.
            return try budgets.map { budget throws(SimulationError) in
                var learner = learner
                var state = start
                var sessionPractice: [String: Int] = [:]
                var sessionSchedule: [String] = []
                for used in 0..<budget {
                    var request = request()
                    request.maximumAnswers = budget - used
                    request.sessionPractice = sessionPractice
                    request.sessionSchedule = sessionSchedule
                    request.recentSkills = learner.lastSkill.map { [run.skillIDs[$0]] } ?? []
                    let path: LearningPath
                    do {
                        path = try run.recommender.path(for: state, request: request)
                    } catch {
                        throw .engine("planning a path: \(error)")
                    }
                    guard let next = path.practiceSchedule.first else { break }
                    sessionSchedule = path.practiceSchedule.dropFirst().map { run.skillIDs[run.curriculumIndex[$0]] }
                    let skill = run.curriculumIndex[next]
                    sessionPractice[run.skillIDs[skill], default: 0] += 1
                    let correct = teach(&learner, skill, path: plannedSteps(path))
                    do {
                        try run.recommender.update(&state, with: AnswerRecord(skillId: run.skillIDs[skill], outcome: correct ? 1 : 0))
                    } catch {
                        throw .engine("folding in an answer on \(run.skillIDs[skill]): \(error)")
                    }
                }
                return learner.levels
            }
        case (.closed, _):
            var learner = learner
            var state = start
            var finals: [[Double]] = []
            let largest = budgets.last ?? 0
            for used in 0..<largest {
                let steps = try plannedSteps(state, policy: policy, previous: learner.lastSkill)
                if let skill = steps.first?.skill {
                    let correct = teach(&learner, skill, path: steps)
                    do {
                        try run.recommender.update(&state, with: AnswerRecord(skillId: run.skillIDs[skill], outcome: correct ? 1 : 0))
                    } catch {
                        throw .engine("folding in an answer on \(run.skillIDs[skill]): \(error)")
                    }
                }
                // An empty path (every goal judged mastered) leaves the learner idle to the end.
                while finals.count < budgets.count, budgets[finals.count] == used + 1 { finals.append(learner.levels) }
                if steps.isEmpty { break }
            }
            while finals.count < budgets.count { finals.append(learner.levels) }
            return finals
        }
    }

    /// One answer on `skill`, reported to the observer with the path it came from.
    @discardableResult
    private func teach(_ learner: inout BenchLearner, _ skill: Int, path: [PlannedStep]? = nil) -> Bool {
        let correct = run.dynamics.answer(&learner, skill: skill)
        observer?(TracedAnswer(skill: skill, correct: correct, levels: learner.levels, path: path))
        return correct
    }

    /// The planner's path for the learner's goals from `state` without a budget (closed loop
    /// replans after every answer), in `policy`'s order.
    private func plannedSteps(_ state: Recommender.State, policy: BenchPolicy, previous: Int?) throws(SimulationError) -> [PlannedStep] {
        var request = request()
        if policy == .planner, let previous { request.recentSkills = [run.skillIDs[previous]] }
        let path: LearningPath
        do {
            path = try run.recommender.path(for: state, request: request)
        } catch {
            throw .engine("planning a path: \(error)")
        }
        return run.ordering.order(plannedSteps(path), by: policy.baselineOrder, previous: previous, priorities: priorities)
    }

    /// The goals and every skill they need, in a model-free policy's order from the learner's last answer.
    private func modelFreeOrder(_ policy: BenchPolicy) -> [Int] {
        let steps = run.ordering.graph.closure(of: goals).map { PlannedStep(skill: $0, mastery: nil, practice: 0) }
        return run.ordering.order(steps, by: policy.baselineOrder, previous: learner.lastSkill, priorities: priorities).map(\.skill)
    }

    /// A path's steps by curriculum index, with their estimates and practice counts.
    private func plannedSteps(_ path: LearningPath) -> [PlannedStep] {
        path.steps.map { step in
            PlannedStep(skill: run.curriculumIndex[step.skill], mastery: step.mastery, practice: step.estimatedPractice)
        }
    }

    /// The configuration's request with this learner's goals.
    private func request() -> PathRequest {
        var request = run.configuration.request
        request.goals = goals.map { run.skillIDs[$0] }
        return request
    }
}
