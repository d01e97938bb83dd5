import Foundation
import XCTest

/// Where the repository and the shared datasets are, found from this file's path so tests run the
/// same from any working directory.
public enum RepositoryPaths {
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/datasets` beside the repository (read-only public datasets, absent from a clone on
    /// its own), or the folder named by `LOTRINH_SHARED_DATASETS` — set it to a missing folder to
    /// run the suite as such a clone would.
    public static let sharedDatasets: URL = {
        if let override = ProcessInfo.processInfo.environment["LOTRINH_SHARED_DATASETS"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return root.deletingLastPathComponent().appendingPathComponent("shared/datasets")
    }()

    /// A file or folder of the shared datasets; skips the calling test, naming what is missing,
    /// when it is absent.
    public static func sharedDataset(_ relativePath: String) throws -> URL {
        let url = sharedDatasets.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("needs \(relativePath) from the public datasets, which are not at \(sharedDatasets.path) (they sit beside the repository as ../shared/datasets; see datasets/README.md)")
        }
        return url
    }

    /// The repository's bundled `datasets/`.
    public static let bundledDatasets: URL = root.appendingPathComponent("datasets")
}

/// A fresh directory under the system's temporary folder, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL

    public init(_ label: String = "lotrinh") {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `contents` byte for byte (no newline added) and returns the file's path.
    @discardableResult
    public func write(_ name: String, _ contents: String) -> String {
        write(name, bytes: Array(contents.utf8))
    }

    @discardableResult
    public func write(_ name: String, bytes: [UInt8]) -> String {
        let file = url.appendingPathComponent(name)
        try! FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! Data(bytes).write(to: file)
        return file.path
    }

    public func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }
}
