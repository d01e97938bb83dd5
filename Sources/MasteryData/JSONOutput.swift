import Foundation

/// The one JSON encoder configuration of every output Lotrinh writes: command-line `--json`,
/// generated dataset files, the model file's metadata and the service's problem bodies.
///
/// Keys sorted, so the same value gives the same bytes (diffable outputs, reproducible files);
/// slashes not escaped, decided once for all outputs: paths and URLs read as written, and `\/`
/// adds nothing in JSON that is never embedded in a `<script>` element; a non-finite number
/// written as the strings "NaN", "Infinity" and "-Infinity" instead of failing the whole output.
public enum JSONOutput {
    /// An encoder with that configuration, indented for people (`pretty`) or compact for files
    /// and wire bodies.
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }
}
