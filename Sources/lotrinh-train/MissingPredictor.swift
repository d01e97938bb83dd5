import Training

/// An output drawn from one predictor's figures (the model's, BKT's) of an evaluation that did
/// not run it: says which output, which predictor, and the ones the evaluation has.
struct MissingPredictor: Error, CustomStringConvertible {
    /// What could not be made, as a verb phrase ("draw the report").
    let output: String
    let name: String
    let available: [String]

    var description: String {
        "cannot \(output): the evaluation has no '\(name)' predictor (it has \(available.joined(separator: ", ")))"
    }

    /// The position of `predictor` among `predictors` (an evaluation's names, in report order).
    static func position(of predictor: Predictor, in predictors: [String], for output: String) throws(MissingPredictor) -> Int {
        guard let index = predictors.firstIndex(of: predictor.rawValue) else {
            throw MissingPredictor(output: output, name: predictor.rawValue, available: predictors)
        }
        return index
    }
}
