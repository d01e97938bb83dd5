#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file the fuzz input is written to, because the loaders under test read paths (as the
/// command-line tools do), not memory. One per process and name, rewritten for every input; in
/// `/dev/shm` when it exists so the millions of rewrites never touch a disk.
public struct ScratchFile: Sendable {
    public let path: String

    public init(_ name: String) {
        var info = stat()
        let directory = stat("/dev/shm", &info) == 0 ? "/dev/shm" : "/tmp"
        path = "\(directory)/lotrinh-fuzz-\(getpid())-\(name)"
    }

    /// Replaces the file's contents with `bytes`; a failure here is the harness's, so it stops the run.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        precondition(descriptor >= 0, "fuzz harness: cannot create \(path)")
        var remaining = bytes
        while !remaining.isEmpty {
            let written = Glibc.write(descriptor, remaining.baseAddress, remaining.count)
            precondition(written > 0 || errno == EINTR, "fuzz harness: cannot write \(path)")
            if written > 0 { remaining = UnsafeRawBufferPointer(rebasing: remaining[written...]) }
        }
        close(descriptor)
    }

    public func write(_ text: String) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }
}

/// Paths inside the repository, found from this file's location so the fuzzers run from anywhere.
public enum RepositoryFiles {
    public static let root: String = {
        var path = #filePath
        for _ in 0..<4 { path = String(path[..<path.lastIndex(of: "/")!]) }  // Fuzz/Sources/FuzzSupport/ScratchFile.swift
        return path
    }()

    /// The model bundled with the repository (the one `lotrinh-path` examples use).
    public static let bundledModel = root + "/models/vn-grade6.lotrinh"
}

/// The fuzz input as a buffer, whatever libFuzzer passes (a null pointer for the empty input).
public func inputBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: size == 0 ? nil : data, count: size)
}
