import Foundation
import MasteryData
import MasteryModel
import Training

/// One warm-up answer: the skill and whether the answer was right.
struct WarmupAnswer: Sendable, Equatable {
    let skill: Int
    let correct: Bool
}

/// How every learner, in the training cohort and among the test learners alike, answers before
/// any policy acts: a random walk along the curriculum that knows nothing of the policies.
///
/// The walk starts on a skill of depth at most 1 (seven times in ten) or anywhere; after each
/// answer it stays on the skill (half the time), moves to a random dependent (three times in
/// ten), back to a random prerequisite (one in ten) or jumps anywhere (one in ten); a move with
/// nowhere to go stays. The learner learns from these answers as from any other.
struct WarmupWalk: Sendable {
    let answers: Int

    func run(_ learner: inout BenchLearner, dynamics: LearnerDynamics) -> [WarmupAnswer] {
        let graph = dynamics.graph
        guard answers > 0 else { return [] }
        let shallow = (0..<graph.skillCount).filter { graph.depth[$0] <= 1 }
        var skill = learner.random.nextBernoulli(0.7) ? shallow[learner.random.nextInt(below: shallow.count)]
            : learner.random.nextInt(below: graph.skillCount)
        var log: [WarmupAnswer] = []
        for _ in 0..<answers {
            log.append(WarmupAnswer(skill: skill, correct: dynamics.answer(&learner, skill: skill)))
            let move = learner.random.nextUniform()
            let dependents = graph.dependents[skill], prerequisites = graph.prerequisites[skill]
            if move < 0.5 {
                continue
            } else if move < 0.8 {
                if !dependents.isEmpty { skill = dependents[learner.random.nextInt(below: dependents.count)] }
            } else if move < 0.9 {
                if !prerequisites.isEmpty { skill = prerequisites[learner.random.nextInt(below: prerequisites.count)] }
            } else {
                skill = learner.random.nextInt(below: graph.skillCount)
            }
        }
        return log
    }
}

/// The population model: fitted with `Training` on the training cohort's warm-up answers only.
enum PopulationFit {
    /// Writes the cohort's answers as a dataset in a temporary folder (MasteryData builds
    /// `ResponseData` only from files), loads it like any school's export, fits with the default
    /// settings (two worker threads, so the figures do not depend on the machine's core count),
    /// and removes the folder.
    static func fit(curriculum: Curriculum, cohort: [[WarmupAnswer]], seed: UInt64) throws(SimulationError) -> FitResult {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("lotrinh-bench-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let dataset: Dataset
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try DatasetFileWriter.writeCurriculum(curriculum, into: directory)
            try DatasetFileWriter.writing(DatasetFile.responses, in: directory) { writer in
                try writer.writeRow(["student_id", "skill_id", "correct", "order"])
                for (student, answers) in cohort.enumerated() {
                    for (order, answer) in answers.enumerated() {
                        try writer.write(field: "cohort-\(student)")
                        try writer.write(field: curriculum.skills.ids[answer.skill])
                        try writer.write(field: answer.correct ? 1 : 0)
                        try writer.write(field: order)
                        try writer.endRow()
                    }
                }
            }
            dataset = try Dataset.load(try DatasetFiles(directory: directory.path, preset: .lotrinh))
        } catch {
            throw .output(path: directory.path, reason: "\(error)")
        }
        do {
            return try Trainer.fit(dataset.responses, skills: dataset.skills, graph: dataset.graph,
                                   configuration: FitConfiguration(threads: 2, seed: seed))
        } catch {
            throw .engine("fitting the cohort's warm-up answers: \(error)")
        }
    }
}
