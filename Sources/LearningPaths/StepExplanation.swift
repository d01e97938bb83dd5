/// English sentences for teachers and students; later localized (Vietnamese first), so every
/// sentence is built here and nowhere else.
extension StepReason {
    /// Why the step is on the path, e.g. "Phân số is needed before 3 goal skills."
    public func sentence(skillName: String) -> String {
        switch self {
        case .scheduled:
            "\(skillName) is already on the student's agenda, or needed before something that is."
        case .confirmMastery:
            "\(skillName) is predicted above the mastery threshold, but the evidence is too thin to be sure."
        case .goal:
            "\(skillName) is one of the goals."
        case let .prerequisite(goalCount):
            "\(skillName) is needed before \(goalCount) goal skill\(goalCount == 1 ? "" : "s")."
        }
    }
}

extension LearningPath {
    /// A short paragraph on step `index`: what to practise, how much, and why.
    ///
    ///     Practise Phân số about 3 times (predicted mastery 52%, interval 41–63%).
    ///     Phân số is one of the goals. It leads to 2 more goals. Prerequisites: Số tự nhiên
    ///     (mastered), Ước và bội (step 1).
    public func explanation(ofStepAt index: Int, name: (Int) -> String) -> String {
        let step = steps[index]
        let times = !step.practiceReachesThreshold ? "more than \(step.estimatedPractice) times"
            : step.estimatedPractice == 1 ? "once" : "about \(step.estimatedPractice) times"
        var sentences = [
            "Practise \(name(step.skill)) \(times) (predicted mastery \(percent(step.mastery)), "
                + "interval \(percent(step.lower, sign: false))–\(percent(step.upper))).",
            step.reason.sentence(skillName: name(step.skill)),
        ]
        if !step.practiceReachesThreshold {
            sentences.append("The model predicts that practice alone will not reach the threshold within "
                + "\(step.estimatedPractice) answers: check its prerequisites, or teach it directly.")
        }
        let goalCount = step.unlockedGoals.count
        if goalCount > 0, step.reason != .prerequisite(goalCount: goalCount) {
            sentences.append("It leads to \(goalCount) \(step.isGoal ? "more " : "")goal\(goalCount == 1 ? "" : "s").")
        }
        if !step.prerequisites.isEmpty {
            let listed = step.prerequisites.map { prerequisite in
                if states[prerequisite] == .mastered { return "\(name(prerequisite)) (mastered)" }
                let position = steps[..<index].firstIndex { $0.skill == prerequisite }.map { $0 + 1 }
                return "\(name(prerequisite)) (step \(position ?? 0))"
            }
            sentences.append("Prerequisites: " + listed.joined(separator: ", ") + ".")
        }
        if !graphGiven && index == 0 {
            sentences.append("No prerequisite graph was given, so this order is a ranking only.")
        }
        return sentences.joined(separator: " ")
    }

    private func percent(_ value: Double, sign: Bool = true) -> String {
        "\(Int((value * 100).rounded()))" + (sign ? "%" : "")
    }
}
