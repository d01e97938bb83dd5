import MasteryModel

extension Recommender {
    /// Mastery probabilities of every skill for many students (a class, a school) at once, by
    /// level-3 BLAS; see ``MasteryModel/masteryMatrix(of:)``.
    public func masteryMatrix(of states: [State]) -> MasteryMatrix {
        model.masteryMatrix(of: states)
    }
}
