import MasteryData
import XCTest

/// Both report commands write text into HTML through `String.escapingHTML`: each of the five
/// characters HTML gives a meaning becomes its reference, and nothing else changes.
final class HTMLEscapingTests: XCTestCase {
    func testEachMarkupCharacterBecomesItsReference() {
        XCTAssertEqual("&".escapingHTML, "&amp;")
        XCTAssertEqual("<".escapingHTML, "&lt;")
        XCTAssertEqual(">".escapingHTML, "&gt;")
        XCTAssertEqual("\"".escapingHTML, "&quot;")
        XCTAssertEqual("'".escapingHTML, "&#39;")
        XCTAssertEqual(#"<a title="x">Tom & 'Jerry'</a>"#.escapingHTML,
                       "&lt;a title=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
    }

    func testAnEscapedAmpersandIsEscapedAgain() {
        // Text that looks like a reference is still text: "&amp;" in a skill name shows as typed.
        XCTAssertEqual("&amp;".escapingHTML, "&amp;amp;")
    }

    func testVietnameseTextIsUnchangedScalarForScalar() {
        let precomposed = "Phân số thập phân: cộng, trừ; Hỗn số và ước chung lớn nhất"
        let decomposed = precomposed.decomposedStringWithCanonicalMapping
        XCTAssertNotEqual(Array(precomposed.unicodeScalars), Array(decomposed.unicodeScalars), "the two forms must differ for this to test both")
        for text in [precomposed, decomposed] {
            XCTAssertEqual(Array(text.escapingHTML.unicodeScalars), Array(text.unicodeScalars))
        }
        XCTAssertEqual("Tỉ số \"vàng\" & 'bạc'".escapingHTML, "Tỉ số &quot;vàng&quot; &amp; &#39;bạc&#39;")
    }

    func testAMarkupCharacterCarryingACombiningMarkIsStillEscaped() {
        // "<" + U+0338 is one Character, but an HTML parser still sees the "<" scalar as markup.
        let hostile = "<\u{338}script>"
        XCTAssertEqual(hostile.count, 8, "the '<' and its mark are one grapheme")
        XCTAssertEqual(hostile.escapingHTML, "&lt;\u{338}script&gt;")
    }
}
