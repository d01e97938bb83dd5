import XCTest

final class MasteryDataSmokeTests: XCTestCase {
    func testBuilds() {}
}
