import Foundation
import LotrinhTestSupport
import MasteryData
import Recommend
import XCTest

/// `resources.csv` as a service reads it: through MasteryData's one reader, in the model's skill
/// order, with errors that name the file, line, column and value.
final class ResourceFileTests: XCTestCase {
    private let directory = TemporaryDirectory("resource-file")
    private let model = "models/vn-grade6-service.lotrinh"

    func testResourcesFollowTheModelsSkillOrder() throws {
        let recommender = try Recommender(modelPath: RepositoryPaths.root.appendingPathComponent(model).path)
        let path = directory.write("resources.csv", """
            skill_id,title,url
            T6.02,"Bài 2, trang 9",https://example.org/b2
            T6.01,Sách giáo khoa trang 5,
            T6.02,Video,https://example.org/v
            """ + "\n")
        let lists = try Recommender.resources(csvPath: path, model: recommender.model)
        XCTAssertEqual(lists.count, recommender.model.skillCount)
        let first = try XCTUnwrap(recommender.model.skillIndex.index(of: "T6.01"))
        let second = try XCTUnwrap(recommender.model.skillIndex.index(of: "T6.02"))
        XCTAssertEqual(lists[first], [Resource(title: "Sách giáo khoa trang 5", url: "")])
        XCTAssertEqual(lists[second], [Resource(title: "Bài 2, trang 9", url: "https://example.org/b2"),
                                       Resource(title: "Video", url: "https://example.org/v")])
    }

    func testASkillOutsideTheModelIsAnErrorAtItsLine() throws {
        let recommender = try Recommender(modelPath: RepositoryPaths.root.appendingPathComponent(model).path)
        let path = directory.write("resources.csv", "skill_id,title,url\nT6.01,Ok,\nT9.99,Lost,\n")
        XCTAssertThrowsError(try Recommender.resources(csvPath: path, model: recommender.model)) { error in
            let input = error as? InputError
            XCTAssertEqual(input?.reason, .unknownSkill)
            XCTAssertEqual(input?.line, 3)
            XCTAssertEqual(input?.columnName, "skill_id")
            XCTAssertTrue("\(error)".contains("T9.99"), "\(error)")
            // The skills are the model's here, not a skills file's.
            XCTAssertTrue("\(error)".contains("a skill of the model"), "\(error)")
        }
    }
}
