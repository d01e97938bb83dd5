import LinearAlgebra

/// One graded answer of a student, as fold-in takes it.
public struct StudentAnswer: Sendable, Equatable {
    /// Skill indices of the question (usually one; a multi-skill question shares its weight).
    public var skills: [Int]
    /// Item index in the model, if the question is known to it.
    public var item: Int?
    /// 0/1 correctness, or a score in [0, 1].
    public var outcome: Double
    /// Unix seconds, used only by a recency half-life in days.
    public var time: Double?

    public init(skills: [Int], item: Int? = nil, outcome: Double, time: Double? = nil) {
        self.skills = skills
        self.item = item
        self.outcome = outcome
        self.time = time
    }

    public init(skill: Int, item: Int? = nil, outcome: Double, time: Double? = nil) {
        self.init(skills: [skill], item: item, outcome: outcome, time: time)
    }
}

/// A student's estimated parameters with their uncertainty.
public struct StudentEstimate: Sendable, Equatable {
    /// `b_u`.
    public var bias: Double
    /// `p_u`, `rank` values.
    public var factors: [Double]
    /// Covariance of `(b_u, p_u)` (the inverse of the student's normal matrix, the Laplace
    /// approximation), `(rank+1)²` values, column-major and symmetric; zeros when unknown.
    public var covariance: [Double]
    /// Practice so far per skill: earlier correct and wrong answers (fractional for scores).
    public var wins: [Int: Double]
    public var fails: [Int: Double]
    public var answerCount: Int
    /// Newton iterations the fold-in took.
    public var iterations: Int
}

/// Mastery of one skill: the probability of a correct answer on a typical question of the skill,
/// with an interval from the estimate's uncertainty.
public struct Mastery: Sendable, Equatable {
    public var probability: Double
    public var lower: Double
    public var upper: Double
    /// Standard deviation of the logit.
    public var logitStandardDeviation: Double
}

public enum FoldInError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownSkill(Int)
    case unknownItem(Int)
    case outcomeOutOfRange(Double)
    case noAnswers
    case notConverged(iterations: Int)

    public var description: String {
        switch self {
        case let .unknownSkill(skill): "skill index \(skill) is not in the model"
        case let .unknownItem(item): "item index \(item) is not in the model"
        case let .outcomeOutOfRange(value): "outcome \(value) is not in [0, 1]"
        case .noAnswers: "no answers to fold in"
        case let .notConverged(iterations): "fold-in did not converge in \(iterations) Newton steps"
        }
    }
}

extension MasteryModel {
    /// The part of a row's logit that does not depend on the student: `μ + b_s + b_i + γ⁺ℓw + γ⁻ℓf`.
    @inline(__always)
    public func studentFreeLogit(skill: Int, item: Int?, logWins: Double, logFails: Double) -> Double {
        var value = globalBias + skillBias[skill] + gainCorrect[skill] * logWins + gainWrong[skill] * logFails
        if let item { value += itemBias[item] }
        return value
    }

    /// Estimates a student's `(b_u, p_u)` from their answers with the skill side fixed: Newton steps
    /// on the regularized likelihood from the prior (zero), until the step is below `tolerance`.
    ///
    /// The prior is the training's student-side ridge penalty, so a student with few answers stays
    /// near the population and a skill predicted from one answer keeps a wide interval.
    public func foldIn(_ answers: [StudentAnswer], tolerance: Double = 1e-8,
                       maxIterations: Int = 50) throws(FoldInError) -> StudentEstimate {
        guard !answers.isEmpty else { throw .noAnswers }
        var skills: [UInt32] = []
        var answerNumbers: [UInt32] = []
        var outcomes: [Float] = []
        var times: [Double] = []
        var items: [Int] = []
        for (number, answer) in answers.enumerated() {
            guard (0...1).contains(answer.outcome) else { throw .outcomeOutOfRange(answer.outcome) }
            if let item = answer.item, !(0..<itemBias.count).contains(item) { throw .unknownItem(item) }
            for skill in answer.skills {
                guard (0..<skillCount).contains(skill) else { throw .unknownSkill(skill) }
                skills.append(UInt32(skill))
                answerNumbers.append(UInt32(number))
                outcomes.append(Float(answer.outcome))
                times.append(answer.time ?? 0)
                items.append(answer.item ?? -1)
            }
        }
        let rows = skills.count
        var logWins = [Float](repeating: 0, count: rows)
        var logFails = [Float](repeating: 0, count: rows)
        var weights = [Float](repeating: 0, count: rows)
        var features = AnswerFeatures(skillCount: skillCount)
        skills.withUnsafeBufferPointer { skillBuffer in
            answerNumbers.withUnsafeBufferPointer { answerBuffer in
                outcomes.withUnsafeBufferPointer { outcomeBuffer in
                    times.withUnsafeBufferPointer { timeBuffer in
                        logWins.withUnsafeMutableBufferPointer { winBuffer in
                            logFails.withUnsafeMutableBufferPointer { failBuffer in
                                weights.withUnsafeMutableBufferPointer { weightBuffer in
                                    features.compute(skills: skillBuffer, answers: answerBuffer, outcomes: outcomeBuffer,
                                                     times: timeBuffer, recency: metadata.recency,
                                                     logWins: winBuffer, logFails: failBuffer, weights: weightBuffer)
                                }
                            }
                        }
                    }
                }
            }
        }

        let dimension = rank + 1
        let solver = RidgeNewtonSolver(dimension: dimension, chunkCapacity: min(rows, 1024), link: kind)
        var theta = [Double](repeating: 0, count: dimension)
        var penalty = [Double](repeating: metadata.regularization.studentFactors, count: dimension)
        penalty[0] = metadata.regularization.studentBias
        let offsets = (0..<rows).map { row in
            studentFreeLogit(skill: Int(skills[row]), item: items[row] >= 0 ? items[row] : nil,
                             logWins: Double(logWins[row]), logFails: Double(logFails[row]))
        }

        func accumulate(_ theta: UnsafePointer<Double>) {
            solver.begin()
            var start = 0
            while start < rows {
                let count = min(solver.chunkCapacity, rows - start)
                for index in 0..<count {
                    let row = start + index
                    let destination = solver.design + index * dimension
                    destination[0] = 1
                    let skill = Int(skills[row])
                    for j in 0..<rank { destination[1 + j] = skillFactors[skill * rank + j] }
                    solver.offsets[index] = offsets[row]
                    solver.targets[index] = Double(outcomes[row])
                    solver.weights[index] = Double(weights[row])
                }
                solver.accumulate(rows: count, theta: theta)
                start += count
            }
        }

        var iterations = 0
        var converged = false
        do {
            while iterations < maxIterations {
                iterations += 1
                theta.withUnsafeMutableBufferPointer { accumulate(UnsafePointer($0.baseAddress!)) }
                let step = try theta.withUnsafeMutableBufferPointer { thetaBuffer in
                    try solver.solve(theta: thetaBuffer.baseAddress!, penalty: penalty)
                }
                if step < tolerance {
                    converged = true
                    break
                }
            }
            guard converged else { throw FoldInError.notConverged(iterations: iterations) }
            // The covariance at the estimate: the inverse of the final normal matrix.
            var estimateTheta = theta
            estimateTheta.withUnsafeMutableBufferPointer { accumulate(UnsafePointer($0.baseAddress!)) }
            try estimateTheta.withUnsafeMutableBufferPointer { thetaBuffer in
                _ = try solver.solve(theta: thetaBuffer.baseAddress!, penalty: penalty)
            }
            try solver.invertNormal()
        } catch let error as FoldInError {
            throw error
        } catch {
            // The penalty makes the normal matrix positive definite, so LAPACK cannot fail here
            // unless the parameters are not finite.
            throw FoldInError.notConverged(iterations: iterations)
        }
        var wins: [Int: Double] = [:]
        var fails: [Int: Double] = [:]
        for row in 0..<rows {
            wins[Int(skills[row]), default: 0] += Double(outcomes[row])
            fails[Int(skills[row]), default: 0] += 1 - Double(outcomes[row])
        }
        return StudentEstimate(bias: theta[0], factors: Array(theta.dropFirst()),
                               covariance: Array(UnsafeBufferPointer(start: solver.normal, count: dimension * dimension)),
                               wins: wins, fails: fails, answerCount: answers.count, iterations: iterations)
    }

    /// Mastery of `skill` for a student: σ of the logit on a typical item (`b_i = 0`) with the
    /// practice counts so far, and an interval of ±`z` standard deviations of the logit.
    public func mastery(of student: StudentEstimate, skill: Int, z: Double = 1.96) -> Mastery {
        let logWins = log1p(student.wins[skill] ?? 0)
        let logFails = log1p(student.fails[skill] ?? 0)
        var logit = studentFreeLogit(skill: skill, item: nil, logWins: logWins, logFails: logFails) + student.bias
        for j in 0..<rank { logit += student.factors[j] * skillFactors[skill * rank + j] }
        // Var(x·θ) = xᵀ Σ x with x = (1, q_s).
        let dimension = rank + 1
        var variance = 0.0
        for a in 0..<dimension {
            let xa = a == 0 ? 1 : skillFactors[skill * rank + a - 1]
            for b in 0..<dimension {
                let xb = b == 0 ? 1 : skillFactors[skill * rank + b - 1]
                variance += xa * student.covariance[a * dimension + b] * xb
            }
        }
        let deviation = max(variance, 0).squareRoot()
        let isLogistic = kind == .logistic
        func link(_ value: Double) -> Double {
            isLogistic ? RidgeNewtonSolver.sigmoid(value) : Swift.min(Swift.max(value, 0), 1)
        }
        return Mastery(probability: link(logit), lower: link(logit - z * deviation), upper: link(logit + z * deviation),
                       logitStandardDeviation: deviation)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
