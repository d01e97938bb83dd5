import MasteryData

extension Recommender {
    /// The trained estimate of a student by the id the school knows, in a model whose student ids
    /// were pseudonymized at import (`lotrinh-train fit --pseudonym-key`): the id is hashed with
    /// the operator's key, then looked up.
    ///
    /// The key must be the one the model was trained with. The model records that key's
    /// fingerprint (never the key), and a different key is refused here: with it every pseudonym
    /// would differ, so each lookup would miss as if the student were new, silently.
    public func student(schoolId: String, pseudonymizer: Pseudonymizer) throws(RecommendError) -> State {
        guard let recorded = model.metadata.pseudonymKeyFingerprint else {
            throw .invalidOption("the model's student ids are not pseudonymized: look students up by their ids, without a key")
        }
        guard recorded == pseudonymizer.keyFingerprint else {
            throw .invalidOption("wrong pseudonymization key: its fingerprint is \(pseudonymizer.keyFingerprint), but the model's "
                                 + "students were pseudonymized with the key of fingerprint \(recorded); use the operator's key of that model")
        }
        return try student(pseudonymizer.pseudonym(for: schoolId))
    }
}
