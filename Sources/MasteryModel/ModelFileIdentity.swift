#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which file a model was loaded from, as the file system tells them apart: a service compares it
/// with what its model path names now to know whether a new model was deployed (see
/// ``MasteryModel/sourceFile`` and `Recommender.modelFileChanged()`).
///
/// A rename of a new file over the path gives another inode; a copy in place changes the size or
/// the modification time, and always the status-change time, which no tool can set back (`cp -p`
/// and `touch -r` restore the modification time only).
public struct ModelFileIdentity: Sendable, Hashable, Codable {
    /// The device holding the file.
    public var device: UInt64
    /// The file's inode number on that device.
    public var inode: UInt64
    /// The size in bytes.
    public var size: Int64
    /// Last modification of the contents, in nanoseconds since 1970.
    public var modificationTime: Int64
    /// Last change of the contents or attributes, in nanoseconds since 1970.
    public var statusChangeTime: Int64

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        #if canImport(Darwin)
        modificationTime = Self.nanoseconds(status.st_mtimespec)
        statusChangeTime = Self.nanoseconds(status.st_ctimespec)
        #else
        modificationTime = Self.nanoseconds(status.st_mtim)
        statusChangeTime = Self.nanoseconds(status.st_ctim)
        #endif
    }

    private static func nanoseconds(_ time: timespec) -> Int64 {
        Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// The identity of the file `path` names now (following symlinks, as a load does), or nil
    /// when there is none or it cannot be reached.
    public static func current(atPath path: String) -> ModelFileIdentity? {
        SystemCalls.identity(atPath: path)
    }
}

/// The file a model was loaded from: its path and its identity at the time of loading.
public struct ModelSourceFile: Sendable, Hashable {
    /// The path the model was loaded from, as given.
    public var path: String
    /// The file's identity when it was opened for loading.
    public var identity: ModelFileIdentity

    /// Whether `path` names another file, or a file changed, since the model was loaded (also when
    /// nothing is there any more): time to load the model again.
    public var hasChanged: Bool {
        ModelFileIdentity.current(atPath: path) != identity
    }
}
