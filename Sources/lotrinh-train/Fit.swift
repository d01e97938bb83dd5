import ArgumentParser
import Foundation
import MasteryData
import MasteryModel
import Training

struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a mastery model and write it to a .lotrinh file.",
        discussion: """
        Fits P(correct) = σ(μ + b_u + b_s + b_i + p_u·q_s + γ⁺_s·log(1+wins) + γ⁻_s·log(1+fails)) by \
        alternating Newton steps (graded scores: the same form without σ, by least squares), until the \
        objective changes by less than --tolerance in a sweep and no bias moves by more than \
        --bias-tolerance or, with --validation-fraction, until the held-out loss stops improving (the \
        best sweep is kept).

        Examples:
          lotrinh-train fit --data datasets/vn-grade6 --out models/vn-grade6.lotrinh
          lotrinh-train fit --preset assistments --data ../shared/datasets/assist2009 --rank 8 --out models/assist.lotrinh
          lotrinh-train fit --data datasets/junyi2015 --break-cycles --rank 0 --no-item-bias --no-practice --out models/rasch.lotrinh
        """
    )

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var modelOptions: ModelOptions

    @Option(help: ArgumentHelp("Where to write the model (written atomically).", valueName: "file"))
    var out: String?

    @Option(help: "Hold out this fraction of answers (random, whole answers) to stop when their loss stops improving.")
    var validationFraction: Double?

    @Option(help: "Sweeps without validation improvement before stopping.")
    var patience = 3

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Print the result (history and model summary) as JSON.")
    var json = false

    func validate() throws {
        if let fraction = validationFraction, !(fraction > 0 && fraction < 1) {
            throw ValidationError("--validation-fraction must be between 0 and 1")
        }
        guard patience >= 1 else { throw ValidationError("--patience must be at least 1") }
    }

    func run() throws {
        if let out {
            // Before any work: a typo in --out must not cost a whole training run, or an input.
            let files = try dataOptions.files()
            try OutputPath.check(out, against: [files.responses, files.skills, files.prerequisites, files.resources,
                                                dataOptions.pseudonymKey].compactMap { $0 })
        }
        let dataset = try dataOptions.load(quiet: quiet)
        var config = modelOptions.configuration
        config.patience = patience
        var trainRows: [Int]?
        var validationRows: [Int]?
        if let fraction = validationFraction {
            var generator = SeededRandom(seed: config.seed)
            let split = dataset.responses.randomAnswerSplit(testFraction: fraction, using: &generator)
            trainRows = split.rows(in: 0)
            validationRows = split.rows(in: 1)
        }
        let log = FitLog(quiet: quiet || json, maxSweeps: config.maxSweeps)
        log.start(dataset: dataset, config: config)
        let result = try Trainer.fit(dataset.responses, skills: dataset.skills, graph: dataset.graph, configuration: config,
                                     trainRows: trainRows, validationRows: validationRows,
                                     pseudonymKeyFingerprint: try dataOptions.pseudonymizer()?.keyFingerprint, progress: log.sweep)
        log.finish(result)
        let model = result.model
        if let out {
            if let warning = Self.keyChange(replacing: out, newKeyFingerprint: model.metadata.pseudonymKeyFingerprint) {
                writeToStandardError(warning)
            }
            try model.write(to: out)
            if !quiet && !json { writeToStandardError("wrote \(out)\n") }
        }
        if json {
            let encoder = JSONOutput.encoder()
            print(String(decoding: try encoder.encode(FitSummary(result: result, metadata: model.metadata, out: out)), as: UTF8.self))
        }
    }
}

/// What `fit --json` prints.
struct FitSummary: Encodable {
    var out: String?
    var stopReason: StopReason
    var bestSweep: Int
    var history: [SweepReport]
    var metadata: ModelMetadata

    init(result: FitResult, metadata: ModelMetadata, out: String?) {
        self.out = out
        stopReason = result.stopReason
        bestSweep = result.bestSweep
        history = result.history
        self.metadata = metadata
    }
}

extension Fit {
    /// A warning when the model being replaced was made with another pseudonymization key (or
    /// with one where the new has none, or the reverse): its student rows and every pseudonym a
    /// service stored with it no longer match. Nil when nothing is replaced or the keys agree.
    static func keyChange(replacing path: String, newKeyFingerprint: String?) -> String? {
        guard FileManager.default.fileExists(atPath: path), let old = try? MasteryModel.load(from: path) else { return nil }
        let before = old.metadata.pseudonymKeyFingerprint, after = newKeyFingerprint
        guard before != after else { return nil }
        return "warning: \(path) was made with pseudonym key \(before ?? "none") and is replaced by a model made with "
            + "\(after ?? "no key"): pseudonyms stored with the old model will not match the new one\n"
    }
}
