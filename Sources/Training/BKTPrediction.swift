import MasteryData

/// One student's BKT state while their answers are replayed: per skill the probability it is known
/// now, the skill's prior until the student's first answer on it.
struct BKTTracker {
    let model: BKTModel
    /// NaN for a skill the student has not answered yet.
    private var known: [Double]
    private var touched: [Int] = []

    init(model: BKTModel) {
        self.model = model
        known = [Double](repeating: .nan, count: model.skills.count)
    }

    private func knownNow(_ skill: Int) -> Double {
        let value = known[skill]
        return value.isNaN ? model.skills[skill].prior : value
    }

    /// P(correct) on an answer tagged with `skills`, from the answers seen so far.
    func predict(_ skills: [Int]) -> Double {
        BKTModel.probability(skills: skills, known: knownNow, parameters: model.skills)
    }

    /// Folds in an answer's outcome on each of its skills, then the step to the next answer.
    mutating func observe(_ skills: [Int], outcome: Double) {
        for skill in skills {
            if known[skill].isNaN { touched.append(skill) }
            known[skill] = model.skills[skill].update(known: knownNow(skill), outcome: outcome)
        }
    }

    /// Back to the priors, for the next student (constant in the number of skills).
    mutating func reset() {
        for skill in touched { known[skill] = .nan }
        touched.removeAll(keepingCapacity: true)
    }
}

extension BKTModel {
    /// Held-out answers of students known from their training answers, in the order of
    /// `testRows`' answers: each predicted from the student's training answers before it (each
    /// observed, then a learning step); held-out answers are predicted and not observed, and make
    /// no step, as in the chains EM was fitted on.
    func predictKnownStudents(_ data: ResponseData, trainRows: [Int], testRows: [Int]) -> [Double] {
        var role = [UInt8](repeating: 0, count: data.rowCount)
        for row in trainRows { role[row] = 1 }
        for row in testRows { role[row] = 2 }
        var tracker = BKTTracker(model: self)
        var predictions: [Double] = []
        predictions.reserveCapacity(testRows.count)
        var skills: [Int] = []
        for student in 0..<data.studentCount {
            tracker.reset()
            for rows in data.answerRows(ofStudent: student) where role[rows.lowerBound] != 0 {
                skills.removeAll(keepingCapacity: true)
                for row in rows { skills.append(Int(data.rowSkill[row])) }
                if role[rows.lowerBound] == 2 {
                    predictions.append(tracker.predict(skills))
                } else {
                    tracker.observe(skills, outcome: Double(data.rowOutcome[rows.lowerBound]))
                }
            }
        }
        return predictions
    }
}
