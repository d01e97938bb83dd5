import Foundation
import LinearAlgebra
import MasteryData
import MasteryModel

/// Fits the next-answer terms (``ModelTerms/nextAnswerFeatures``) after the rest of the model,
/// on the *online* predictions of its training students: each student is folded in answer by
/// answer, as a service folds a student in, and each answer contributes the model's logit before
/// it (the offset), the features' values then and its outcome. The weights, one per feature and
/// shared by every skill, maximize the ridge-penalized log-likelihood of those outcomes with the
/// offsets fixed, so nothing the model already says is fitted twice, and mastery, which leaves the
/// terms out, is exactly the model's without them (BENCHMARKS.md "Next-answer terms").
enum NextAnswerFit {
    /// The most answers the fit reads: a handful of weights are settled long before, and each
    /// answer costs a per-answer update.
    static let answerLimit = 1_000_000
    /// The ridge penalty λ on each weight (as the practice gains' default).
    static let penalty = 1.0

    /// What the online pass gathered: per answer, the features' values (averaged over its
    /// skills, as its logit is), the model's logit before it, and its outcome.
    struct Sample {
        var featureCount: Int
        /// `featureCount` values per answer (Float, as training keeps feature values).
        var values: [Float] = []
        var offsets: [Double] = []
        var outcomes: [Double] = []

        var count: Int { offsets.count }
    }

    /// The weights of `model.nextAnswerFeatures` for `model` (its own next-answer weights are never
    /// read), fitted on the answers of `trainRows` (every row when nil), with the number of
    /// answers they were fitted on.
    static func weights(for model: MasteryModel, data: ResponseData, trainRows: [Int]?,
                        threads: Int) throws(TrainingError) -> (weights: [Double], answers: Int) {
        let sample = onlineSample(model, data: data, trainRows: trainRows, threads: threads)
        return (try solve(sample, penalty: penalty), sample.count)
    }

    /// Each chosen student's training answers in order, each recorded before it is folded in, its
    /// offset the logit of `model` without its next-answer terms. Students are taken in a fixed
    /// random order until ``answerLimit`` answers.
    static func onlineSample(_ model: MasteryModel, data: ResponseData, trainRows: [Int]?, threads: Int) -> Sample {
        let counted = trainRows.map { TrainingSet.mask($0, count: data.rowCount) }
        var order = Array(0..<data.studentCount)
        var random = SeededRandom(seed: 0x6E657874)
        order.shuffle(using: &random)
        var sequences: [[Range<Int>]] = []
        var answers = 0
        for student in order where answers < answerLimit {
            let rows = data.answerRows(ofStudent: student).filter { counted?[$0.lowerBound] ?? true }
            guard !rows.isEmpty else { continue }
            sequences.append(rows)
            answers += rows.count
        }
        let chosen = sequences
        let workers = max(1, min(threads, chosen.count))
        var parts = [Sample](repeating: Sample(featureCount: model.nextAnswerFeatures.count), count: workers)
        parts.withUnsafeMutableBufferPointer { buffer in
            let shared = UnsafeSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var part = Sample(featureCount: model.nextAnswerFeatures.count)
                for index in stride(from: worker, to: chosen.count, by: workers) {
                    record(chosen[index], of: model, data: data, into: &part)
                }
                shared.value[worker] = part
            }
        }
        return parts.reduce(into: Sample(featureCount: model.nextAnswerFeatures.count)) { whole, part in
            whole.values += part.values
            whole.offsets += part.offsets
            whole.outcomes += part.outcomes
        }
    }

    private static func record(_ answers: [Range<Int>], of model: MasteryModel, data: ResponseData, into sample: inout Sample) {
        let features = model.nextAnswerFeatures.count
        var state = model.initialState()
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 + features) { scratch in
            for rows in answers {
                let first = rows.lowerBound
                let answer = StudentAnswer(skills: rows.map { Int(data.rowSkill[$0]) },
                                           item: model.itemBias.isEmpty ? nil : Int(data.rowItem[first]),
                                           outcome: Double(data.rowOutcome[first]),
                                           time: data.hasTimestamps ? data.rowTime[first] : nil)
                let start = sample.values.count
                sample.values.append(contentsOf: repeatElement(0, count: features))
                for skill in answer.skills {
                    model.nextAnswerValues(skill: skill, after: state, into: scratch.baseAddress!)
                    for feature in 0..<features {
                        sample.values[start + feature] += scratch[2 + feature] / Float(answer.skills.count)
                    }
                }
                sample.offsets.append(model.logit(of: answer, for: state, asTheNextAnswer: false))
                sample.outcomes.append(answer.outcome)
                // The rows were validated on import and the model was fitted on them, and the
                // prior keeps the precision positive definite: an update cannot fail here.
                try? model.update(&state, with: answer)
            }
        }
    }

    /// Newton's method on `Σ [log(1 + e^z) − y·z] + λ/2·|w|²` with `z = offset + w·x`, step-halved
    /// whenever the objective would rise, to a step below 10⁻¹⁰.
    static func solve(_ sample: Sample, penalty: Double) throws(TrainingError) -> [Double] {
        let k = sample.featureCount
        var weights = [Double](repeating: 0, count: k)
        guard k > 0, sample.count > 0 else { return weights }
        var objective = self.objective(sample, weights: weights, penalty: penalty)
        for _ in 0..<100 {
            var gradient = weights.map { -penalty * $0 }
            var hessian = [Double](repeating: 0, count: k * k)
            for j in 0..<k { hessian[j * k + j] = penalty }
            for answer in 0..<sample.count {
                let x = answer * k
                var z = sample.offsets[answer]
                for j in 0..<k { z += weights[j] * Double(sample.values[x + j]) }
                let p = 1 / (1 + exp(-z))
                let residual = sample.outcomes[answer] - p, curvature = p * (1 - p)
                for a in 0..<k {
                    let xa = Double(sample.values[x + a])
                    gradient[a] += residual * xa
                    for b in 0...a { hessian[a * k + b] += curvature * xa * Double(sample.values[x + b]) }
                }
            }
            for a in 0..<k { for b in 0..<a { hessian[b * k + a] = hessian[a * k + b] } }
            var step = gradient
            do {
                try SmallCholesky.solve(&hessian, order: k, b: &step)
            } catch {
                throw .linearAlgebra("next-answer terms: \(error)")
            }
            var scale = 1.0
            var candidate = zip(weights, step).map { $0 + $1 }
            var candidateObjective = self.objective(sample, weights: candidate, penalty: penalty)
            while candidateObjective > objective, scale > 1e-6 {
                scale /= 2
                candidate = zip(weights, step).map { $0 + scale * $1 }
                candidateObjective = self.objective(sample, weights: candidate, penalty: penalty)
            }
            guard candidateObjective <= objective else { break }
            let largestMove = zip(weights, candidate).map { abs($0 - $1) }.max() ?? 0
            weights = candidate
            objective = candidateObjective
            if largestMove < 1e-10 { break }
        }
        guard weights.allSatisfy(\.isFinite) else { throw .diverged(sweep: 0, group: "the next-answer weights") }
        return weights
    }

    /// The penalized negative log-likelihood the weights minimize.
    static func objective(_ sample: Sample, weights: [Double], penalty: Double) -> Double {
        let k = sample.featureCount
        var total = 0.5 * penalty * weights.reduce(0) { $0 + $1 * $1 }
        for answer in 0..<sample.count {
            var z = sample.offsets[answer]
            for j in 0..<k { z += weights[j] * Double(sample.values[answer * k + j]) }
            // log(1 + e^z) without overflow.
            total += (z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))) - sample.outcomes[answer] * z
        }
        return total
    }
}
