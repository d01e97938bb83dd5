/// Why a curriculum or a synthetic-data request cannot be used.
public enum SimulationError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidCurriculum(String)
    case invalidConfiguration(String)
    /// Creating the output directory or a file in it failed.
    case output(path: String, reason: String)
    /// The real engine (fitting, fold-in or planning) failed inside the policy bench.
    case engine(String)

    public var description: String {
        switch self {
        case .invalidCurriculum(let reason): "invalid curriculum: \(reason)"
        case .invalidConfiguration(let reason): "invalid synthetic-data configuration: \(reason)"
        case .output(let path, let reason): "cannot write \(path): \(reason)"
        case .engine(let reason): "the engine failed in the policy bench: \(reason)"
        }
    }
}
