import MasteryData

/// Observed and predicted correct rate by attempt number on a skill, over held-out answers: does
/// the predictor follow how students improve with practice? The k-th point pools every held-out
/// row that was its student's k-th answer on that skill (counting all of the student's answers
/// in the data, held out or not, in the data's order, which is each student's sequence).
public struct LearningCurve: Codable, Sendable, Equatable {
    /// Attempts 1…20 cover the practice a path plans per skill; later attempts are few and noisy.
    public static let defaultMaxAttempt = 20

    public struct Point: Codable, Sendable, Equatable {
        /// From 1.
        public var attempt: Int
        /// Held-out rows at this attempt number.
        public var answers: Int
        public var observedRate: Double
        public var meanPrediction: Double
    }

    /// Attempts with at least one held-out row, ascending.
    public var points: [Point]

    /// - Parameters:
    ///   - answers: held-out answers, every fold pooled.
    ///   - predictor: the index of the predictor in each answer's `predictions`.
    ///   - attempts: from ``attemptNumbers(_:)`` for `data`.
    public init(answers: [HeldOutAnswer], predictor: Int, attempts: [Int], maxAttempt: Int = Self.defaultMaxAttempt) {
        var counts = [Int](repeating: 0, count: maxAttempt + 1)
        var outcomeSums = [Double](repeating: 0, count: maxAttempt + 1)
        var predictionSums = [Double](repeating: 0, count: maxAttempt + 1)
        for answer in answers {
            // A question on several skills is an attempt on each of them, as in the per-skill table.
            for row in answer.rows where attempts[row] <= maxAttempt {
                counts[attempts[row]] += 1
                outcomeSums[attempts[row]] += answer.outcome
                predictionSums[attempts[row]] += answer.predictions[predictor]
            }
        }
        points = (1...maxAttempt).compactMap { attempt in
            guard counts[attempt] > 0 else { return nil }
            let count = Double(counts[attempt])
            return Point(attempt: attempt, answers: counts[attempt], observedRate: outcomeSums[attempt] / count,
                         meanPrediction: predictionSums[attempt] / count)
        }
    }

    /// Per row, 1 + the number of earlier rows of the same student on the same skill. A student's
    /// rows are contiguous (``ResponseData/rows(ofStudent:)``), so counts restart per student.
    public static func attemptNumbers(_ data: ResponseData) -> [Int] {
        var attempts = [Int](repeating: 0, count: data.rowCount)
        var perSkill = [Int](repeating: 0, count: data.skillCount)
        for student in 0..<data.studentCount {
            let rows = data.rows(ofStudent: student)
            for row in rows {
                let skill = Int(data.rowSkill[row])
                perSkill[skill] += 1
                attempts[row] = perSkill[skill]
            }
            for row in rows { perSkill[Int(data.rowSkill[row])] = 0 }
        }
        return attempts
    }
}
