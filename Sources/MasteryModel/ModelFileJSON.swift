import Foundation
import MasteryData

/// The metadata section's JSON: Foundation's coder with sorted keys, so the same metadata always
/// gives the same bytes, and NaN or infinite metrics written as strings (JSON has no such numbers).
enum MetadataJSON {
    static func encode(_ metadata: ModelMetadata) throws -> [UInt8] {
        let encoder = JSONOutput.encoder(pretty: false)
        return [UInt8](try encoder.encode(metadata))
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> ModelMetadata {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(ModelMetadata.self, from: Data(bytes))
    }
}
