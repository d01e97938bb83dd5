import ArgumentParser
import Foundation
import MasteryData
import MasteryModel
import Training

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Summarize a model file: what it is, how it was trained, its metrics and its skills.",
        discussion: """
        Verifies the file first (checksum, layout, finite values): exits with 1 and says why when \
        it is truncated, corrupted, of a newer version or not a model at all.

        Examples:
          lotrinh-train inspect models/vn-grade6.lotrinh
          lotrinh-train inspect models/vn-grade6.lotrinh --json
        """
    )

    @Argument(help: "A .lotrinh model file.")
    var model: String

    @Option(help: "Skills to list at each end of the difficulty ranking.")
    var top = 5

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func run() throws {
        let loaded = try MasteryModel.load(from: model)
        let size = (try? FileManager.default.attributesOfItem(atPath: model)[.size] as? Int) ?? 0
        let summary = try ModelSummary(loaded, path: model, bytes: size)
        if json {
            let encoder = JSONOutput.encoder()
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print(summary.text(top: top))
        }
    }
}

/// What `inspect` reports.
struct ModelSummary: Encodable {
    struct SkillDifficulty: Encodable {
        var id: String
        var name: String
        /// b_s: higher is easier.
        var bias: Double
        /// P(correct) for an average student on a typical question, before any practice.
        var averageStudentProbability: Double
    }

    /// A practice term and its weight averaged over the skills.
    struct PracticeTerm: Encodable {
        var term: String
        var meanWeight: Double
    }

    var path: String
    var bytes: Int
    var metadata: ModelMetadata
    var globalBias: Double
    var students: Int
    var items: Int
    var skillsByDifficulty: [SkillDifficulty]
    /// γ⁺, γ⁻ and each further practice feature (none without the practice term).
    var practiceTerms: [PracticeTerm]
    /// The next-answer terms' weights (shared by every skill, so the "mean" is the weight).
    var nextAnswerTerms: [PracticeTerm]
    var blas: String
    /// Reasons to distrust the model, from how its training stopped.
    var warnings: [String]
    /// ``metadata``'s training entries, typed (the JSON shows the entries as the file has them).
    private let training: TrainingRecord
    private enum CodingKeys: String, CodingKey {
        case path, bytes, metadata, globalBias, students, items, skillsByDifficulty, practiceTerms, nextAnswerTerms, blas, warnings
    }

    init(_ model: MasteryModel, path: String, bytes: Int) throws {
        self.path = path
        self.bytes = bytes
        metadata = model.metadata
        globalBias = model.globalBias
        students = model.studentIds.count
        items = model.itemIds.count
        skillsByDifficulty = (0..<model.skillCount).map { skill in
            let logit = model.globalBias + model.skillBias[skill]
            return SkillDifficulty(id: model.metadata.skillIds[skill], name: model.metadata.skillNames[skill],
                                   bias: model.skillBias[skill], averageStudentProbability: model.probability(ofLogit: logit))
        }.sorted { $0.bias != $1.bias ? $0.bias < $1.bias : $0.id < $1.id }
        practiceTerms = []
        if model.metadata.terms.practice, model.skillCount > 0 {
            let skills = Double(model.skillCount), features = model.practiceFeatures
            practiceTerms = [PracticeTerm(term: "γ⁺ log(1 + wins)", meanWeight: model.gainCorrect.reduce(0, +) / skills),
                             PracticeTerm(term: "γ⁻ log(1 + fails)", meanWeight: model.gainWrong.reduce(0, +) / skills)]
            for (index, feature) in features.enumerated() {
                let sum = (0..<model.skillCount).reduce(0.0) { $0 + model.practiceWeights[$1 * features.count + index] }
                practiceTerms.append(PracticeTerm(term: feature.displayName, meanWeight: sum / skills))
            }
        }
        nextAnswerTerms = zip(model.nextAnswerFeatures, model.nextAnswerWeights.buffer).map {
            PracticeTerm(term: $0.displayName, meanWeight: $1)
        }
        blas = Lotrinh.blasImplementation
        training = try TrainingRecord(model.metadata)
        warnings = Self.trainingWarnings(training, sweeps: model.metadata.metrics["train.sweeps"].map { Int($0) })
    }

    /// A model whose training hit the sweep limit is not at its optimum. Models written before
    /// the stop reason was recorded (Lotrinh 0.1) say only how many sweeps ran: all of them is
    /// the same sign.
    static func trainingWarnings(_ training: TrainingRecord, sweeps: Int?) -> [String] {
        let limit = training.maxSweeps
        switch training.stopReason {
        case .maxSweeps?:
            return ["training stopped at the sweep limit (\(limit.map(String.init) ?? "?")) before converging: the model is not at its optimum; refit with a higher --max-sweeps"]
        case nil where sweeps != nil && sweeps == limit:
            return ["training ran all \(limit!) sweeps and this model does not record why it stopped (written before Lotrinh recorded it): it may not have converged; refit to find out"]
        default:
            return []
        }
    }

    func text(top: Int) -> String {
        let m = metadata
        var lines = [
            "Model: \(path) (\(String(format: "%.1f", Double(bytes) / 1024)) KiB, format 1, Lotrinh \(m.libraryVersion))",
            "  kind         \(m.kind.rawValue == "logistic" ? "logistic (0/1 answers)" : "gaussian (graded scores)")",
            "  rank         \(m.rank)",
            "  terms        item bias \(m.terms.itemBias ? "on" : "off"), practice \(m.terms.practiceDescription), recency \(m.recency.halfLife.map { "half-life \($0) \(m.recency.unit.rawValue)" } ?? "off")"
                + (m.onlineRecency?.halfLife.map { ", online recency half-life \($0) \(m.foldInRecency.unit.rawValue)" } ?? ""),
            "  λ            student bias \(m.regularization.studentBias), student factors \(m.regularization.studentFactors), skill bias \(m.regularization.skillBias), skill factors \(m.regularization.skillFactors), practice \(m.regularization.practice), item bias \(m.regularization.itemBias)",
            "  μ            \(String(format: "%.4f", globalBias))",
        ]
        // Each term with its weight, as "name +0.123".
        func weights(_ terms: [PracticeTerm]) -> String {
            terms.map { "\($0.term) \(String(format: "%+.3f", $0.meanWeight))" }.joined(separator: ", ")
        }
        if !practiceTerms.isEmpty { lines.append("  practice     mean weight per skill: " + weights(practiceTerms)) }
        if !nextAnswerTerms.isEmpty { lines.append("  next answer  weights (every skill; not in mastery): " + weights(nextAnswerTerms)) }
        lines += [
            "  skills       \(m.skillIds.count)" + (m.prerequisites.map { ", \($0.count) prerequisite edges" } ?? ""),
            "  items        \(items)",
            "  students     \(students == 0 ? "none (exported for fold-in)" : String(students))",
            "  data         \(m.dataFingerprint.isEmpty ? "unknown" : String(m.dataFingerprint.prefix(16)) + "…")",
            "  created      \(m.createdAt)",
        ]
        if let key = m.pseudonymKeyFingerprint { lines.append("  pseudonyms   key \(key)") }
        for warning in warnings { lines.append("  warning      \(warning)") }
        if !m.metrics.isEmpty {
            lines.append("")
            lines.append("Metrics")
            for key in m.metrics.keys.sorted() { lines.append("  \(key.padding(toLength: 18, withPad: " ", startingAt: 0)) \(format(m.metrics[key]!))") }
        }
        let entries = training.entries
        if !entries.isEmpty {
            lines.append("")
            lines.append("Training")
            lines.append("  " + entries.keys.sorted().map { "\($0)=\(entries[$0]!)" }.joined(separator: " "))
        }
        lines.append("")
        lines.append("Hardest skills (an average student's chance on a typical question)")
        for skill in skillsByDifficulty.prefix(top) { lines.append(row(skill)) }
        lines.append("Easiest skills")
        for skill in skillsByDifficulty.suffix(top).reversed() { lines.append(row(skill)) }
        return lines.joined(separator: "\n")
    }

    private func row(_ skill: SkillDifficulty) -> String {
        String(format: "  %5.1f%%  ", skill.averageStudentProbability * 100) + "\(skill.id)  \(skill.name)"
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.5f", value)
    }
}
