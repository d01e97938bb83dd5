import Foundation
import MasteryData

/// The files of a synthetic dataset, in Lotrinh's own CSV layout.
public enum DatasetFile {
    public static let responses = "responses.csv"
    public static let skills = "skills.csv"
    public static let prerequisites = "prerequisites.csv"
    public static let resources = "resources.csv"
    public static let truthStudents = "truth_students.csv"
    public static let truthSkills = "truth_skills.csv"
    public static let truthItems = "truth_items.csv"
    public static let truthManifest = "truth.json"

    public static let all = [
        responses, skills, prerequisites, resources, truthStudents, truthSkills, truthItems, truthManifest,
    ]

    static let responseHeader = ["student_id", "skill_id", "item_id", "correct", "order", "school_id", "class_id", "grade"]

    static func factorHeader(rank: Int) -> [String] {
        (0..<rank).map { "f\($0 + 1)" }
    }
}

/// Small whole-file writers: the curriculum and the skill/item side of the truth.
enum DatasetFileWriter {
    static func writeCurriculum(_ curriculum: Curriculum, into directory: URL) throws {
        try writing(DatasetFile.skills, in: directory) { writer in
            try writer.writeRow(["skill_id", "name", "subject", "grade", "topic"])
            let skills = curriculum.skills
            for skill in 0..<skills.count {
                try writer.write(field: skills.ids[skill])
                try writer.write(field: skills.names[skill])
                try writer.write(field: skills.subjects[skill])
                try writer.write(field: skills.grades[skill])
                try writer.write(field: skills.topics[skill])
                try writer.endRow()
            }
        }
        try writing(DatasetFile.prerequisites, in: directory) { writer in
            try writer.writeRow(["prerequisite_id", "skill_id"])
            for edge in curriculum.prerequisites {
                try writer.writeRow([curriculum.skills.ids[edge.prerequisite], curriculum.skills.ids[edge.skill]])
            }
        }
        try writing(DatasetFile.resources, in: directory) { writer in
            try writer.writeRow(["skill_id", "title", "url"])
            for (skill, material) in curriculum.resources.enumerated() {
                for resource in material {
                    try writer.writeRow([curriculum.skills.ids[skill], resource.title, resource.url])
                }
            }
        }
    }

    static func writeSkillTruth(_ truth: TrueParameters, skillIDs: [String], into directory: URL) throws {
        try writing(DatasetFile.truthSkills, in: directory) { writer in
            try writer.writeRow(["skill_id", "bias", "gain_correct", "gain_wrong"] + DatasetFile.factorHeader(rank: truth.rank))
            for (skill, id) in skillIDs.enumerated() {
                try writer.write(field: id)
                try writer.write(field: truth.skillBias[skill])
                try writer.write(field: truth.gainAfterCorrect[skill])
                try writer.write(field: truth.gainAfterWrong[skill])
                for factor in truth.skillFactors[(skill * truth.rank)..<((skill + 1) * truth.rank)] {
                    try writer.write(field: factor)
                }
                try writer.endRow()
            }
        }
        try writing(DatasetFile.truthItems, in: directory) { writer in
            try writer.writeRow(["item_id", "bias"])
            for (item, bias) in truth.itemBias.enumerated() {
                try writer.write(field: itemID(item))
                try writer.write(field: bias)
                try writer.endRow()
            }
        }
    }

    static func writeManifest(_ manifest: TruthManifest, into directory: URL) throws {
        // No timestamps, and JSONOutput sorts the keys: a seed gives byte-identical files.
        let encoder = JSONOutput.encoder()
        let url = directory.appendingPathComponent(DatasetFile.truthManifest)
        do {
            try (encoder.encode(manifest) + Data("\n".utf8)).write(to: url)
        } catch {
            throw SimulationError.output(path: url.path, reason: "\(error)")
        }
    }

    /// Item ids are 1-based positions in `truth_items.csv`: the items of the skill on row r of
    /// `skills.csv` (0-based) are `r * itemsPerSkill + 1 … (r + 1) * itemsPerSkill`.
    static func itemID(_ item: Int) -> Int {
        item + 1
    }

    /// Opens `name` in `directory`, lets `body` fill it, and closes it (flushing, reporting errors).
    static func writing(_ name: String, in directory: URL, _ body: (CSVWriter) throws -> Void) throws {
        let writer = try CSVWriter(path: directory.appendingPathComponent(name).path)
        try body(writer)
        try writer.close()
    }
}

/// `truth.json`: what a test or benchmark needs beyond the truth CSVs to rebuild every probability.
struct TruthManifest: Encodable {
    struct Counts: Encodable {
        let students, skills, prerequisites, resources, items, multiSkillItems: Int
        let answers, responseRows, correctAnswers: Int
    }

    let format = "lotrinh-synthetic-truth/1"
    let model = """
        P(correct) = sigmoid(mu + b_u + b_s + b_i + p_u . q_s + gain_correct_s * ln(1 + wins_us) \
        + gain_wrong_s * ln(1 + fails_us) - prerequisitePenalty * #(prerequisites of s practised fewer than \
        prerequisitePracticeThreshold times)); wins/fails count the student's earlier answers on s; \
        a question tagged with two skills uses the mean of their two logits and counts for both
        """
    let itemIDs = "items of the skill on 0-based row r of skills.csv are r * itemsPerSkill + 1 ... (r + 1) * itemsPerSkill"
    let mu: Double
    let rank: Int
    let seed: UInt64
    let correctRate: Double
    let counts: Counts
    let config: SyntheticDataset
}
