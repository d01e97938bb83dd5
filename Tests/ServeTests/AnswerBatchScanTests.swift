import Foundation
@testable import lotrinh_serve
import XCTest

/// What the scan of `T` takes from `body` (nil: it leaves the body to the generated decoder).
private func scanned<T: ScannedBody>(_ body: String, as type: T.Type) -> T? {
    Array(body.utf8).withUnsafeBytes { T.scanned($0) }
}

/// What the generated server's decoder reads from `body`.
private func generated<T: ScannedBody>(_ body: String, as type: T.Type) throws -> T {
    try JSONDecoder.generatedServer().decode(T.self, from: Data(body.utf8))
}

/// `AnswersRoute` reads a batch by a direct scan, and hands whatever the scan does not take to the
/// generated decoder. These tests hold the scan to that decoder: the same values for every body it
/// takes, and no body taken that the decoder would read differently or reject.
final class AnswerBatchScanTests: XCTestCase {
    private typealias Batch = Components.Schemas.AnswerBatch

    func testTheScanReadsWhatTheGeneratedDecoderReads() throws {
        let bodies = [
            #"{"events":[{"eventId":"e1","studentId":"HS-1","skillId":"T6.01","correct":true,"answeredAt":"2026-12-01T08:00:00Z"}]}"#,
            // Every key, in another order, with white space everywhere JSON allows it.
            " \n{ \"events\" : [ { \"classId\" : \"6A\" ,\t\"schoolId\":\"Trường A\", \"answeredAt\":\"2026-12-01T08:00:00.250+07:00\","
                + " \"score\" : 0.75 , \"itemId\":\"Câu 3\",\"skillId\":\"Phân số\",\"studentId\":\"HS-Đức 🙂\",\"eventId\":\"sự-kiện\" } ,"
                + "{\"eventId\":\"e2\",\"studentId\":\"s\",\"skillId\":\"k\",\"correct\":false,\"answeredAt\":\"2024-02-29t23:59:59z\"} ] } \r\n",
            // Numbers in every form JSON has, and both fields (the operation rejects that later, not the decoder).
            #"{"events":[{"eventId":"a","studentId":"s","skillId":"k","score":0,"answeredAt":"2026-01-01T00:00:00Z"},"#
                + #"{"eventId":"b","studentId":"s","skillId":"k","score":1E-1,"answeredAt":"2026-01-01T00:00:00Z"},"#
                + #"{"eventId":"c","studentId":"s","skillId":"k","score":-0.0,"correct":true,"answeredAt":"2026-01-01T00:00:00Z"},"#
                + #"{"eventId":"d","studentId":"s","skillId":"k","score":2.5e+2,"answeredAt":"2026-01-01T00:00:00Z"},"#
                + #"{"eventId":"e","studentId":"s","skillId":"k","score":0.1000000000000000055511151231257827,"answeredAt":"1970-01-01T00:00:00Z"}]}"#,
            // Empty strings and an empty batch: the operation's to refuse, the decoder's to read.
            #"{"events":[{"eventId":"","studentId":"","skillId":"","answeredAt":"2026-12-01T08:00:00Z"}]}"#,
        ]
        for body in bodies {
            let batch = try XCTUnwrap(scanned(body, as: Batch.self), body)
            XCTAssertEqual(batch, try generated(body, as: Batch.self), body)
        }
    }

    func testABatchOfFiftyAsTheBenchSendsIt() throws {
        let events = (1...50).map { k in
            #"{"eventId":"7-\#(k)","studentId":"L-\#(k % 1000)","skillId":"S\#(k)","correct":\#(k % 3 == 0 ? "false" : "true"),"answeredAt":"2026-12-01T08:00:00Z"}"#
        }
        let body = #"{"events":["# + events.joined(separator: ",") + "]}"
        let batch = try XCTUnwrap(scanned(body, as: Batch.self))
        XCTAssertEqual(batch.events.count, 50)
        XCTAssertEqual(batch, try generated(body, as: Batch.self))
    }

    /// Each of these is left to the generated decoder: it rejects them (and names the problem) or
    /// reads something the scan does not (escapes, nulls).
    func testEverythingElseIsLeftToTheGeneratedDecoder() {
        let event = #""eventId":"e","studentId":"s","skillId":"k","answeredAt":"2026-12-01T08:00:00Z""#
        let bodies = [
            "", "{}", "[]", #"{"events":[]}"#, #"{"events":{}}"#,
            #"{"events":[{"# + event + "}]} x",  // trailing bytes
            #"{"events":[{"# + event + "}],}",  // trailing comma
            #"{"events":[{"# + event + "},]}",
            #"{"events":[{"# + event + #"}],"extra":1}"#,  // unknown key of the batch
            #"{"events":[{"# + event + #","extra":1}]}"#,  // unknown key of an event
            #"{"events":[{"# + event + #","eventId":"f"}]}"#,  // a key twice
            #"{"events":[{"# + event + #","itemId":null}]}"#,  // null
            #"{"events":[{"# + event + #","itemId":"a\"b"}]}"#,  // an escape
            #"{"events":[{"# + event + #","itemId":"a\u00e9"}]}"#,
            #"{"events":[{"# + event + "\t,\"itemId\":\"tab\there\"}]}",  // a raw control character
            #"{"events":[{"# + event + #","correct":1}]}"#,  // wrong types
            #"{"events":[{"# + event + #","score":"0.5"}]}"#,
            #"{"events":[{"# + event + #","score":true}]}"#,
            #"{"events":[{"# + event + #","score":01}]}"#,  // not JSON numbers
            #"{"events":[{"# + event + #","score":.5}]}"#,
            #"{"events":[{"# + event + #","score":1.}]}"#,
            #"{"events":[{"# + event + #","score":1e400}]}"#,  // out of Double's range
            #"{"events":[{"# + event + #","score":NaN}]}"#,
            #"{"events":[{"eventId":"e","studentId":"s","skillId":"k"}]}"#,  // a required key missing
            #"{"events":[{"eventId":"e","studentId":"s","skillId":"k","answeredAt":"2026-02-30T08:00:00Z"}]}"#,  // not a date
            #"{"events":[{"eventId":"e","studentId":"s","skillId":"k","answeredAt":1764576000}]}"#,
            #"{"events":[{"# + event + "}]",  // cut short
        ]
        for body in bodies {
            XCTAssertNil(scanned(body, as: Batch.self), body)
        }
        // Bytes that are not UTF-8 inside a string.
        var invalid = Array(#"{"events":[{"eventId":"e","studentId":""#.utf8)
        invalid += [0xC3, 0x28]
        invalid += Array(#"","skillId":"k","answeredAt":"2026-12-01T08:00:00Z"}]}"#.utf8)
        XCTAssertNil(invalid.withUnsafeBytes { Batch.scanned($0) })
    }

    func testTheRouteGivesTheGeneratedDecodersErrors() throws {
        let body = #"{"events":[{"eventId":"e","studentId":"s","skillId":"k","answeredAt":"2026-12-01T08:00:00Z","extra":1}]}"#
        var thrown: (any Error)?
        do { _ = try Array(body.utf8).withUnsafeBytes { try Batch.decoded(from: $0) } } catch { thrown = error }
        var expected: (any Error)?
        do { _ = try generated(body, as: Batch.self) } catch { expected = error }
        XCTAssertNotNil(thrown)
        XCTAssertEqual(thrown.map { String(describing: $0) }, expected.map { String(describing: $0) })
    }
}

/// The path route's options: the same scan-then-generated-decoder rule as the answers' batch.
final class PathOptionsScanTests: XCTestCase {
    private typealias Options = Components.Schemas.PathOptions

    func testTheScanReadsWhatTheGeneratedDecoderReads() throws {
        let bodies = [
            "{}", " { } ", #"{"maxSteps":20}"#, #"{"maxSteps":-3,"maxAnswers":0}"#,
            #"{"goals":["T6.01","Phân số 🙂"],"topic":"Số học","grade":"6","threshold":0.85,"confidence":9.5e-1,"#
                + #""maxSteps":100000,"maxAnswers":12,"excluded":[],"scheduled":["a"],"sessionSchedule":["a","a","b"],"language":"vi"}"#,
            "{\n  \"language\" : \"en\" ,\n  \"goals\" : [ ]\n}\n",
        ]
        for body in bodies {
            let options = try XCTUnwrap(scanned(body, as: Options.self), body)
            XCTAssertEqual(options, try generated(body, as: Options.self), body)
        }
    }

    func testEverythingElseIsLeftToTheGeneratedDecoder() {
        let bodies = [
            "", "[]", "null", #"{"maxSteps":20} x"#, #"{"maxSteps":20,}"#, #"{"maxSteps":20,"maxSteps":21}"#,
            #"{"maxSteps":20.0}"#, #"{"maxSteps":2e1}"#, #"{"maxSteps":"20"}"#, #"{"maxSteps":99999999999999999999}"#,
            #"{"maxSteps":null}"#, #"{"language":"fr"}"#, #"{"goals":"T6.01"}"#, #"{"goals":["a",]}"#, #"{"goals":[1]}"#,
            #"{"topic":"a\"b"}"#, #"{"sessionPractice":{"T6.01":2}}"#, #"{"unknown":1}"#, #"{"threshold":.5}"#,
        ]
        for body in bodies {
            XCTAssertNil(scanned(body, as: Options.self), body)
        }
    }
}
