extension Components.Schemas.PathReport {
    /// The reply's JSON, the bytes the generated encoder writes (compact, sorted keys) at a
    /// fraction of its cost: the reply of a 20-step path is about 5 KB and the generated
    /// `Codable` encoding was a fifth of such a request's CPU.
    func json() throws -> [UInt8] {
        var writer = JSONBytes(capacity: 512 + steps.count * 320)
        try writer.object { report in
            report.key("answers")
            report.integer(answers)
            report.key("graphGiven")
            report.bool(graphGiven)
            report.key("modelGeneration")
            report.integer(modelGeneration)
            report.key("omitted")
            report.integer(omitted)
            if let schedule {
                report.key("schedule")
                report.array(schedule) { $0.string($1) }
            }
            report.key("steps")
            try report.array(steps) { writer, step in try step.write(into: &writer) }
        }
        return writer.bytes
    }
}

extension Components.Schemas.PathStep {
    fileprivate func write(into writer: inout JSONBytes) throws {
        try writer.object { step in
            step.key("lower")
            try step.number(lower, field: "lower of \(skillId)")
            step.key("mastery")
            try step.number(mastery, field: "mastery of \(skillId)")
            step.key("name")
            step.string(name)
            if let plannedAnswers {
                step.key("plannedAnswers")
                step.integer(plannedAnswers)
            }
            step.key("practice")
            step.integer(practice)
            step.key("practiceReachesThreshold")
            step.bool(practiceReachesThreshold)
            step.key("reason")
            step.string(reason)
            step.key("resources")
            step.array(resources) { writer, resource in
                writer.object { link in
                    link.key("title")
                    link.string(resource.title)
                    link.key("url")
                    link.string(resource.url)
                }
            }
            step.key("skillId")
            step.string(skillId)
            step.key("upper")
            try step.number(upper, field: "upper of \(skillId)")
        }
    }
}
