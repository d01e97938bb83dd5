#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks on where a command writes, made before any work: an output never replaces one of the
/// command's own inputs, and its folder can be written to.
public enum OutputPath {
    /// Why an output path cannot be used.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        /// The output path as given.
        public let output: String
        /// What is wrong with it.
        public let reason: String

        /// One line naming the path and the reason.
        public var description: String { "cannot write \(output): \(reason)" }
    }

    /// Throws when `output` names the same file as one of `inputs` (the same device and inode,
    /// so another spelling, a hard link or a symlink to an input is caught too), or when its
    /// folder does not exist or cannot be written. Inputs that do not exist are ignored.
    public static func check(_ output: String, against inputs: [String]) throws(Refusal) {
        if let target = identity(of: output) {
            for input in inputs where identity(of: input) == target {
                throw Refusal(output: output, reason: "it is the input \(input) of this command; writing there would destroy it "
                                  + "(choose another output path)")
            }
        }
        let folder = output.lastIndex(of: "/").map { String(output[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        var info = stat()
        guard stat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw Refusal(output: output, reason: "its folder \(folder) does not exist")
        }
        guard access(folder, W_OK) == 0 else {
            throw Refusal(output: output, reason: "its folder \(folder) is not writable (\(String(cString: strerror(errno))))")
        }
    }

    private struct Identity: Equatable {
        let device: UInt64
        let inode: UInt64
    }

    private static func identity(of path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}
