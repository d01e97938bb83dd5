import Foundation
import MasteryData

/// Writes a synthetic dataset with known truth: responses from simulated learners, the
/// curriculum, and every true parameter, so training can be checked against what it should find.
public enum SyntheticGenerator {
    /// What was written.
    public struct Summary: Sendable, Hashable {
        public let students: Int
        public let skills: Int
        public let prerequisites: Int
        public let resources: Int
        public let items: Int
        /// Items tagged with two skills (each answer to one is two rows of `responses.csv`).
        public let multiSkillItems: Int
        public let answers: Int
        public let responseRows: Int
        public let correctAnswers: Int
        /// The calibrated global bias μ.
        public let globalBias: Double
        public let seconds: Double

        public var correctRate: Double {
            Double(correctAnswers) / Double(answers)
        }

        public var answersPerSecond: Double {
            Double(answers) / seconds
        }
    }

    /// Writes `DatasetFile.all` into `directory` (created if needed).
    ///
    /// Streams: memory stays constant in the number of answers (it grows with students only by
    /// one answer count each, and with the curriculum). The same seed and configuration give
    /// byte-identical files. `progress` receives the fraction of answers written, ending with 1.
    public static func write(
        to directory: URL, curriculum: Curriculum, config: SyntheticDataset, progress: ((Double) -> Void)? = nil
    ) throws -> Summary {
        let clock = ContinuousClock()
        let startTime = clock.now
        try config.validate()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SimulationError.output(path: directory.path, reason: "\(error)")
        }

        let graph = curriculum.graph
        let skillIDs = curriculum.skills.ids.ids
        let answerCounts = drawAnswerCounts(config: config)
        var truth = TrueParameters.draw(graph: graph, config: config)
        truth.calibrateGlobalBias(graph: graph, config: config, answerCounts: answerCounts)

        try DatasetFileWriter.writeCurriculum(curriculum, into: directory)
        try DatasetFileWriter.writeSkillTruth(truth, skillIDs: skillIDs, into: directory)
        let responses = try simulateLearners(
            truth: truth, graph: graph, skillIDs: skillIDs, config: config,
            answerCounts: answerCounts, directory: directory, progress: progress)

        let multiSkillItems = truth.itemSecondSkill.count(where: { $0 >= 0 })
        let answers = config.totalAnswers
        try DatasetFileWriter.writeManifest(
            TruthManifest(
                mu: truth.globalBias, rank: config.rank, seed: config.seed,
                correctRate: Double(responses.correctAnswers) / Double(answers),
                counts: .init(
                    students: config.students, skills: curriculum.skills.count,
                    prerequisites: curriculum.prerequisites.count, resources: curriculum.resourceCount,
                    items: truth.itemBias.count, multiSkillItems: multiSkillItems, answers: answers,
                    responseRows: responses.rows, correctAnswers: responses.correctAnswers),
                config: config),
            into: directory)

        let elapsed = clock.now - startTime
        return Summary(
            students: config.students, skills: curriculum.skills.count,
            prerequisites: curriculum.prerequisites.count, resources: curriculum.resourceCount,
            items: truth.itemBias.count, multiSkillItems: multiSkillItems, answers: answers,
            responseRows: responses.rows, correctAnswers: responses.correctAnswers, globalBias: truth.globalBias,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    /// Simulates every learner in id order, streaming `responses.csv` and `truth_students.csv`.
    private static func simulateLearners(
        truth: TrueParameters, graph: PrerequisiteGraph, skillIDs: [String], config: SyntheticDataset,
        answerCounts: [Int32], directory: URL, progress: ((Double) -> Void)?
    ) throws -> ResponseRows {
        let responseWriter = try CSVWriter(path: directory.appendingPathComponent(DatasetFile.responses).path)
        let studentWriter = try CSVWriter(path: directory.appendingPathComponent(DatasetFile.truthStudents).path)
        try responseWriter.writeRow(DatasetFile.responseHeader)
        try studentWriter.writeRow(["student_id", "bias"] + DatasetFile.factorHeader(rank: config.rank))

        var simulator = LearnerSimulator(graph: graph, truth: truth, config: config)
        var rows = ResponseRows(writer: responseWriter, skillIDs: skillIDs, grade: config.grade)
        var traits = StudentTraits(rank: config.rank)
        let roster = Roster(config: config)
        let totalAnswers = Double(config.totalAnswers)
        var answersDone = 0
        // About 200 progress reports, whatever the size.
        let reportEvery = max(1, config.students / 200)

        for (student, answerCount) in answerCounts.enumerated() {
            var random = SeededRandom(seed: config.seed, stream: RandomStream.student(student))
            traits.redraw(spread: config.spread, &random)
            rows.studentID = Roster.studentID(student)
            (rows.schoolID, rows.classID) = roster.placement(of: student)
            try simulator.simulate(traits, answerCount: Int(answerCount), random: &random, sink: &rows)

            try studentWriter.write(field: rows.studentID)
            try studentWriter.write(field: traits.bias)
            for factor in traits.factors {
                try studentWriter.write(field: factor)
            }
            try studentWriter.endRow()

            answersDone += Int(answerCount)
            if let progress, student % reportEvery == reportEvery - 1 {
                progress(Double(answersDone) / totalAnswers)
            }
        }
        try responseWriter.close()
        try studentWriter.close()
        progress?(1)
        return rows
    }
}

/// Writes each answer as one row per skill of its item.
private struct ResponseRows: AnswerSink {
    let writer: CSVWriter
    let skillIDs: [String]
    let grade: Int
    var studentID = 0
    var schoolID = 0
    var classID = 0
    private(set) var rows = 0
    private(set) var correctAnswers = 0

    init(writer: CSVWriter, skillIDs: [String], grade: Int) {
        self.writer = writer
        self.skillIDs = skillIDs
        self.grade = grade
    }

    mutating func record(
        order: Int, item: Int, skill: Int, secondSkill: Int, correct: Bool, probability: Double
    ) throws(CSVWriteError) {
        if correct {
            correctAnswers += 1
        }
        try writeRow(skill: skill, item: item, correct: correct, order: order)
        if secondSkill >= 0 {
            try writeRow(skill: secondSkill, item: item, correct: correct, order: order)
        }
    }

    private mutating func writeRow(skill: Int, item: Int, correct: Bool, order: Int) throws(CSVWriteError) {
        try writer.write(field: studentID)
        try writer.write(field: skillIDs[skill])
        try writer.write(field: DatasetFileWriter.itemID(item))
        try writer.write(field: correct ? 1 : 0)
        try writer.write(field: order)
        try writer.write(field: schoolID)
        try writer.write(field: classID)
        try writer.write(field: grade)
        try writer.endRow()
        rows += 1
    }
}

/// Students fill classes in id order (as a school's export lists them), classes fill schools.
private struct Roster {
    let students: Int
    let classesPerSchool: Int
    let classCount: Int

    init(config: SyntheticDataset) {
        students = config.students
        classesPerSchool = config.classesPerSchool
        classCount = config.schools * config.classesPerSchool
    }

    static func studentID(_ student: Int) -> Int {
        student + 1
    }

    /// 1-based school id and a class id unique across schools.
    func placement(of student: Int) -> (school: Int, class: Int) {
        let classIndex = student * classCount / students
        return (classIndex / classesPerSchool + 1, classIndex + 1)
    }
}
