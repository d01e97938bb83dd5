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

    /// The learner's true levels after `budget` answers under `policy` in `loop`.
    func finalLevels(loop: BenchLoop, policy: BenchPolicy, budget: Int) throws(SimulationError) -> [Double] {
        var learner = learner
        switch (loop, policy) {
        case (.open, .oracle):
            let oracle = Oracle(dynamics: run.dynamics, goals: goals)
            for skill in oracle.schedule(levels: learner.levels, lastSkill: learner.lastSkill, rate: learner.learningRate,
                                         budget: budget) {
                _ = run.dynamics.answer(&learner, skill: skill)
            }
        case (.closed, .oracle):
            let oracle = Oracle(dynamics: run.dynamics, goals: goals)
            for used in 0..<budget {
                let skill = oracle.choose(levels: learner.levels, lastSkill: learner.lastSkill, rate: learner.learningRate,
                                          remaining: budget - used)
                _ = run.dynamics.answer(&learner, skill: skill)
            }
        case (.open, _):
            let steps = try plannedSteps(start, policy: policy, previous: learner.lastSkill, remaining: budget)
            for skill in openLoopSchedule(steps, budget: budget) { _ = run.dynamics.answer(&learner, skill: skill) }
        case (.closed, _):
            var state = start
            for used in 0..<budget {
                let steps = try plannedSteps(state, policy: policy, previous: learner.lastSkill, remaining: budget - used)
                guard let skill = steps.first?.skill else { break }
                let correct = run.dynamics.answer(&learner, skill: skill)
                do {
                    try run.recommender.update(&state, with: AnswerRecord(skillId: run.skillIDs[skill], outcome: correct ? 1 : 0))
                } catch {
                    throw .engine("folding in an answer on \(run.skillIDs[skill]): \(error)")
                }
            }
        }
        return learner.levels
    }

    /// The planner's path for the learner's goals from `state`, in `policy`'s order.
    private func plannedSteps(_ state: Recommender.State, policy: BenchPolicy, previous: Int?,
                              remaining: Int) throws(SimulationError) -> [PlannedStep] {
        let path: LearningPath
        do {
            path = try run.recommender.path(for: state, request: request(remaining: remaining))
        } catch {
            throw .engine("planning a path: \(error)")
        }
        let steps = path.steps.map { step in
            PlannedStep(skill: run.curriculumIndex[step.skill], mastery: step.mastery, practice: step.estimatedPractice)
        }
        return run.ordering.order(steps, policy: policy, previous: previous, priorities: priorities)
    }

    /// The configuration's request with this learner's goals. `remaining` (answers left in the
    /// budget) is where a budget in answers goes once `PathRequest` carries one.
    private func request(remaining: Int) -> PathRequest {
        var request = run.configuration.request
        request.goals = goals.map { run.skillIDs[$0] }
        return request
    }
}
