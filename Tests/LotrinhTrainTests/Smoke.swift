import XCTest

final class LotrinhTrainSmokeTests: XCTestCase {
    func testBuilds() {}
}
