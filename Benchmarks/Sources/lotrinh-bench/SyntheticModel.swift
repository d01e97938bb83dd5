import MasteryData
import MasteryModel

/// A logistic model with random skill parameters, for timing requests without training first:
/// biases ~ N(0, 1), factors ~ N(0, factorScale²), practice gains 0.2 / 0.05, each further
/// practice feature's weight 0.1, each next-answer term's 0.1, μ = 0.6.
func syntheticModel(ids: [String], names: [String]? = nil, prerequisites: [[Int]]? = nil, rank: Int,
                    factorScale: Double, features: [PracticeFeature] = [], nextAnswerFeatures: [PracticeFeature] = [],
                    random: inout SeededRandom) -> MasteryModel {
    let skills = ids.count
    let metadata = ModelMetadata(kind: .logistic, rank: rank,
                                 terms: ModelTerms(itemBias: false, practice: true, practiceFeatures: features,
                                                   nextAnswerFeatures: nextAnswerFeatures),
                                 regularization: Regularization(), recency: .none, skillIds: ids,
                                 skillNames: names ?? ids, prerequisites: prerequisites)
    return MasteryModel(
        metadata: metadata, globalBias: 0.6,
        skillBias: ParameterArray((0..<skills).map { _ in random.nextNormal() }),
        skillFactors: ParameterArray((0..<(skills * rank)).map { _ in random.nextNormal() * factorScale }),
        gainCorrect: ParameterArray((0..<skills).map { _ in 0.2 }), gainWrong: ParameterArray((0..<skills).map { _ in 0.05 }),
        practiceWeights: ParameterArray((0..<(skills * features.count)).map { _ in 0.1 }),
        nextAnswerWeights: ParameterArray(nextAnswerFeatures.map { _ in 0.1 }))
}
