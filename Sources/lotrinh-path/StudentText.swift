import LearningPaths
import Recommend

/// The text of `lotrinh-path student`: the path as a table, then (optionally) every skill's mastery.
struct StudentText {
    let label: String
    let answerCount: Int?
    let threshold: Double
    let confidence: Double
    let path: LearningPath
    let masteries: [SkillMastery]
    let ids: [String]
    let names: [String]
    let showMastery: Bool

    func render() -> String {
        var lines = [
            "Student \(label): \(answerCount.map { "\($0) answers folded in" } ?? "the model's estimate (no answers given)")",
            String(format: "mastered %d · ready %d · blocked %d  (threshold %.2f, %.0f%% interval)",
                   path.skills(in: .mastered).count, path.skills(in: .ready).count, path.skills(in: .blocked).count,
                   threshold, confidence * 100),
        ]
        if !path.graphGiven { lines.append("No prerequisite graph in the model: the order is a ranking only.") }
        lines.append("")
        let nameWidth = min(36, max(10, path.steps.map { DisplayWidth.of(names[$0.skill]) }.max() ?? 10))
        lines.append("Path: \(path.steps.count) step\(path.steps.count == 1 ? "" : "s")" + (path.omittedByLength > 0 ? " (\(path.omittedByLength) more not shown)" : ""))
        lines.append(" #  " + DisplayWidth.fit("skill", to: 8) + "  " + DisplayWidth.fit("name", to: nameWidth) + "  mastery                       practice  why")
        for (index, step) in path.steps.enumerated() {
            let goalNote = step.isGoal ? "goal" : "\(step.unlockedGoals.count) goal\(step.unlockedGoals.count == 1 ? "" : "s")"
            lines.append(String(format: "%2d  ", index + 1) + DisplayWidth.fit(ids[step.skill], to: 8) + "  "
                         + DisplayWidth.fit(names[step.skill], to: nameWidth) + "  " + bar(step.mastery)
                         + String(format: " %.2f (%.2f–%.2f)  ~%-3d      ", step.mastery, step.lower, step.upper, step.estimatedPractice)
                         + goalNote)
            for resource in step.resources.prefix(1) { lines.append("    " + String(repeating: " ", count: 10) + "→ \(resource.title)  \(resource.url)") }
        }
        if let first = path.steps.indices.first {
            lines.append("")
            lines.append("Why step 1: " + path.explanation(ofStepAt: first) { names[$0] })
        }
        if showMastery {
            lines.append("")
            lines.append(DisplayWidth.fit("skill", to: 8) + "  " + DisplayWidth.fit("name", to: nameWidth) + "  mastery")
            for skill in masteries {
                lines.append(DisplayWidth.fit(skill.skillId, to: 8) + "  " + DisplayWidth.fit(skill.name, to: nameWidth) + "  "
                             + bar(skill.probability) + String(format: " %.2f (%.2f–%.2f)", skill.probability, skill.lower, skill.upper))
            }
        }
        return lines.joined(separator: "\n")
    }

    private func bar(_ value: Double) -> String {
        let filled = Int((value * 10).rounded())
        return String(repeating: "█", count: filled) + String(repeating: "░", count: 10 - filled)
    }
}
