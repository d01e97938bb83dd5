#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MasteryData

extension MasteryModel {
    /// Writes the model as plain files for other tools (spreadsheets, R, pandas) into `directory`,
    /// which is created if missing:
    ///
    /// - `skills.csv`: `skill_id,name,bias,gain_correct,gain_wrong,<features>,f1..fk`, where
    ///   `<features>` is one column per further practice feature of the model (``PracticeFeature``),
    ///   named by its raw value as `model.json`'s `terms.practiceFeatures` lists it (none for a
    ///   model without them or with the practice term off)
    /// - `items.csv`: `item_id,bias`
    /// - `students.csv`: `student_id,bias,f1..fk` — only with `includeStudents` and when the model
    ///   has students, so an export for outside use holds no student row unless asked.
    /// - `global.csv`: `global_bias`, then `next_<feature>` for each next-answer feature
    ///   (``nextAnswerFeatures``), one row: μ, the intercept every logit starts from, and the
    ///   weights of the next-answer terms, shared by every skill.
    /// - `model.json`: the metadata, as in the model file (sorted keys).
    ///
    /// With these a prediction is reproduced outside Lotrinh: σ(μ + b_u + b_s + b_i + Σ f·f +
    /// γ⁺·ln(1 + wins) + γ⁻·ln(1 + fails) + Σ w·x), the first sum over the student's and the
    /// skill's factors, the second over the practice features, each weight `w` in its column and
    /// `x` the feature's value computed from the student's earlier answers as ``PracticeFeature``
    /// defines it, and for the probability of the next answer (not for mastery) `Σ v·x` over the
    /// next-answer features with the weights `v` of `global.csv` (without σ, clipped to [0, 1],
    /// for a model of graded scores; `kind` in `model.json`).
    /// The related features' neighbours are the `prerequisites` of `model.json`: pairs of skill
    /// positions (from 0, in `skills.csv`'s row order), prerequisite first, read in either direction.
    ///
    /// Numbers are printed in Swift's shortest round-trip form, so reading them back gives the
    /// same doubles bit for bit.
    ///
    /// Each file is written beside its target and renamed over it, so a symlink in the way is
    /// replaced rather than followed, and a file replaced keeps its mode and owner (a new
    /// `students.csv` is 0600). A folder holding a `responses.csv` is refused: it is a dataset,
    /// whose own `skills.csv` the export would replace.
    public func exportCSV(to directory: String, includeStudents: Bool) throws(ModelFileError) {
        try SystemCalls.makeDirectory(directory)
        if access(directory + "/responses.csv", F_OK) == 0 {
            throw .io(path: directory, operation: "export into", message: "it holds responses.csv, so it looks like a dataset "
                          + "folder whose skills.csv the export would replace; export into a folder of its own")
        }
        let factorColumns = (0..<rank).map { "f\($0 + 1)" }
        let features = practiceFeatures.count
        let featureColumns = practiceFeatures.map(\.rawValue)

        try writeCSV(directory + "/skills.csv",
                     header: ["skill_id", "name", "bias", "gain_correct", "gain_wrong"] + featureColumns + factorColumns) { (csv) throws(CSVWriteError) in
            for skill in 0..<skillCount {
                try csv.write(field: metadata.skillIds[skill])
                try csv.write(field: metadata.skillNames[skill])
                let weights = practiceWeights.buffer[(skill * features)..<((skill + 1) * features)]
                for value in [skillBias[skill], gainCorrect[skill], gainWrong[skill]] + weights + factors(ofSkill: skill) {
                    try csv.write(field: value)
                }
                try csv.endRow()
            }
        }
        try writeCSV(directory + "/global.csv", header: ["global_bias"] + nextAnswerFeatures.map { "next_" + $0.rawValue }) {
            (csv) throws(CSVWriteError) in
            for value in [globalBias] + nextAnswerWeights.buffer { try csv.write(field: value) }
            try csv.endRow()
        }
        try writeCSV(directory + "/items.csv", header: ["item_id", "bias"]) { (csv) throws(CSVWriteError) in
            for item in 0..<itemIds.count {
                try csv.writeRow([itemIds[item], itemBias[item].description])
            }
        }
        if includeStudents && hasStudents {
            try writeCSV(directory + "/students.csv", header: ["student_id", "bias"] + factorColumns, mode: 0o600) { (csv) throws(CSVWriteError) in
                for student in 0..<studentIds.count {
                    try csv.write(field: studentIds[student])
                    for value in [studentBias[student]] + factors(ofStudent: student) {
                        try csv.write(field: value)
                    }
                    try csv.endRow()
                }
            }
        }
        let json: [UInt8]
        do {
            json = try MetadataJSON.encode(metadata) + [UInt8(ascii: "\n")]
        } catch {
            throw .invalidModel(path: directory + "/model.json", section: "metadata", reason: "cannot be encoded as JSON: \(error)")
        }
        try Self.replaceFile(directory + "/model.json", defaultMode: 0o644, durable: false) { (descriptor) throws(ModelFileError) in
            try json.withUnsafeBytes { raw in
                Result { () throws(ModelFileError) in try SystemCalls.writeAll(descriptor, raw, path: directory + "/model.json") }
            }.get()
        }
    }

    /// Writes a CSV file's header and rows through ``CSVFileReplacement``, without fsync like the
    /// export's `model.json`: an export interrupted is written again from the model, not recovered.
    private func writeCSV(_ path: String, header: [String], mode: mode_t = 0o644,
                          rows: (CSVWriter) throws(CSVWriteError) -> Void) throws(ModelFileError) {
        try CSVFileReplacement.write(path, header: header, mode: mode, durable: false, rows: rows)
    }
}
