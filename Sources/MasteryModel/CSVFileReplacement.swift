#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MasteryData

/// CSV outputs written the way model files are: into a temporary file beside the target, flushed,
/// then renamed over it, so a reader never sees half a file and a failure leaves the old one.
public enum CSVFileReplacement {
    /// Writes `header` and the rows `rows` writes to `path` (see
    /// ``MasteryModel/replaceFile(_:defaultMode:durable:write:)``: a symlink at `path` is replaced,
    /// not followed; a file replaced keeps its mode and owner, a new one gets `mode`).
    /// A CSV write error becomes ``ModelFileError/io(path:operation:message:)`` naming `path`.
    /// `durable: false` skips the fsyncs, for a set of files that is checked as a whole.
    public static func write(_ path: String, header: [String], mode: mode_t, durable: Bool = true,
                             rows: (CSVWriter) throws(CSVWriteError) -> Void) throws(ModelFileError) {
        try MasteryModel.replaceFile(path, defaultMode: mode, durable: durable) { (descriptor) throws(ModelFileError) in
            // The writer closes its own copy; replaceFile closes the descriptor it opened.
            let own = dup(descriptor)
            guard own >= 0 else { throw SystemCalls.failure(path, "duplicate the descriptor of") }
            do throws(CSVWriteError) {
                let csv = CSVWriter(descriptor: own, path: path)
                try csv.writeRow(header)
                try rows(csv)
                try csv.close()
            } catch {
                throw .io(path: path, operation: error.operation.rawValue, message: SystemCalls.message(for: error.code))
            }
        }
    }
}
