import MasteryModel

/// Which biases enter every logit only as a sum, found once per fit from the training rows.
///
/// Alternating steps crawl along such a sum: a skill's bias and the biases of its own items (an
/// item whose rows are all of that skill) can trade any constant without changing one logit,
/// and so can every student's bias against every skill's. Only the penalty tells the split
/// apart, and it is weak against the loss's curvature, so each sweep moves a small fraction of
/// the way (measured: on a cohort with one skill 99.9 % wrong, a rank-0 fit's skill biases
/// still rose 0.43 → 0.85 between sweeps 50 and 100 while its item biases fell as much).
/// ``Parameters/recentre(_:lambda:)`` jumps to the split with the lowest penalty instead: the
/// loss is unchanged and the objective can only fall.
struct BiasSums {
    /// Per item, the one skill all its rows have, or −1 (rows of several skills, or none).
    let itemSkill: [Int32]
    /// Whether each student and each skill has rows.
    let studentHasRows: [Bool]
    let skillHasRows: [Bool]

    init(_ set: TrainingSet) {
        var itemSkill = [Int32](repeating: -2, count: set.itemCount)
        if set.itemCount > 0 {
            for row in 0..<set.rowCount {
                let item = Int(set.rowItem[row]), skill = Int32(set.rowSkill[row])
                itemSkill[item] = itemSkill[item] == -2 || itemSkill[item] == skill ? skill : -1
            }
        }
        self.itemSkill = itemSkill.map { max($0, -1) }
        studentHasRows = (0..<set.studentCount).map { set.studentOffsets[$0 + 1] > set.studentOffsets[$0] }
        skillHasRows = (0..<set.skillCount).map { set.skillOffsets[$0 + 1] > set.skillOffsets[$0] }
    }
}

extension Parameters {
    /// Moves each constant that ``BiasSums`` allows to the split with the lowest penalty.
    ///
    /// Skill `s` and its own items `I_s`: `(b_s + c, b_i − c)` minimizes
    /// `½λ_s(b_s + c)² + ½λ_i Σ_{I_s}(b_i − c)²` at `c = (λ_i Σ b_i − λ_s b_s) / (λ_s + |I_s| λ_i)`.
    /// Students and skills with rows: `(b_u + c, b_s − c)` minimizes
    /// `½λ_u Σ(b_u + c)² + ½λ_s Σ(b_s − c)²` at `c = (λ_s Σ b_s − λ_u Σ b_u) / (|S| λ_s + |U| λ_u)`.
    mutating func recentre(_ sums: BiasSums, lambda: Regularization) {
        if !itemBias.isEmpty {
            var itemTotal = [Double](repeating: 0, count: skillBias.count)
            var itemCount = [Double](repeating: 0, count: skillBias.count)
            for item in itemBias.indices where sums.itemSkill[item] >= 0 {
                itemTotal[Int(sums.itemSkill[item])] += itemBias[item]
                itemCount[Int(sums.itemSkill[item])] += 1
            }
            var shift = [Double](repeating: 0, count: skillBias.count)
            for skill in skillBias.indices where itemCount[skill] > 0 {
                shift[skill] = (lambda.itemBias * itemTotal[skill] - lambda.skillBias * skillBias[skill])
                    / (lambda.skillBias + itemCount[skill] * lambda.itemBias)
                skillBias[skill] += shift[skill]
            }
            for item in itemBias.indices where sums.itemSkill[item] >= 0 { itemBias[item] -= shift[Int(sums.itemSkill[item])] }
        }
        var studentTotal = 0.0, students = 0.0, skillTotal = 0.0, skills = 0.0
        for student in studentBias.indices where sums.studentHasRows[student] {
            studentTotal += studentBias[student]
            students += 1
        }
        for skill in skillBias.indices where sums.skillHasRows[skill] {
            skillTotal += skillBias[skill]
            skills += 1
        }
        guard students > 0, skills > 0 else { return }
        let shift = (lambda.skillBias * skillTotal - lambda.studentBias * studentTotal)
            / (skills * lambda.skillBias + students * lambda.studentBias)
        for student in studentBias.indices where sums.studentHasRows[student] { studentBias[student] += shift }
        for skill in skillBias.indices where sums.skillHasRows[skill] { skillBias[skill] -= shift }
    }
}
