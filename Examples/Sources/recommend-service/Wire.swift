import Recommend

/// One request line: a student's answers (oldest first) and what to plan for.
struct ServiceRequest: Decodable {
    struct Answer: Decodable {
        var skill: String
        var item: String?
        var correct: Double
    }

    var student: String
    var answers: [Answer]
    var goals: [String]?
    var maxSteps: Int?
    /// A budget in answers: the reply then carries the practice schedule.
    var maxAnswers: Int?
}

/// One response line, in the order of the requests.
struct ServiceResponse: Encodable {
    struct Step: Encodable {
        var skill: String
        var name: String
        var mastery: Double
        var practice: Int
        var reason: String
    }

    var student: String
    var path: [Step]?
    /// With `maxAnswers`: the skill of every answer, in order.
    var schedule: [String]?
    var error: String?
}
