import Foundation
import Recommend
import StudentStore

extension ServiceAPI {
    /// How many prerequisites the class report lists.
    static let weakestPrerequisiteCount = 5

    /// The class view, with `lotrinh-path class`'s rules: groups by the first `groupSteps` steps of
    /// each path (every skill of the model as goals), a student stuck after `stuckAttempts`
    /// answers on their next step or with mean mastery below `stuckMastery`, and the prerequisite
    /// skills with the lowest mean mastery over the class. Students are named by their stored
    /// (pseudonymous) ids: the service never stores the school's own ids.
    func getClassReport(_ input: Operations.GetClassReport.Input) async throws -> Operations.GetClassReport.Output {
        let scope = RequestScope.current
        let classId = input.path.classId
        try checkId(classId, "classId")
        let groupSteps = input.query.groupSteps ?? 2
        let stuckAttempts = input.query.stuckAttempts ?? 10
        let stuckMastery = input.query.stuckMastery ?? 0.3
        guard (1...10).contains(groupSteps), (1...1000).contains(stuckAttempts), stuckMastery >= 0, stuckMastery <= 1 else {
            throw Problem.invalidRequest("groupSteps must be in 1...10, stuckAttempts in 1...1000, stuckMastery in [0, 1]")
        }
        var schools = scope.schools
        if let school = input.query.schoolId {
            guard scope.allows(school) else { throw Problem.classNotFound }
            schools = [school]
        }
        let students: [StoredStudent]
        do {
            let found = try store.schools(ofClass: classId, among: schools)
            guard let school = found.first else { throw Problem.classNotFound }
            guard found.count == 1 else {
                throw Problem(status: 409, code: "ambiguous-student",
                              detail: "schools \(found.joined(separator: ", ")) both have a class '\(classId)': name one with ?schoolId=")
            }
            students = try store.students(ofClass: classId, school: school)
        } catch let error as StoreError {
            throw Problem.store(error)
        }
        let model = models.current
        let recommender = model.recommender
        let skillCount = recommender.model.skillCount
        var groups: [[String]: [String]] = [:]
        var stuck: [Components.Schemas.ClassReport.StuckPayloadPayload] = []
        var masterySum = [Double](repeating: 0, count: skillCount)
        var notMastered = [Int](repeating: 0, count: skillCount)
        let request = PathRequest()
        for student in students {
            let estimate = try estimates.estimate(of: student, model: model)
            let mastery: [SkillMastery]
            let path: [Int]
            do {
                mastery = try recommender.mastery(of: estimate.state, confidence: request.confidence)
                path = try recommender.path(for: estimate.state, request: request).steps.map(\.skill)
            } catch {
                throw Problem.recommend(error)
            }
            for row in mastery {
                masterySum[row.skillIndex] += row.probability
                if row.lower < request.threshold { notMastered[row.skillIndex] += 1 }
            }
            let next = path.prefix(groupSteps).map { recommender.model.metadata.skillIds[$0] }
            groups[next, default: []].append(student.storedId)
            var reasons: [Components.Schemas.ClassReport.StuckPayloadPayload.ReasonsPayloadPayload] = []
            if let first = next.first, estimate.answers.filter({ $0.skillId == first }).count >= stuckAttempts {
                reasons.append(.manyAttempts)
            }
            let mean = mastery.map(\.probability).reduce(0, +) / Double(max(mastery.count, 1))
            if mean < stuckMastery { reasons.append(.lowMastery) }
            if !reasons.isEmpty { stuck.append(.init(student: student.storedId, reasons: reasons)) }
        }
        let metadata = recommender.model.metadata
        let weakest = model.prerequisiteSkills
            .sorted { (masterySum[$0], $0) < (masterySum[$1], $1) }
            .prefix(students.isEmpty ? 0 : Self.weakestPrerequisiteCount)
            .map { skill in
                Components.Schemas.ClassReport.WeakestPrerequisitesPayloadPayload(
                    skillId: metadata.skillIds[skill], name: metadata.skillNames[skill],
                    meanMastery: masterySum[skill] / Double(students.count), notMasteredBy: notMastered[skill])
            }
        let groupRows = groups.sorted { ($0.value.count, $1.key.joined(separator: ",")) > ($1.value.count, $0.key.joined(separator: ",")) }
            .map { Components.Schemas.ClassReport.GroupsPayloadPayload(nextSteps: $0.key, students: $0.value) }
        return .ok(.init(body: .json(.init(classId: classId, students: students.count, modelGeneration: model.generation,
                                           groups: groupRows, stuck: stuck, weakestPrerequisites: weakest))))
    }
}
