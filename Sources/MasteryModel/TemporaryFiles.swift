#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The temporary files a writer has open, removed when the process is interrupted, and the
/// stale ones an earlier, killed writer left.
///
/// A model's temporary file can hold the whole model, student rows included. On SIGINT or
/// SIGTERM the handler installed by ``removeOnInterrupt()`` unlinks every registered file (with
/// `unlink`, which is async-signal-safe, from paths kept as C strings) and then lets the signal
/// end the process as it would have. SIGKILL cannot be caught: each writer removes its own
/// stale files of the same name (``removeStale(directory:name:)``) before it writes.
public enum TemporaryFiles {
    /// At most this many temporary files are tracked at once (a writer has one at a time).
    static let slotCount = 16
    static let pathCapacity = Int(PATH_MAX) + 1

    /// Each slot: a path as a C string, and whether it is in use.
    nonisolated(unsafe) static let paths: UnsafeMutablePointer<CChar> = {
        let memory = UnsafeMutablePointer<CChar>.allocate(capacity: slotCount * pathCapacity)
        memory.initialize(repeating: 0, count: slotCount * pathCapacity)
        return memory
    }()
    nonisolated(unsafe) static var inUse = [Bool](repeating: false, count: slotCount)
    static let lock = NSLock()

    /// Installs SIGINT and SIGTERM handlers that remove the registered files, then end the
    /// process by the same signal. For executables, once at start.
    public static func removeOnInterrupt() {
        _ = paths  // allocated now, not in the handler
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { received in
                for slot in 0..<TemporaryFiles.slotCount {
                    let path = TemporaryFiles.paths + slot * TemporaryFiles.pathCapacity
                    if path.pointee != 0 { unlink(path) }
                }
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    /// Registers `path` for removal on interrupt; returns its slot for ``unregister(_:)``
    /// (nil when every slot is taken or the path is too long: the file is then only removed
    /// on the writer's own errors and as stale).
    static func register(_ path: String) -> Int? {
        let bytes = Array(path.utf8)
        guard bytes.count < pathCapacity else { return nil }
        guard let first = bytes.first else { return nil }
        let slot = lock.withLock { () -> Int? in
            guard let free = inUse.firstIndex(of: false) else { return nil }
            inUse[free] = true
            return free
        }
        guard let slot else { return nil }
        let target = paths + slot * pathCapacity
        for index in bytes.indices.dropFirst() { target[index] = CChar(bitPattern: bytes[index]) }
        target[bytes.count] = 0
        // The first byte last: the handler sees either an empty slot or the whole path.
        target[0] = CChar(bitPattern: first)
        return slot
    }

    static func unregister(_ slot: Int?) {
        guard let slot else { return }
        (paths + slot * pathCapacity).pointee = 0
        lock.withLock { inUse[slot] = false }
    }

    /// Removes `.NAME.tmp-PID-HEX` files in `directory` that a writer of `name` left behind: those
    /// of a process that no longer runs, and any older than a day.
    static func removeStale(directory: String, name: String) {
        guard let folder = opendir(directory) else { return }
        defer { closedir(folder) }
        let prefix = ".\(name).tmp-"
        let now = time(nil)
        while let entry = readdir(folder) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard entryName.hasPrefix(prefix) else { continue }
            let rest = entryName.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]) else { continue }
            let path = directory + "/" + entryName
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            let ownerGone = pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
            let old = now - info.st_mtim.tv_sec > 24 * 60 * 60
            if ownerGone || old { unlink(path) }
        }
    }
}
