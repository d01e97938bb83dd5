import Foundation
import MasteryData

/// The JSON form of every report: pretty, keys sorted, slashes in URLs left as they are, so the
/// output is stable from run to run and diffs read well. Schema: docs/lotrinh-path.schema.json.
enum ReportJSON {
    static func encode<Report: Encodable>(_ report: Report) throws -> String {
        let encoder = JSONOutput.encoder()
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }
}
