import Foundation
import MasteryData
import Recommend
import StudentStore

extension ServiceAPI {
    // MARK: - A stored student

    func getMastery(_ input: Operations.GetMastery.Input) async throws -> Operations.GetMastery.Output {
        let student = try findStudent(input.path.studentId, school: input.query.schoolId)
        let model = models.current
        let threshold = input.query.threshold ?? 0.8
        do throws(ProbabilityOutOfRange) {
            _ = try MasteryThreshold(threshold)
        } catch {
            throw Problem.invalidRequest(error.description)
        }
        let estimate = try estimates.estimate(of: student, model: model)
        let skills = try masteryRows(of: estimate.state, skills: input.query.skill, confidence: input.query.confidence ?? 0.95,
                                     threshold: threshold, model: model)
        return .ok(.init(body: .json(.init(answers: estimate.answers.count, modelGeneration: model.generation, skills: skills))))
    }

    /// The path of a stored student (``StudentPathRoute`` serves it).
    func studentPath(_ studentId: String, school: String?, options: Components.Schemas.PathOptions) throws -> Components.Schemas.PathReport {
        let student = try findStudent(studentId, school: school)
        let model = models.current
        let estimate = try estimates.estimate(of: student, model: model)
        let request = try pathRequest(options, recent: estimate.answers.map { AnswerRecord(skillId: $0.skillId, outcome: $0.outcome) }, model: model)
        return try pathReport(try estimates.prepared(estimate, of: student, confidence: request.confidence, model: model),
                              answers: estimate.answers.count, request: request, language: options.language ?? .en, model: model)
    }

    func postPaths(_ input: Operations.PostPaths.Input) async throws -> Operations.PostPaths.Output {
        try await offloaded { try statelessPath(input) }
    }

    private func statelessPath(_ input: Operations.PostPaths.Input) throws -> Operations.PostPaths.Output {
        guard case let .json(body) = input.body else { throw Problem.invalidRequest("send the request as application/json") }
        let model = models.current
        guard body.answers.count <= 10_000 else { throw Problem.invalidRequest("answers has \(body.answers.count) entries; at most 10000") }
        var records: [AnswerRecord] = []
        records.reserveCapacity(body.answers.count)
        for (index, answer) in body.answers.enumerated() {
            let at = "answers[\(index)]"
            try checkId(answer.skillId, "\(at).skillId")
            guard model.recommender.model.skillIndex.index(of: answer.skillId) != nil else {
                throw Problem(status: 422, code: "unknown-skill", detail: "\(at).skillId: skill '\(answer.skillId)' is not in the model")
            }
            records.append(AnswerRecord(skillId: answer.skillId, itemId: answer.itemId,
                                        outcome: try Self.outcome(correct: answer.correct, score: answer.score, at: at),
                                        time: answer.answeredAt?.timeIntervalSince1970))
        }
        let options = body.options ?? .init()
        let request = try pathRequest(options, recent: records, model: model)
        let prepared: PreparedState
        do {
            prepared = try model.recommender.prepared(try model.recommender.state(after: records), confidence: request.confidence)
        } catch {
            throw Problem.recommend(error)
        }
        return .ok(.init(body: .json(try pathReport(prepared, answers: records.count, request: request,
                                                    language: options.language ?? .en, model: model))))
    }

    // MARK: - Shared parts

    /// The student in the key's schools (or in `school`, when given and in scope). A student of
    /// another school and a missing one get the same ``Problem/studentNotFound``.
    func findStudent(_ studentId: String, school: String?) throws -> StoredStudent {
        try checkId(studentId, "studentId")
        let schools = try RequestScope.current.searched(naming: school, hidden: Problem.studentNotFound)
        let found: [StoredStudent]
        do {
            found = try store.student(studentId, inSchools: schools)
        } catch {
            throw Problem.store(error)
        }
        guard let first = found.first else { throw Problem.studentNotFound }
        guard found.count == 1 else {
            throw Problem(status: 409, code: "ambiguous-student",
                          detail: "schools \(found.map(\.schoolId).joined(separator: ", ")) both have this student id: name one with ?schoolId=")
        }
        return first
    }

    /// Mastery rows with their state: mastered when the interval's lower end reaches the
    /// threshold, ready when every direct prerequisite is mastered, needsPrerequisite otherwise.
    func masteryRows(of state: Recommender.State, skills: [String]?, confidence: Double, threshold: Double,
                     model: LoadedModel) throws -> [Components.Schemas.SkillMastery] {
        if let skills {
            guard skills.count <= 20 else { throw Problem.invalidRequest("at most 20 skill parameters, got \(skills.count)") }
            for id in skills where id.isEmpty || id.count > 64 {
                throw Problem.invalidRequest("a skill parameter must have 1 to 64 characters, got \(id.count)")
            }
        }
        let everySkill: [MasteryEntry]
        let asked: [MasteryEntry]
        do {
            everySkill = try model.recommender.masteryEntries(of: state, confidence: confidence)
            asked = try skills.map { ids throws(RecommendError) in try model.recommender.masteryEntries(of: state, skills: ids, confidence: confidence) }
                ?? everySkill
        } catch {
            throw Problem.recommend(error)
        }
        let mastered = Set(everySkill.filter { $0.lower >= threshold }.map(\.skillId))
        return asked.map { row in
            let state: Components.Schemas.SkillMastery.StatePayload =
                mastered.contains(row.skillId) ? .mastered
                : model.prerequisiteIds[row.skillId, default: []].allSatisfy(mastered.contains) ? .ready : .needsPrerequisite
            return .init(skillId: row.skillId, name: row.name, probability: row.mastery, lower: row.lower, upper: row.upper, state: state)
        }
    }

    /// `goals` with the skills of `topic` and `grade` added, matched by the model's ``CurriculumSelection``;
    /// nil (every skill) when none of them is given.
    func goals(_ goals: [String]?, topic: String?, grade: String?, model: LoadedModel) throws -> [String]? {
        guard topic != nil || grade != nil else { return goals }
        if let topic { try checkId(topic, "topic") }
        if let grade { try checkId(grade, "grade") }
        guard let curriculum = model.curriculum else {
            throw Problem(status: 422, code: "no-curriculum",
                          detail: "this server has no skills file (the config's \"skills\"), so it knows no topics or grades; name goals instead")
        }
        do throws(CurriculumSelection.Failure) {
            return (goals ?? []) + (try curriculum.skills(topic: topic, grade: grade).ids)
        } catch {
            throw Problem.curriculum(error)
        }
    }

    /// The library's request from the contract's options; `recent` gives the skills a path starts next to.
    /// `topic` and `grade` add their skills to the goals.
    func pathRequest(_ options: Components.Schemas.PathOptions, recent: [AnswerRecord], model: LoadedModel) throws -> PathRequest {
        for (field, ids) in [("goals", options.goals ?? []), ("excluded", options.excluded ?? []), ("scheduled", options.scheduled ?? [])] {
            guard ids.count <= 1000 else { throw Problem.invalidRequest("\(field) has \(ids.count) skills; at most 1000") }
            for (index, id) in ids.enumerated() { try checkId(id, "\(field)[\(index)]") }
        }
        let goals = try goals(options.goals, topic: options.topic, grade: options.grade, model: model)
        // The limits of openapi.yaml (the library's own are wider).
        if let steps = options.maxSteps, steps > 100_000 { throw Problem.invalidRequest("maxSteps \(steps) is over 100000") }
        if let answers = options.maxAnswers, answers > 10_000 { throw Problem.invalidRequest("maxAnswers \(answers) is over 10000") }
        let spent = options.sessionPractice?.additionalProperties ?? [:]
        guard spent.count <= 1000 else { throw Problem.invalidRequest("sessionPractice has \(spent.count) skills; at most 1000") }
        // Said with the contract's field names (the library's message names its own).
        if let reason = PathRequest.sessionBudgetFault(.sessionPractice, isGiven: !spent.isEmpty, budget: options.maxAnswers, budgetName: "maxAnswers") {
            throw Problem(status: 422, code: "invalid-request", detail: reason)
        }
        for (id, count) in spent.sorted(by: { $0.key < $1.key }) {
            try checkId(id, "sessionPractice key")
            guard (0...10_000).contains(count) else { throw Problem.invalidRequest("sessionPractice[\(id)] = \(count) must lie in 0...10000") }
        }
        let schedule = options.sessionSchedule ?? []
        guard schedule.count <= 10_000 else { throw Problem.invalidRequest("sessionSchedule has \(schedule.count) answers; at most 10000") }
        if let reason = PathRequest.sessionBudgetFault(.sessionSchedule, isGiven: !schedule.isEmpty, budget: options.maxAnswers, budgetName: "maxAnswers") {
            throw Problem(status: 422, code: "invalid-request", detail: reason)
        }
        for (index, id) in schedule.enumerated() { try checkId(id, "sessionSchedule[\(index)]") }
        var request = PathRequest(goals: goals, threshold: options.threshold ?? 0.8, confidence: options.confidence ?? 0.95,
                                  maximumSteps: options.maxSteps, excluded: options.excluded ?? [], scheduled: options.scheduled ?? [],
                                  maximumAnswers: options.maxAnswers, recentSkills: PathRequest.recentSkills(of: recent))
        request.sessionPractice = spent
        request.sessionSchedule = schedule
        // The checks of a JSON path request decoded by the library (ranges, a skill both excluded and scheduled).
        if let fault = request.fault { throw Problem(status: 422, code: "invalid-request", detail: fault.reason) }
        return request
    }

    /// The contract's path reply, built from the planned path: its steps carry one language's
    /// reason sentence and none of the rest of the library's ``PathResponse`` (both languages'
    /// reasons and explanations, goal and prerequisite lists), which made up about a fifth of a
    /// path request's CPU and which the reply never shows. ``PathReplyContentTests`` checks the
    /// reply against the library's ``Recommender/pathResponse(for:request:includeMastery:)``.
    func pathReport(_ state: PreparedState, answers: Int, request: PathRequest, language: Components.Schemas.Language,
                    model: LoadedModel) throws -> Components.Schemas.PathReport {
        let recommender = model.recommender
        let ids = recommender.model.metadata.skillIds
        let names = recommender.model.metadata.skillNames
        do {
            let path = try recommender.path(for: state, request: request)
            let steps = path.steps.enumerated().map { index, step in
                Components.Schemas.PathStep(
                    skillId: ids[step.skill], name: names[step.skill], mastery: step.mastery, lower: step.lower, upper: step.upper,
                    practice: step.estimatedPractice, practiceReachesThreshold: step.practiceReachesThreshold,
                    plannedAnswers: path.plannedAnswers(ofStepAt: index),
                    reason: recommender.reasonSentence(of: step, in: Language(language)),
                    resources: step.resources.map { .init(title: $0.title, url: $0.url) })
            }
            return .init(answers: answers, modelGeneration: model.generation, steps: steps, omitted: path.omittedByLength,
                         graphGiven: path.graphGiven, schedule: path.practiceSchedule.isEmpty ? nil : path.practiceSchedule.map { ids[$0] })
        } catch {
            throw Problem.recommend(error)
        }
    }
}

extension Language {
    /// The library's language of the contract's `language` option.
    init(_ payload: Components.Schemas.Language) {
        switch payload {
        case .en: self = .en
        case .vi: self = .vi
        }
    }
}
