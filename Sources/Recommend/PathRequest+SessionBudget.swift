extension PathRequest {
    /// The two options that count answers of a session whose size ``PathRequest/maximumAnswers`` gives.
    public enum SessionPart: String, Sendable, CaseIterable {
        /// ``PathRequest/sessionPractice``: the answers the session has spent.
        case sessionPractice
        /// ``PathRequest/sessionSchedule``: the answers the session has left.
        case sessionSchedule
    }

    /// Why `part`, when given, cannot go without the session's answer budget; nil when it is not
    /// given or the budget is. Spent and left are parts of a budget, meaningless without one.
    ///
    /// The one statement of the rule: ``fault`` checks a request with it, and a service that checks
    /// its own request types before it builds a request calls it too, with the budget's name in its
    /// own contract (`budgetName`, e.g. `maxAnswers`).
    public static func sessionBudgetFault(_ part: SessionPart, isGiven: Bool, budget: Int?,
                                          budgetName: String = CodingKeys.maximumAnswers.rawValue) -> String? {
        guard isGiven, budget == nil else { return nil }
        switch part {
        case .sessionPractice: return "sessionPractice needs \(budgetName): it says what part of the session's budget is spent"
        case .sessionSchedule: return "sessionSchedule needs \(budgetName): it is what is left of the session's answers"
        }
    }
}
