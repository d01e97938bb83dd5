import Foundation
import MasteryData
import XCTest

/// Every `--json`, file and problem body is written with one configuration: keys sorted, paths as
/// written, and a non-finite figure as a string rather than a failed output.
final class JSONOutputTests: XCTestCase {
    private struct Figures: Encodable {
        let out = "/tmp/models/a.lotrinh"
        let auc = Double.nan
        let bound = -Double.infinity
        let count = 3
    }

    func testCompactOutputIsSortedUnescapedAndKeepsNonFiniteFigures() throws {
        let text = String(decoding: try JSONOutput.encoder(pretty: false).encode(Figures()), as: UTF8.self)
        XCTAssertEqual(text, #"{"auc":"NaN","bound":"-Infinity","count":3,"out":"/tmp/models/a.lotrinh"}"#)
    }

    func testPrettyOutputIsTheSameValueIndented() throws {
        let pretty = try JSONOutput.encoder().encode(Figures())
        let text = String(decoding: pretty, as: UTF8.self)
        XCTAssertTrue(text.contains("\n  \"auc\" : \"NaN\",\n"), text)
        let compact = try JSONOutput.encoder(pretty: false).encode(Figures())
        XCTAssertEqual(try JSONSerialization.jsonObject(with: pretty) as? NSDictionary,
                       try JSONSerialization.jsonObject(with: compact) as? NSDictionary)
    }
}
