import Recommend
import XCTest

/// Reports pick their language from the skill names when the caller does not say.
final class LanguageTests: XCTestCase {
    func testLanguageDetection() {
        XCTAssertEqual(Language.detect(inNames: ["Tập hợp", "Số"]), .vi)
        XCTAssertEqual(Language.detect(inNames: ["Đo góc"]), .vi)
        XCTAssertEqual(Language.detect(inNames: ["絕對值", "absolute value"]), .en)
        XCTAssertEqual(Language.detect(inNames: ["Café"]), .en)
    }
}
