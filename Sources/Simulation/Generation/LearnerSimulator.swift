import MasteryData
import Foundation

/// Receives every simulated answer, in order. The generator writes them; calibration counts them.
protocol AnswerSink {
    /// `Never` for sinks that only count.
    associatedtype Failure: Error

    /// `secondSkill` is -1 unless the item is tagged with two skills; `probability` is the true
    /// probability the answer was drawn with.
    mutating func record(
        order: Int, item: Int, skill: Int, secondSkill: Int, correct: Bool, probability: Double
    ) throws(Failure)
}

/// Walks one learner at a time through the curriculum and draws their answers from the true model.
///
/// The walk: start with a random skill whose prerequisites have all been started, practise it for
/// a sitting of a few answers, move on; now and then revisit a started skill or jump ahead to a
/// skill whose prerequisites are not all started. Per-skill state is reused across learners and
/// invalidated by a stamp, so a learner costs time for the skills they touch, not for the whole
/// curriculum (which may have 10^4 skills).
struct LearnerSimulator {
    private struct SkillProgress {
        var stamp = 0
        var prerequisitesNotStarted: Int32 = 0
        var wins: Int32 = 0
        var fails: Int32 = 0
        var started = false
    }

    private let graph: PrerequisiteGraph
    private let truth: TrueParameters
    private let walk: SyntheticDataset.WalkStyle
    private let prerequisitePenalty: Double
    private let prerequisitePracticeThreshold: Int32
    /// log(1 + n) for small n: the count terms are evaluated for every answer.
    private let practiceLogarithms: [Double]

    private var progress: [SkillProgress]
    private var currentStamp = 0
    private var ready: [Int32] = []
    private var started: [Int32] = []

    init(graph: PrerequisiteGraph, truth: TrueParameters, config: SyntheticDataset) {
        self.graph = graph
        self.truth = truth
        self.walk = config.walk
        self.prerequisitePenalty = config.prerequisitePenalty
        self.prerequisitePracticeThreshold = Int32(clamping: config.prerequisitePracticeThreshold)
        self.practiceLogarithms = (0..<4096).map { log1p(Double($0)) }
        self.progress = Array(repeating: SkillProgress(), count: graph.skillCount)
    }

    /// Simulates `answerCount` answers of one learner; `random` is that learner's own stream.
    mutating func simulate<Sink: AnswerSink>(
        _ student: StudentTraits, answerCount: Int, random: inout SeededRandom, sink: inout Sink
    ) throws(Sink.Failure) {
        currentStamp += 1
        ready.removeAll(keepingCapacity: true)
        ready.append(contentsOf: graph.roots.map(Int32.init))
        started.removeAll(keepingCapacity: true)

        let studentBase = truth.globalBias + student.bias
        var order = 0
        while order < answerCount {
            let (skill, sittingLength) = nextSitting(&random)
            let skillBase = studentBase + staticSkillTerm(skill, student)
            for _ in 0..<min(sittingLength, answerCount - order) {
                order += 1
                let item = skill * truth.itemsPerSkill + random.nextInt(below: truth.itemsPerSkill)
                let secondSkill = Int(truth.itemSecondSkill[item])
                var logit = skillBase + truth.itemBias[item] + practiceTerm(skill)
                if secondSkill >= 0 {
                    // One answer to a two-skill question: the mean of its skills' logits.
                    let secondLogit = studentBase + truth.itemBias[item]
                        + staticSkillTerm(secondSkill, student) + practiceTerm(secondSkill)
                    logit = 0.5 * (logit + secondLogit)
                }
                let probability = 1 / (1 + exp(-logit))
                let correct = random.nextBernoulli(probability)
                try sink.record(
                    order: order, item: item, skill: skill, secondSkill: secondSkill,
                    correct: correct, probability: probability)
                count(correct, on: skill)
                if secondSkill >= 0 {
                    count(correct, on: secondSkill)
                }
            }
        }
    }

    // MARK: - The walk

    private mutating func nextSitting(_ random: inout SeededRandom) -> (skill: Int, length: Int) {
        let choice = random.nextUniform()
        if !started.isEmpty && (ready.isEmpty || choice < walk.revisitProbability) {
            let skill = Int(started[random.nextInt(below: started.count)])
            return (skill, random.nextInt(in: walk.revisitLength))
        }
        if choice >= walk.revisitProbability && choice < walk.revisitProbability + walk.skipAheadProbability,
            let skill = skipAheadCandidate(&random)
        {
            start(skill)
            return (skill, random.nextInt(in: walk.practiceLength))
        }
        // A DAG always has a ready skill while some skill is not started, and `started` is
        // non-empty otherwise, so `ready` is not empty here.
        let index = random.nextInt(below: ready.count)
        let skill = Int(ready[index])
        ready.swapAt(index, ready.count - 1)
        ready.removeLast()
        start(skill)
        return (skill, random.nextInt(in: walk.practiceLength))
    }

    /// A not-yet-started skill that follows a ready one: one step ahead of the syllabus.
    private mutating func skipAheadCandidate(_ random: inout SeededRandom) -> Int? {
        guard !ready.isEmpty else { return nil }
        let from = Int(ready[random.nextInt(below: ready.count)])
        let dependents = graph.dependents(of: from)
        guard !dependents.isEmpty else { return nil }
        let candidate = Int(dependents[dependents.startIndex + random.nextInt(below: dependents.count)])
        refresh(candidate)
        return progress[candidate].started ? nil : candidate
    }

    private mutating func start(_ skill: Int) {
        refresh(skill)
        progress[skill].started = true
        started.append(Int32(skill))
        for dependent in graph.dependents(of: skill) {
            let next = Int(dependent)
            refresh(next)
            progress[next].prerequisitesNotStarted -= 1
            // A skill reached early by a jump ahead is already started and is not ready again.
            if progress[next].prerequisitesNotStarted == 0 && !progress[next].started {
                ready.append(Int32(dependent))
            }
        }
    }

    // MARK: - The model's terms

    /// b_s + p_u·q_s: what does not change while the learner practises.
    private func staticSkillTerm(_ skill: Int, _ student: StudentTraits) -> Double {
        var term = truth.skillBias[skill]
        let offset = skill * truth.rank
        for factor in 0..<truth.rank {
            term += student.factors[factor] * truth.skillFactors[offset + factor]
        }
        return term
    }

    /// γ⁺ log(1 + wins) + γ⁻ log(1 + fails), minus the penalty for under-practised prerequisites.
    private mutating func practiceTerm(_ skill: Int) -> Double {
        refresh(skill)
        let state = progress[skill]
        var term = truth.gainAfterCorrect[skill] * practiceLogarithm(state.wins)
            + truth.gainAfterWrong[skill] * practiceLogarithm(state.fails)
        if prerequisitePenalty != 0 {
            for prerequisite in graph.prerequisites(of: skill) where practiceCount(Int(prerequisite)) < prerequisitePracticeThreshold {
                term -= prerequisitePenalty
            }
        }
        return term
    }

    private func practiceLogarithm(_ count: Int32) -> Double {
        count < practiceLogarithms.count ? practiceLogarithms[Int(count)] : log1p(Double(count))
    }

    private func practiceCount(_ skill: Int) -> Int32 {
        let state = progress[skill]
        return state.stamp == currentStamp ? state.wins + state.fails : 0
    }

    private mutating func count(_ correct: Bool, on skill: Int) {
        if correct {
            progress[skill].wins += 1
        } else {
            progress[skill].fails += 1
        }
    }

    /// Resets a skill's state the first time the current learner touches it.
    @inline(__always)
    private mutating func refresh(_ skill: Int) {
        if progress[skill].stamp != currentStamp {
            progress[skill] = SkillProgress(
                stamp: currentStamp, prerequisitesNotStarted: Int32(graph.prerequisites(of: skill).count))
        }
    }
}
