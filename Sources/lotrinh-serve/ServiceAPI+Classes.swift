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
        try await offloaded { try classReport(input) }
    }

    private func classReport(_ input: Operations.GetClassReport.Input) throws -> Operations.GetClassReport.Output {
        let classId = input.path.classId
        let groupSteps = input.query.groupSteps ?? 2
        let stuckAttempts = input.query.stuckAttempts ?? 10
        let stuckMastery = input.query.stuckMastery ?? 0.3
        guard (1...10).contains(groupSteps), (1...1000).contains(stuckAttempts), stuckMastery >= 0, stuckMastery <= 1 else {
            throw Problem.invalidRequest("groupSteps must be in 1...10, stuckAttempts in 1...1000, stuckMastery in [0, 1]")
        }
        let students = try classStudents(classId, school: input.query.schoolId)
        let model = models.current
        let recommender = model.recommender
        // Sums over the class, in the model's skill order (the order of `masteryEntries`).
        var skillOrder: [(id: String, name: String)] = []
        var masterySum: [Double] = []
        var notMastered: [Int] = []
        var groups: [[String]: [String]] = [:]
        var stuck: [Components.Schemas.ClassReport.StuckPayloadPayload] = []
        let request = PathRequest()
        for student in students {
            let estimate = try estimates.estimate(of: student, model: model)
            let mastery: [MasteryEntry]
            let path: PathResponse
            do {
                mastery = try recommender.masteryEntries(of: estimate.state, confidence: request.confidence)
                path = try recommender.pathResponse(for: estimate.state, request: request)
            } catch {
                throw Problem.recommend(error)
            }
            if skillOrder.isEmpty {
                skillOrder = mastery.map { ($0.skillId, $0.name) }
                masterySum = [Double](repeating: 0, count: mastery.count)
                notMastered = [Int](repeating: 0, count: mastery.count)
            }
            for (position, row) in mastery.enumerated() {
                masterySum[position] += row.mastery
                if row.lower < request.threshold { notMastered[position] += 1 }
            }
            let next = path.steps.prefix(groupSteps).map(\.skillId)
            groups[next, default: []].append(student.storedId)
            var reasons: [Components.Schemas.ClassReport.StuckPayloadPayload.ReasonsPayloadPayload] = []
            if let first = next.first, estimate.answers.filter({ $0.skillId == first }).count >= stuckAttempts {
                reasons.append(.manyAttempts)
            }
            let mean = mastery.map(\.mastery).reduce(0, +) / Double(max(mastery.count, 1))
            if mean < stuckMastery { reasons.append(.lowMastery) }
            if !reasons.isEmpty { stuck.append(.init(student: student.storedId, reasons: reasons)) }
        }
        let weakest = skillOrder.indices.filter { model.prerequisiteSkillIds.contains(skillOrder[$0].id) }
            .sorted { (masterySum[$0], $0) < (masterySum[$1], $1) }
            .prefix(Self.weakestPrerequisiteCount)
            .map { position in
                Components.Schemas.ClassReport.WeakestPrerequisitesPayloadPayload(
                    skillId: skillOrder[position].id, name: skillOrder[position].name,
                    meanMastery: masterySum[position] / Double(students.count), notMasteredBy: notMastered[position])
            }
        let groupRows = groups.sorted { ($0.value.count, $1.key.joined(separator: ",")) > ($1.value.count, $0.key.joined(separator: ",")) }
            .map { Components.Schemas.ClassReport.GroupsPayloadPayload(nextSteps: $0.key, students: $0.value) }
        return .ok(.init(body: .json(.init(classId: classId, students: students.count, modelGeneration: model.generation,
                                           groups: groupRows, stuck: stuck, weakestPrerequisites: weakest))))
    }

    /// The students of a class in the key's schools (or in `school`, when given and in scope). A
    /// class of another school and a missing one get the same ``Problem/classNotFound``.
    func classStudents(_ classId: String, school: String?) throws -> [StoredStudent] {
        try checkId(classId, "classId")
        let schools = try RequestScope.current.searched(naming: school, hidden: Problem.classNotFound)
        do {
            let found = try store.schools(ofClass: classId, among: schools)
            guard let school = found.first else { throw Problem.classNotFound }
            guard found.count == 1 else {
                throw Problem(status: 409, code: "ambiguous-student",
                              detail: "schools \(found.joined(separator: ", ")) both have a class '\(classId)': name one with ?schoolId=")
            }
            return try store.students(ofClass: classId, school: school)
        } catch let error as StoreError {
            throw Problem.store(error)
        }
    }
}
