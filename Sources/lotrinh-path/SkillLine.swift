import LearningPaths
import Recommend

/// One skill's mastery, interval, state and place on the path: a row of the `student` mastery
/// table and of the `explain` prerequisites, with the same JSON in both reports.
struct SkillLine: Encodable {
    var id: String
    var name: String
    var mastery: Double
    var lower: Double
    var upper: Double
    var state: SkillStatus
    /// Its position on the path (from 1), if it is a step.
    var step: Int?

    init(_ mastery: SkillMastery, path: LearningPath, stepNumbers: [Int: Int]) {
        id = mastery.skillId
        name = mastery.name
        self.mastery = mastery.probability
        lower = mastery.lower
        upper = mastery.upper
        state = SkillStatus(path.states[mastery.skillIndex])
        step = stepNumbers[mastery.skillIndex]
    }
}

extension LearningPath {
    /// Each step's skill mapped to its position on the path (from 1).
    var stepNumbers: [Int: Int] {
        Dictionary(uniqueKeysWithValues: steps.enumerated().map { ($1.skill, $0 + 1) })
    }
}
