import XCTest

final class SimulationSmokeTests: XCTestCase {
    func testBuilds() {}
}
