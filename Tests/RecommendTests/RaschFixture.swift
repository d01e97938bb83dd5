import MasteryData
import MasteryModel
import Recommend

/// A Rasch model (rank 0, no practice terms, no recency) whose predictions are closed forms: a
/// skill's logit is μ + b_u + b_s + b_i with μ = 0 and the student prior b_u ~ N(0, 1/1).
enum RaschFixture {
    static func recommender(skillBias: [Double], items: [String: Double]) throws -> Recommender {
        let skills = skillBias.indices.map { "S\($0)" }
        let itemIds = items.keys.sorted()
        let metadata = ModelMetadata(kind: .logistic, rank: 0, terms: ModelTerms(itemBias: true, practice: false),
                                     regularization: Regularization(studentBias: 1), recency: Recency(),
                                     skillIds: skills, skillNames: skills)
        let model = MasteryModel(metadata: metadata, globalBias: 0, skillBias: ParameterArray(skillBias), skillFactors: ParameterArray([]),
                                 gainCorrect: ParameterArray(skillBias.map { _ in 0 }), gainWrong: ParameterArray(skillBias.map { _ in 0 }),
                                 itemIds: IdTable(itemIds), itemBias: ParameterArray(itemIds.map { items[$0]! }))
        return try Recommender(model: model)
    }
}
