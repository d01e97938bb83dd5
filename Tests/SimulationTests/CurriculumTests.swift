import Foundation
import MasteryData
import Simulation
import XCTest

final class CurriculumTests: XCTestCase {
    private let grade6 = Curriculum.vietnameseGrade6Math

    func testGrade6HasTheExpectedShape() {
        XCTAssertTrue((30...45).contains(grade6.skills.count), "\(grade6.skills.count) skills")
        XCTAssertEqual(grade6.skillRows.first?.id, "T6.01")
        XCTAssertTrue(grade6.skillRows.allSatisfy { $0.subject == "Toán" && $0.grade == "6" })
        let edgesPerSkill = Double(grade6.prerequisites.count) / Double(grade6.skills.count)
        XCTAssertTrue((1.3...1.8).contains(edgesPerSkill), "\(edgesPerSkill) prerequisites per skill")
        let prerequisiteCounts = Dictionary(grouping: grade6.edgeRows, by: \.skillID).mapValues(\.count)
        XCTAssertGreaterThan(prerequisiteCounts.values.count(where: { $0 == 2 }), 5, "several skills have two prerequisites")
        let roots = grade6.skillRows.filter { prerequisiteCounts[$0.id] == nil }
        XCTAssertTrue((2...6).contains(roots.count), "a few roots, got \(roots.map(\.id))")
        XCTAssertEqual(
            Set(grade6.skillRows.map(\.topic)),
            ["Số tự nhiên", "Số nguyên", "Hình học trực quan", "Phân số", "Số thập phân", "Hình học phẳng", "Thống kê và xác suất"])
    }

    func testGrade6PrerequisitesNameExistingSkillsAndFormADAG() {
        let ids = Set(grade6.skillRows.map(\.id))
        for edge in grade6.edgeRows {
            XCTAssertTrue(ids.contains(edge.prerequisiteID), "unknown prerequisite \(edge.prerequisiteID)")
            XCTAssertTrue(ids.contains(edge.skillID), "unknown skill \(edge.skillID)")
        }
        XCTAssertEqual(topologicalOrder(grade6)?.count, grade6.skills.count, "prerequisites must not form a cycle")
    }

    func testGrade6PrerequisitesComeEarlierInTheSyllabus() {
        // The built-in list follows the programme's order, so every edge points forward.
        let position = Dictionary(uniqueKeysWithValues: grade6.skillRows.enumerated().map { ($1.id, $0) })
        for edge in grade6.edgeRows {
            XCTAssertLessThan(position[edge.prerequisiteID]!, position[edge.skillID]!, "\(edge)")
        }
    }

    func testGrade6NamesAreNFCVietnamese() {
        for text in grade6.skillRows.flatMap({ [$0.name, $0.topic] }) + grade6.resourceRows.map(\.title) {
            // String == compares canonically, so compare scalars to see the stored form.
            XCTAssertEqual(
                Array(text.unicodeScalars), Array(text.precomposedStringWithCanonicalMapping.unicodeScalars),
                "\(text) is not NFC")
            XCTAssertFalse(text.unicodeScalars.contains { (0x300...0x36F).contains($0.value) }, "combining mark in \(text)")
        }
        let vietnameseLetters = Set("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")
        let withDiacritics = grade6.skillRows.filter { $0.name.lowercased().contains(where: vietnameseLetters.contains) }
        XCTAssertGreaterThan(withDiacritics.count, grade6.skills.count * 3 / 4)
        let names = Set(grade6.skillRows.map(\.name))
        for expected in ["Tập hợp", "Ước chung lớn nhất", "Bội chung nhỏ nhất", "Lũy thừa với số mũ tự nhiên",
                         "Dấu hiệu chia hết cho 2, cho 5", "Số nguyên tố", "Hỗn số", "Xác suất thực nghiệm"] {
            XCTAssertTrue(names.contains(expected), "missing \(expected)")
        }
    }

    func testEverySkillHasOneOrTwoPlaceholderResources() {
        let resourcesBySkill = Dictionary(grouping: grade6.resourceRows, by: \.skillID)
        for skill in grade6.skillRows {
            let resources = resourcesBySkill[skill.id] ?? []
            XCTAssertTrue((1...2).contains(resources.count), "\(skill.id) has \(resources.count) resources")
            XCTAssertTrue(resources.contains { $0.title == "Bài giảng: \(skill.name)" })
        }
        XCTAssertTrue(grade6.resourceRows.allSatisfy { $0.url.hasPrefix("https://thuvien.example.edu.vn/toan6/") })
        XCTAssertEqual(Set(grade6.resourceRows.map(\.url)).count, grade6.resourceRows.count, "URLs are unique")
    }

    func testRandomCurriculumIsADAGWithTheRequestedDensity() throws {
        let curriculum = try Curriculum.random(skills: 2_000, averagePrerequisites: 1.5, seed: 9)
        XCTAssertEqual(curriculum.skills.count, 2_000)
        XCTAssertEqual(topologicalOrder(curriculum)?.count, 2_000)
        XCTAssertEqual(Double(curriculum.prerequisites.count) / 2_000, 1.5, accuracy: 0.1)
        XCTAssertEqual(curriculum.resourceRows.count, 2_000)
        XCTAssertEqual(Set(curriculum.skillRows.map(\.id)).count, 2_000)
        XCTAssertEqual(curriculum.skillRows.first?.id, "K0001")
        XCTAssertEqual(try Curriculum.random(skills: 2_000, averagePrerequisites: 1.5, seed: 9), curriculum)
        XCTAssertNotEqual(try Curriculum.random(skills: 2_000, averagePrerequisites: 1.5, seed: 10), curriculum)
    }

    func testRandomCurriculumScalesToTenThousandSkills() throws {
        let curriculum = try Curriculum.random(skills: 10_000, averagePrerequisites: 1.6, seed: 1)
        XCTAssertEqual(topologicalOrder(curriculum)?.count, 10_000)
    }

    func testTinyRandomCurricula() throws {
        XCTAssertEqual(try Curriculum.random(skills: 1, seed: 1).prerequisites, [])
        XCTAssertEqual(topologicalOrder(try Curriculum.random(skills: 3, averagePrerequisites: 5, seed: 1))?.count, 3)
        XCTAssertThrowsError(try Curriculum.random(skills: 0, seed: 1))
    }

    func testInvalidCurriculaAreRejected() throws {
        var abc = SkillCatalog()
        for id in ["A", "B", "C"] { abc.add(id: id, name: id, subject: "Toán", grade: "6", topic: "T") }
        var onlyA = SkillCatalog()
        onlyA.add(id: "A", name: "A", subject: "Toán", grade: "6", topic: "T")
        let (a, b, c, z) = (0, 1, 2, 25)
        func edge(_ from: Int, _ to: Int) -> PrerequisiteGraph.Edge { PrerequisiteGraph.Edge(prerequisite: from, skill: to) }

        XCTAssertThrowsError(try Curriculum(skills: abc, prerequisites: [edge(a, b), edge(b, c), edge(c, b)], resources: [])) {
            XCTAssertTrue("\($0)".contains("cycle"), "\($0)")
        }
        // A catalog interns its ids, so a skill listed twice stays one skill.
        var twice = onlyA
        twice.add(id: "A", name: "A", subject: "Toán", grade: "6", topic: "T")
        XCTAssertEqual(try Curriculum(skills: twice, prerequisites: [], resources: []).skills.count, 1)
        var ragged = onlyA
        ragged.topics.append("T")
        XCTAssertThrowsError(try Curriculum(skills: ragged, prerequisites: [], resources: []))
        XCTAssertThrowsError(try Curriculum(skills: onlyA, prerequisites: [edge(a, z)], resources: []))
        XCTAssertThrowsError(try Curriculum(skills: onlyA, prerequisites: [edge(a, a)], resources: []))
        XCTAssertThrowsError(try Curriculum(skills: abc, prerequisites: [edge(a, b), edge(a, b)], resources: []))
        XCTAssertThrowsError(try Curriculum(skills: SkillCatalog(), prerequisites: [], resources: []))
        XCTAssertThrowsError(try Curriculum(skills: onlyA, prerequisites: [], resources: [[], [Resource(title: "x", url: "y")]]))
        XCTAssertNoThrow(try Curriculum(skills: abc, prerequisites: [edge(a, b), edge(a, c), edge(b, c)], resources: []))
    }
}

/// Kahn's algorithm, written independently of the module's own check: nil when there is a cycle.
func topologicalOrder(_ curriculum: Curriculum) -> [String]? {
    var waiting: [String: Int] = Dictionary(uniqueKeysWithValues: curriculum.skillRows.map { ($0.id, 0) })
    var dependents: [String: [String]] = [:]
    for edge in curriculum.edgeRows {
        waiting[edge.skillID, default: 0] += 1
        dependents[edge.prerequisiteID, default: []].append(edge.skillID)
    }
    var queue = curriculum.skillRows.map(\.id).filter { waiting[$0] == 0 }
    var head = 0
    while head < queue.count {
        let skill = queue[head]
        head += 1
        for next in dependents[skill] ?? [] {
            waiting[next]! -= 1
            if waiting[next] == 0 { queue.append(next) }
        }
    }
    return queue.count == curriculum.skills.count ? queue : nil
}
