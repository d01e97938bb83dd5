import AsyncHTTPClient
import XCTest

/// A test case with one HTTP client per test, shut down after it: what every test class that
/// talks to a started server over a real socket needs.
class HTTPClientTestCase: XCTestCase {
    private(set) var client: HTTPClient!

    override func setUp() async throws {
        client = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    override func tearDown() async throws {
        try await client?.shutdown()
    }
}
