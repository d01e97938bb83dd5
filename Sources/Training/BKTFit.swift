import Dispatch
import Foundation
import MasteryData

extension BKTModel {
    /// Fits BKT by expectation–maximization (Baum–Welch) on `rows` of `data` (ascending; nil for
    /// all): per skill, each student's answers on it in sequence form one chain. A question tagged
    /// with several skills is an answer in each of their chains, as in every BKT implementation.
    /// Skills run in parallel; the fit is deterministic (fixed start, fixed order of sums).
    public static func fit(_ data: ResponseData, rows: [Int]? = nil, options: BKTOptions) -> BKTModel {
        let sequences = SkillSequences(data: data, rows: rows ?? Array(0..<data.rowCount))
        let skillCount = data.skillCount
        let fitted = UnsafeMutableBufferPointer<(BKTParameters, [Double])?>.allocate(capacity: skillCount)
        fitted.initialize(repeating: nil)
        defer {
            fitted.deinitialize()
            fitted.deallocate()
        }
        // Largest skills first, dealt round-robin, so that no thread is left with the long tail.
        let order = (0..<skillCount).sorted { sequences.answerCount(ofSkill: $0) > sequences.answerCount(ofSkill: $1) }
        let workers = max(1, min(options.threads, skillCount))
        let shared = UnsafeSendable(fitted)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: order.count, by: workers) {
                let skill = order[index]
                guard sequences.answerCount(ofSkill: skill) > 0 else { continue }
                shared.value[skill] = sequences.withChains(ofSkill: skill) { outcomes, ends in
                    expectationMaximization(outcomes: outcomes, sequenceEnds: ends, options: options)
                }
            }
        }
        var pooled: BKTParameters?
        if fitted.contains(where: { $0 == nil }) {
            pooled = sequences.withAllChains { outcomes, ends in
                expectationMaximization(outcomes: outcomes, sequenceEnds: ends, options: options).parameters
            }
        }
        let fallback = pooled ?? options.initialParameters
        return BKTModel(options: options, skills: fitted.map { $0?.0 ?? fallback }, logLikelihoods: fitted.map { $0?.1 ?? [] })
    }

    /// EM on the chains of one skill: `outcomes` cut at `sequenceEnds` (exclusive ends, ascending,
    /// the last one `outcomes.count`). Returns the parameters after the last M-step and the
    /// log-likelihood measured by each E-step.
    static func expectationMaximization(outcomes: UnsafeBufferPointer<Double>, sequenceEnds: UnsafeBufferPointer<Int>,
                                        options: BKTOptions) -> (parameters: BKTParameters, logLikelihoods: [Double]) {
        var parameters = options.bounded(options.initialParameters)
        var longest = 0
        var start = 0
        for end in sequenceEnds {
            longest = max(longest, end - start)
            start = end
        }
        var workspace = ForwardBackwardWorkspace(capacity: longest)
        var logLikelihoods: [Double] = []
        for _ in 0..<options.maxIterations {
            var statistics = BKTStatistics()
            var start = 0
            for end in sequenceEnds {
                workspace.accumulate(UnsafeBufferPointer(rebasing: outcomes[start..<end]), parameters: parameters, into: &statistics)
                start = end
            }
            let previous = logLikelihoods.last
            logLikelihoods.append(statistics.logLikelihood)
            parameters = options.bounded(statistics.maximizer(keeping: parameters))
            if let previous, statistics.logLikelihood - previous <= options.tolerance * abs(statistics.logLikelihood) { break }
        }
        return (parameters, logLikelihoods)
    }
}

/// The expected counts of one E-step (sums over chains of the smoothed state probabilities γ and
/// transition probabilities ξ), and the log-likelihood at the parameters that produced them.
struct BKTStatistics {
    var chains = 0.0
    var firstKnown = 0.0
    /// Σ over answers but each chain's last of γ(unknown), and of ξ(unknown → known).
    var fromUnknown = 0.0
    var learned = 0.0
    /// Σ over answers but each chain's last of γ(known), and of ξ(known → unknown).
    var fromKnown = 0.0
    var forgot = 0.0
    var known = 0.0
    var knownWrong = 0.0
    var unknown = 0.0
    var unknownRight = 0.0
    var logLikelihood = 0.0

    /// The M-step: each parameter the ratio of its expected counts (a parameter without any
    /// expected count keeps its value).
    func maximizer(keeping current: BKTParameters) -> BKTParameters {
        func ratio(_ numerator: Double, _ denominator: Double, _ old: Double) -> Double {
            denominator > 0 ? numerator / denominator : old
        }
        return BKTParameters(prior: ratio(firstKnown, chains, current.prior), learn: ratio(learned, fromUnknown, current.learn),
                             forget: ratio(forgot, fromKnown, current.forget), slip: ratio(knownWrong, known, current.slip),
                             guess: ratio(unknownRight, unknown, current.guess))
    }
}

/// Buffers of the scaled forward–backward pass (Rabiner 1989, §V.A) over one chain.
struct ForwardBackwardWorkspace {
    /// Per answer: the filtered P(known | answers up to it), the scaling factor c (the answer's
    /// likelihood given the ones before), and the emission likelihoods when known and unknown.
    private var filtered: [Double]
    private var scale: [Double]
    private var emitKnown: [Double]
    private var emitUnknown: [Double]

    init(capacity: Int) {
        filtered = [Double](repeating: 0, count: capacity)
        scale = filtered
        emitKnown = filtered
        emitUnknown = filtered
    }

    /// Adds one chain's expected counts and log-likelihood to `statistics`.
    ///
    /// Forward: α̂_t = P(L_t | y_1…y_t), c_t = P(y_t | y_1…y_{t−1}). Backward with the same scaling:
    /// β̂_t(i) = Σ_j A(i, j) e_{t+1}(j) β̂_{t+1}(j) / c_{t+1}, β̂_n = 1. Then γ_t(i) = α̂_t(i) β̂_t(i)
    /// and ξ_t(i, j) = α̂_t(i) A(i, j) e_{t+1}(j) β̂_{t+1}(j) / c_{t+1}.
    mutating func accumulate(_ outcomes: UnsafeBufferPointer<Double>, parameters p: BKTParameters,
                             into statistics: inout BKTStatistics) {
        let n = outcomes.count
        guard n > 0 else { return }
        var known = p.prior
        for t in 0..<n {
            if t > 0 { known = filtered[t - 1] * (1 - p.forget) + (1 - filtered[t - 1]) * p.learn }
            let (right, wrong) = p.emissions(outcomes[t])
            let evidence = known * right + (1 - known) * wrong
            filtered[t] = known * right / evidence
            scale[t] = evidence
            emitKnown[t] = right
            emitUnknown[t] = wrong
            statistics.logLikelihood += log(evidence)
        }
        var backKnown = 1.0
        var backUnknown = 1.0
        for t in stride(from: n - 1, through: 0, by: -1) {
            let alphaKnown = filtered[t]
            let alphaUnknown = 1 - alphaKnown
            if t < n - 1 {
                // Joint terms of the transition t → t + 1, from the backward values at t + 1.
                let nextKnown = emitKnown[t + 1] * backKnown / scale[t + 1]
                let nextUnknown = emitUnknown[t + 1] * backUnknown / scale[t + 1]
                let stayUnknown = alphaUnknown * (1 - p.learn) * nextUnknown
                let learned = alphaUnknown * p.learn * nextKnown
                let forgot = alphaKnown * p.forget * nextUnknown
                let stayKnown = alphaKnown * (1 - p.forget) * nextKnown
                statistics.learned += learned
                statistics.forgot += forgot
                statistics.fromUnknown += stayUnknown + learned
                statistics.fromKnown += forgot + stayKnown
                backUnknown = (1 - p.learn) * nextUnknown + p.learn * nextKnown
                backKnown = p.forget * nextUnknown + (1 - p.forget) * nextKnown
            }
            let gammaKnown = alphaKnown * backKnown
            let gammaUnknown = alphaUnknown * backUnknown
            let y = outcomes[t]
            statistics.known += gammaKnown
            statistics.knownWrong += gammaKnown * (1 - y)
            statistics.unknown += gammaUnknown
            statistics.unknownRight += gammaUnknown * y
            if t == 0 { statistics.firstKnown += gammaKnown }
        }
        statistics.chains += 1
    }
}

/// The training answers of each skill as chains: skill s's outcomes, student by student in
/// sequence, and where each student's chain ends.
struct SkillSequences {
    private var outcomes: [Double] = []
    /// Skill s's outcomes are `outcomes[outcomeStart[s] ..< outcomeStart[s + 1]]`.
    private var outcomeStart: [Int]
    /// Exclusive ends of the chains, relative to the skill's first outcome: skill s's chains end
    /// at `chainEnds[chainStart[s] ..< chainStart[s + 1]]`.
    private var chainEnds: [Int] = []
    private var chainStart: [Int]

    /// - Parameter rows: ascending, so that each student's rows come together and in sequence.
    init(data: ResponseData, rows: [Int]) {
        let skillCount = data.skillCount
        var answers = [Int](repeating: 0, count: skillCount)
        var chains = [Int](repeating: 0, count: skillCount)
        var lastStudent = [UInt32](repeating: .max, count: skillCount)
        for row in rows {
            let skill = Int(data.rowSkill[row])
            answers[skill] += 1
            if lastStudent[skill] != data.rowStudent[row] {
                chains[skill] += 1
                lastStudent[skill] = data.rowStudent[row]
            }
        }
        outcomeStart = answers.reduce(into: [0]) { $0.append($0.last! + $1) }
        chainStart = chains.reduce(into: [0]) { $0.append($0.last! + $1) }
        outcomes = [Double](repeating: 0, count: outcomeStart[skillCount])
        chainEnds = [Int](repeating: 0, count: chainStart[skillCount])
        var nextOutcome = Array(outcomeStart.dropLast())
        var nextChain = Array(chainStart.dropLast())
        lastStudent = [UInt32](repeating: .max, count: skillCount)
        for row in rows {
            let skill = Int(data.rowSkill[row])
            if lastStudent[skill] != data.rowStudent[row] {
                nextChain[skill] += 1
                lastStudent[skill] = data.rowStudent[row]
            }
            outcomes[nextOutcome[skill]] = Double(data.rowOutcome[row])
            nextOutcome[skill] += 1
            chainEnds[nextChain[skill] - 1] = nextOutcome[skill] - outcomeStart[skill]
        }
    }

    func answerCount(ofSkill skill: Int) -> Int { outcomeStart[skill + 1] - outcomeStart[skill] }

    func withChains<Result>(ofSkill skill: Int,
                            _ body: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Int>) -> Result) -> Result {
        outcomes.withUnsafeBufferPointer { outcomes in
            chainEnds.withUnsafeBufferPointer { ends in
                body(UnsafeBufferPointer(rebasing: outcomes[outcomeStart[skill]..<outcomeStart[skill + 1]]),
                     UnsafeBufferPointer(rebasing: ends[chainStart[skill]..<chainStart[skill + 1]]))
            }
        }
    }

    /// Every skill's chains as one set (for the pooled fit), ends made relative to the whole.
    func withAllChains<Result>(_ body: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Int>) -> Result) -> Result {
        var ends = chainEnds
        for skill in 0..<(outcomeStart.count - 1) {
            for chain in chainStart[skill]..<chainStart[skill + 1] { ends[chain] += outcomeStart[skill] }
        }
        return outcomes.withUnsafeBufferPointer { outcomes in
            ends.withUnsafeBufferPointer { body(outcomes, $0) }
        }
    }
}
