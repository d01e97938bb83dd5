import MasteryData
import XCTest

/// Only web and relative addresses become live links in reports.
final class ResourceLinkTests: XCTestCase {
    private func linkable(_ url: String) -> Bool { Resource(title: "t", url: url).hasLinkableURL }

    func testWebAndRelativeAddressesAreLinkable() {
        for url in ["https://hoc10.vn/bai/1", "http://example.org", "HTTPS://EXAMPLE.ORG", "bai-1.html", "/lib/bai 1.pdf",
                    "?page=2", "#step-3", "docs/a:b.html", ""] {
            XCTAssertTrue(linkable(url), url)
        }
    }

    func testSchemesThatRunOrOpenThingsAreNot() {
        for url in ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
                    "\u{1}javascript:x", "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd", "vbscript:msgbox",
                    "ftp://example.org/a"] {
            XCTAssertFalse(linkable(url), url)
        }
    }
}
