#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MasteryData
import MasteryModel
import Training

/// `evaluate --predictions FILE`: every predicted held-out answer with the model's probability, so
/// that an analyst can check the report's figures or compute their own.
///
/// Columns: `student_id` (the pseudonym with `--pseudonym-key`, as in every output), `skill_id` (the
/// skills of a multi-skill question joined by `;`), `item_id` (empty without items), `outcome`,
/// `probability`, `fold` (numbered from 1 as in the report). Rows come fold by fold, each held-out
/// answer once, in the order predicted (a student's answers in sequence).
struct PredictionsFile {
    static let header = ["student_id", "skill_id", "item_id", "outcome", "probability", "fold"]

    /// The held-out answers of each fold, as the evaluator hands them over.
    private(set) var folds: [(fold: Int, answers: [HeldOutAnswer])] = []

    mutating func add(fold: Int, answers: [HeldOutAnswer]) {
        folds.append((fold, answers))
    }

    /// Writes the file atomically, readable by its owner only (it holds a row per student answer).
    func write(to path: String, data: ResponseData, modelColumn: Int) throws(ModelFileError) {
        try CSVFileReplacement.write(path, header: Self.header, mode: 0o600) { (csv) throws(CSVWriteError) in
            for (fold, answers) in folds {
                for answer in answers {
                    try csv.write(field: data.studentIds[answer.student])
                    try csv.write(field: answer.rows.map { data.skillIds[Int(data.rowSkill[$0])] }.joined(separator: ";"))
                    try csv.write(field: data.hasItems ? data.itemIds[Int(data.rowItem[answer.rows.lowerBound])] : "")
                    if data.isBinary {
                        try csv.write(field: Int(answer.outcome))
                    } else {
                        try csv.write(field: answer.outcome)
                    }
                    try csv.write(field: answer.predictions[modelColumn])
                    try csv.write(field: fold)
                    try csv.endRow()
                }
            }
        }
    }
}
