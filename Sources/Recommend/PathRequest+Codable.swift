import MasteryData

/// A path request as a service receives it in JSON, validated while it is decoded.
///
///     {"goals": ["T6.26"], "threshold": 0.8, "confidence": 0.95, "maximumSteps": 10,
///      "excluded": ["T6.05"], "scheduled": [], "maximumAnswers": 20, "recentSkills": ["T6.12"],
///      "sessionPractice": {"T6.12": 3}, "sessionSchedule": ["T6.12", "T6.13", "T6.13"]}
///
/// Every key is optional and takes ``PathRequest/init(goals:threshold:confidence:maximumSteps:excluded:scheduled:maximumAnswers:recentSkills:)``'s
/// default; `goals` absent or `null` means every skill of the model. A request that could only
/// fail later, or worse be planned on a misread value, is refused here with a `DecodingError`
/// whose coding path names the key and whose description says what was expected: a threshold
/// outside (0, 1], a confidence outside (0, 1), fewer than one step, an answer budget outside
/// 1...``Recommender/maximumAnswerBudget``, session practice without a budget or outside
/// 0...``Recommender/maximumAnswerBudget``, a session schedule without a budget or longer than
/// ``Recommender/maximumAnswerBudget``, an empty skill id, a skill
/// both excluded and scheduled, and any key this type does not know (a misspelt `"treshold"`
/// would otherwise be planned with the default threshold without anyone noticing). Whether the skill ids exist is the model's
/// question: ``Recommender/path(for:request:)`` answers it with ``RecommendError/unknownSkill(_:)``.
extension PathRequest: Codable {
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case goals, threshold, confidence, maximumSteps, excluded, scheduled, maximumAnswers, recentSkills, sessionPractice,
             sessionSchedule
    }

    /// Decodes and validates a request; see the type's discussion for what is refused.
    public init(from decoder: any Decoder) throws {
        try Self.rejectUnknownKeys(decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = PathRequest()
        let goals = try container.decodeIfPresent([String].self, forKey: .goals)
        let threshold = try container.decodeIfPresent(Double.self, forKey: .threshold) ?? defaults.threshold
        let confidence = try container.decodeIfPresent(Double.self, forKey: .confidence) ?? defaults.confidence
        let maximumSteps = try container.decodeIfPresent(Int.self, forKey: .maximumSteps)
        let excluded = try container.decodeIfPresent([String].self, forKey: .excluded) ?? defaults.excluded
        let scheduled = try container.decodeIfPresent([String].self, forKey: .scheduled) ?? defaults.scheduled
        let maximumAnswers = try container.decodeIfPresent(Int.self, forKey: .maximumAnswers)
        let recentSkills = try container.decodeIfPresent([String].self, forKey: .recentSkills) ?? defaults.recentSkills
        let sessionPractice = try container.decodeIfPresent([String: Int].self, forKey: .sessionPractice) ?? [:]
        let sessionSchedule = try container.decodeIfPresent([String].self, forKey: .sessionSchedule) ?? []

        var request = PathRequest(goals: goals, threshold: threshold, confidence: confidence, maximumSteps: maximumSteps,
                                  excluded: excluded, scheduled: scheduled, maximumAnswers: maximumAnswers, recentSkills: recentSkills)
        request.sessionPractice = sessionPractice
        request.sessionSchedule = sessionSchedule
        if let fault = request.fault {
            throw DecodingError.dataCorruptedError(forKey: fault.key, in: container, debugDescription: fault.reason)
        }
        self = request
    }

    /// The first value this request may not have (see the type's discussion), with its key and
    /// what was expected; nil for a valid request. What the decoder checks, for callers that build
    /// a request from their own types (a service's generated ones) without a round trip through JSON.
    public var fault: (key: CodingKeys, reason: String)? {
        do throws(ProbabilityOutOfRange) {
            _ = try MasteryThreshold(threshold)
        } catch {
            return (.threshold, error.description)
        }
        do throws(ProbabilityOutOfRange) {
            _ = try ConfidenceLevel(confidence)
        } catch {
            return (.confidence, error.description)
        }
        if let maximumSteps, maximumSteps < 1 {
            return (.maximumSteps, "maximumSteps \(maximumSteps) must be at least 1 (leave it out for no limit)")
        }
        if let maximumAnswers, !(1...Recommender.maximumAnswerBudget).contains(maximumAnswers) {
            return (.maximumAnswers, "maximumAnswers \(maximumAnswers) must lie in 1...\(Recommender.maximumAnswerBudget) (leave it out for no budget)")
        }
        if let reason = Self.sessionBudgetFault(.sessionPractice, isGiven: !sessionPractice.isEmpty, budget: maximumAnswers) {
            return (.sessionPractice, reason)
        }
        if let (id, count) = sessionPractice.sorted(by: { $0.key < $1.key })
            .first(where: { !(0...Recommender.maximumAnswerBudget).contains($0.value) }) {
            return (.sessionPractice, "sessionPractice[\(id)] = \(count) must lie in 0...\(Recommender.maximumAnswerBudget)")
        }
        if let reason = Self.sessionBudgetFault(.sessionSchedule, isGiven: !sessionSchedule.isEmpty, budget: maximumAnswers) {
            return (.sessionSchedule, reason)
        }
        if sessionSchedule.count > Recommender.maximumAnswerBudget {
            return (.sessionSchedule, "sessionSchedule has \(sessionSchedule.count) answers; at most \(Recommender.maximumAnswerBudget)")
        }
        for (key, ids) in [(CodingKeys.goals, goals ?? []), (.excluded, excluded), (.scheduled, scheduled),
                           (.recentSkills, recentSkills), (.sessionPractice, sessionPractice.keys.sorted()),
                           (.sessionSchedule, sessionSchedule)] {
            if let position = ids.firstIndex(where: { $0.isEmpty }) {
                return (key, "\(key.rawValue)[\(position)] is an empty skill id")
            }
        }
        if !excluded.isEmpty, !scheduled.isEmpty, let both = excluded.first(where: Set(scheduled).contains) {
            return (.scheduled, "skill '\(both)' is both excluded and scheduled: the planner cannot both skip it and put it first")
        }
        return nil
    }

    /// Encodes every field; `goals`, `maximumSteps` and `maximumAnswers` are left out when nil,
    /// and `recentSkills`, `sessionPractice` and `sessionSchedule` when empty, as a service writes them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(goals, forKey: .goals)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(confidence, forKey: .confidence)
        try container.encodeIfPresent(maximumSteps, forKey: .maximumSteps)
        try container.encode(excluded, forKey: .excluded)
        try container.encode(scheduled, forKey: .scheduled)
        try container.encodeIfPresent(maximumAnswers, forKey: .maximumAnswers)
        if !recentSkills.isEmpty { try container.encode(recentSkills, forKey: .recentSkills) }
        if !sessionPractice.isEmpty { try container.encode(sessionPractice, forKey: .sessionPractice) }
        if !sessionSchedule.isEmpty { try container.encode(sessionSchedule, forKey: .sessionSchedule) }
    }

    /// Any key outside ``CodingKeys``, named in the error with the keys that are known.
    private static func rejectUnknownKeys(_ decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        guard let unknown = container.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) else { return }
        throw DecodingError.dataCorrupted(DecodingError.Context(
            codingPath: decoder.codingPath + [AnyKey(stringValue: unknown)],
            debugDescription: "unknown key '\(unknown)' in a path request; the keys are \(CodingKeys.allCases.map(\.rawValue).joined(separator: ", "))"))
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
