import XCTest

final class LinearAlgebraSmokeTests: XCTestCase {
    func testBuilds() {}
}
