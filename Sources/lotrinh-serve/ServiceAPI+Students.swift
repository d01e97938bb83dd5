import Foundation
import Recommend
import StudentStore

extension ServiceAPI {
    // MARK: - A stored student

    func getMastery(_ input: Operations.GetMastery.Input) async throws -> Operations.GetMastery.Output {
        let student = try findStudent(input.path.studentId, school: input.query.schoolId)
        let model = models.current
        let threshold = input.query.threshold ?? 0.8
        guard threshold > 0, threshold <= 1 else { throw Problem.invalidRequest("threshold \(threshold) must lie in (0, 1]") }
        let estimate = try estimates.estimate(of: student, model: model)
        let skills = try masteryRows(of: estimate.state, skills: input.query.skill, confidence: input.query.confidence ?? 0.95,
                                     threshold: threshold, model: model)
        return .ok(.init(body: .json(.init(answers: estimate.answers.count, modelGeneration: model.generation, skills: skills))))
    }

    func postStudentPath(_ input: Operations.PostStudentPath.Input) async throws -> Operations.PostStudentPath.Output {
        guard case let .json(options) = input.body else { throw Problem.invalidRequest("send the options as application/json") }
        let student = try findStudent(input.path.studentId, school: input.query.schoolId)
        let model = models.current
        let estimate = try estimates.estimate(of: student, model: model)
        let request = try pathRequest(options, recent: estimate.answers.map { AnswerRecord(skillId: $0.skillId, outcome: $0.outcome) }, model: model)
        return .ok(.init(body: .json(try pathReport(estimate.state, answers: estimate.answers.count, request: request,
                                                    language: options.language ?? .en, model: model))))
    }

    func postPaths(_ input: Operations.PostPaths.Input) async throws -> Operations.PostPaths.Output {
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
        let state: Recommender.State
        do {
            state = try model.recommender.state(after: records)
        } catch {
            throw Problem.recommend(error)
        }
        let options = body.options ?? .init()
        let request = try pathRequest(options, recent: records, model: model)
        return .ok(.init(body: .json(try pathReport(state, answers: records.count, request: request,
                                                    language: options.language ?? .en, model: model))))
    }

    // MARK: - Shared parts

    /// The student in the key's schools (or in `school`, when given and in scope). A student of
    /// another school and a missing one get the same ``Problem/studentNotFound``.
    func findStudent(_ studentId: String, school: String?) throws -> StoredStudent {
        let scope = RequestScope.current
        try checkId(studentId, "studentId")
        var schools = scope.schools
        if let school {
            guard scope.allows(school) else { throw Problem.studentNotFound }
            schools = [school]
        }
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
        let everySkill: [SkillMastery]
        let asked: [SkillMastery]
        do {
            everySkill = try model.recommender.mastery(of: state, confidence: confidence)
            if let skills {
                guard skills.count <= 20 else { throw Problem.invalidRequest("at most 20 skill parameters, got \(skills.count)") }
                for id in skills where id.isEmpty || id.count > 64 {
                    throw Problem.invalidRequest("a skill parameter must have 1 to 64 characters, got \(id.count)")
                }
            }
            asked = try skills.map { ids throws(RecommendError) in try model.recommender.mastery(of: state, skills: ids, confidence: confidence) }
                ?? everySkill
        } catch let error as RecommendError {
            throw Problem.recommend(error)
        }
        let mastered = everySkill.map { $0.lower >= threshold }
        return asked.map { row in
            let state: Components.Schemas.SkillMastery.StatePayload =
                mastered[row.skillIndex] ? .mastered
                : model.prerequisites[row.skillIndex].allSatisfy { mastered[$0] } ? .ready : .needsPrerequisite
            return .init(skillId: row.skillId, name: row.name, probability: row.probability, lower: row.lower, upper: row.upper, state: state)
        }
    }

    /// The library's request from the contract's options; `recent` gives the skills a path starts next to.
    /// `topic` and `grade` add their skills to the goals, matched by the model's ``CurriculumSelection``.
    func pathRequest(_ options: Components.Schemas.PathOptions, recent: [AnswerRecord], model: LoadedModel) throws -> PathRequest {
        for (field, ids) in [("goals", options.goals ?? []), ("excluded", options.excluded ?? []), ("scheduled", options.scheduled ?? [])] {
            guard ids.count <= 1000 else { throw Problem.invalidRequest("\(field) has \(ids.count) skills; at most 1000") }
            for (index, id) in ids.enumerated() { try checkId(id, "\(field)[\(index)]") }
        }
        var goals = options.goals
        if options.topic != nil || options.grade != nil {
            if let topic = options.topic { try checkId(topic, "topic") }
            if let grade = options.grade { try checkId(grade, "grade") }
            guard let curriculum = model.curriculum else {
                throw Problem(status: 422, code: "no-curriculum",
                              detail: "this server has no skills file (the config's \"skills\"), so it knows no topics or grades; name goals instead")
            }
            do throws(CurriculumSelection.Failure) {
                goals = (goals ?? []) + (try curriculum.skills(topic: options.topic, grade: options.grade).ids)
            } catch {
                throw Problem.curriculum(error)
            }
        }
        // The limits of openapi.yaml (the library's own are wider).
        if let steps = options.maxSteps, steps > 100_000 { throw Problem.invalidRequest("maxSteps \(steps) is over 100000") }
        if let answers = options.maxAnswers, answers > 10_000 { throw Problem.invalidRequest("maxAnswers \(answers) is over 10000") }
        let spent = options.sessionPractice?.additionalProperties ?? [:]
        guard spent.count <= 1000 else { throw Problem.invalidRequest("sessionPractice has \(spent.count) skills; at most 1000") }
        if !spent.isEmpty, options.maxAnswers == nil {
            // Said with the contract's field names (the library's message names its own).
            throw Problem(status: 422, code: "invalid-request",
                          detail: "sessionPractice needs maxAnswers: it says what part of the session's budget is spent")
        }
        for (id, count) in spent.sorted(by: { $0.key < $1.key }) {
            try checkId(id, "sessionPractice key")
            guard (0...10_000).contains(count) else { throw Problem.invalidRequest("sessionPractice[\(id)] = \(count) must lie in 0...10000") }
        }
        var request = PathRequest(goals: goals, threshold: options.threshold ?? 0.8, confidence: options.confidence ?? 0.95,
                                  maximumSteps: options.maxSteps, excluded: options.excluded ?? [], scheduled: options.scheduled ?? [],
                                  maximumAnswers: options.maxAnswers, recentSkills: PathRequest.recentSkills(of: recent))
        request.sessionPractice = spent
        // The checks of a JSON path request decoded by the library (ranges, a skill both excluded and scheduled).
        if let fault = request.fault { throw Problem(status: 422, code: "invalid-request", detail: fault.reason) }
        return request
    }

    func pathReport(_ state: Recommender.State, answers: Int, request: PathRequest, language: Components.Schemas.PathOptions.LanguagePayload,
                    model: LoadedModel) throws -> Components.Schemas.PathReport {
        do {
            let path = try model.recommender.path(for: state, request: request)
            let metadata = model.recommender.model.metadata
            let steps = path.steps.enumerated().map { position, step in
                let name = metadata.skillNames[step.skill]
                // The sentences of `lotrinh-path`, in English or Vietnamese.
                let reason = switch (language, step.reason) {
                case (.vi, .scheduled): "\(name) đã có trong kế hoạch học của học sinh, hoặc cần cho một nội dung trong đó."
                case (.vi, .confirmMastery): "\(name) được dự đoán đạt ngưỡng thành thạo, nhưng chưa đủ bằng chứng để chắc chắn."
                case (.vi, .goal): "\(name) là một mục tiêu."
                case let (.vi, .prerequisite(count)): "\(name) cần được học trước \(count) kỹ năng mục tiêu."
                case (.en, _): step.reason.sentence(skillName: name)
                }
                return Components.Schemas.PathStep(
                    skillId: metadata.skillIds[step.skill], name: name, mastery: step.mastery,
                    lower: step.lower, upper: step.upper, practice: step.estimatedPractice,
                    practiceReachesThreshold: step.practiceReachesThreshold,
                    plannedAnswers: path.plannedAnswers.isEmpty ? nil : path.plannedAnswers[position],
                    reason: reason, resources: step.resources.map { .init(title: $0.title, url: $0.url) })
            }
            return .init(answers: answers, modelGeneration: model.generation, steps: steps, omitted: path.omittedByLength,
                         graphGiven: path.graphGiven,
                         schedule: path.practiceSchedule.isEmpty ? nil : path.practiceSchedule.map { metadata.skillIds[$0] })
        } catch {
            throw Problem.recommend(error)
        }
    }
}
