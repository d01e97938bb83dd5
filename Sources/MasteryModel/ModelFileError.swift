/// Why a `.lotrinh` model could not be written or loaded. Every case names the file, and the
/// message says what to do next.
public enum ModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not start with the Lotrinh magic: another kind of file (a CSV, an image…).
    case notAModel(path: String)
    /// The file's format version is not one this build reads (usually: written by a newer Lotrinh).
    case unsupportedVersion(path: String, found: UInt32, supported: UInt32)
    /// The file is shorter than it says it is (an interrupted copy or download).
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    /// The checksum over the file's bytes does not match: the file was altered after writing.
    case checksumMismatch(path: String)
    /// The checksum matched but a part of the file is inconsistent (a writer bug or a forged file).
    case malformed(path: String, section: String, reason: String)
    /// The model value cannot be written as it is (a non-finite parameter, counts that disagree
    /// with the metadata); nothing was written.
    case invalidModel(path: String, section: String, reason: String)
    /// The operating system refused an operation (open, read, write, fsync, rename…).
    case io(path: String, operation: String, message: String)

    /// The file the error concerns (every case names one).
    public var path: String {
        switch self {
        case let .notAModel(path), let .unsupportedVersion(path, _, _), let .truncated(path, _, _),
             let .checksumMismatch(path), let .malformed(path, _, _), let .invalidModel(path, _, _),
             let .io(path, _, _):
            path
        }
    }

    /// A message for the user: what is wrong with which file, and what to do next.
    public var description: String {
        switch self {
        case let .notAModel(path):
            "\(path) is not a Lotrinh model (it does not start with the .lotrinh signature); "
                + "give the path of a model written by `lotrinh-train`"
        case let .unsupportedVersion(path, found, supported) where found > supported:
            "\(path) was written by a newer Lotrinh (model format \(found); this build reads format \(supported)); "
                + "upgrade Lotrinh, or re-export the model with the version in use"
        case let .unsupportedVersion(path, found, supported):
            "\(path) has model format \(found), which no Lotrinh release wrote (this build reads format \(supported)); "
                + "the file is damaged: re-export the model"
        case let .truncated(path, expected, actual):
            "\(path) is truncated: \(actual) of \(expected) bytes (an interrupted copy or download?); "
                + "copy the model again or re-export it"
        case let .checksumMismatch(path):
            "\(path) is corrupted: its SHA-256 checksum does not match its contents; "
                + "copy the model again or re-export it"
        case let .malformed(path, section, reason):
            "\(path) is not a valid model (section \(section): \(reason)); re-export the model"
        case let .invalidModel(path, section, reason):
            "cannot write \(path): the model is invalid (\(section): \(reason)); nothing was written, "
                + "and a model already at that path is unchanged"
        case let .io(path, operation, message):
            "cannot \(operation) \(path): \(message)"
        }
    }
}
