#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The only place the model file code calls the C library for files: each call retries on EINTR
/// and turns a failure into ``ModelFileError/io(path:operation:message:)`` with `strerror`, so
/// the writer and reader above never see `errno` or a raw return code.
enum SystemCalls {
    /// `strerror` text with the errno number, e.g. "No space left on device (errno 28)".
    static func message(for code: Int32) -> String {
        "\(String(cString: strerror(code))) (errno \(code))"
    }

    static func failure(_ path: String, _ operation: String, _ code: Int32 = errno) -> ModelFileError {
        .io(path: path, operation: operation, message: message(for: code))
    }

    /// Creates `path` for writing; fails if it exists, so a leftover or a racing writer's
    /// temporary file is never reused.
    /// Errors name `target`, the file the caller is making, which is what the user asked for.
    static func createExclusive(_ path: String, for target: String) throws(ModelFileError) -> Int32 {
        while true {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if descriptor >= 0 { return descriptor }
            if errno != EINTR { throw failure(target, "create the temporary file \(path) for") }
        }
    }

    /// The mode and owner of a regular file at `path` (not following a symlink), to give its
    /// replacement; nil when there is none.
    static func replacedAttributes(_ path: String) -> (mode: mode_t, owner: uid_t, group: gid_t)? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return (info.st_mode & 0o7777, info.st_uid, info.st_gid)
    }

    /// Gives a new file the mode and owner of the file it replaces, or `mode` when it replaces
    /// none: a 0600 file of student rows stays 0600 and keeps its owner when rewritten. Changing
    /// the owner needs privileges; without them the file stays the writer's, which is what a
    /// user rewriting their own file expects.
    static func applyAttributes(_ descriptor: Int32, replacing path: String, defaultMode mode: mode_t, for target: String) throws(ModelFileError) {
        if let old = replacedAttributes(path) {
            _ = fchown(descriptor, old.owner, old.group)
            if fchmod(descriptor, old.mode) != 0 { throw failure(target, "set the mode of") }
        } else if fchmod(descriptor, mode) != 0 {
            throw failure(target, "set the mode of")
        }
    }

    /// Refuses a target that exists and is a device, a FIFO or a socket: the rename that makes a
    /// write atomic would replace it with the model (`--out /dev/null` run as root replaced
    /// /dev/null). A folder in the way is left to the rename, which reports it.
    static func checkReplaceable(_ path: String) throws(ModelFileError) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }  // absent: created; unreachable: the create says why
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG || type == S_IFDIR else {
            throw .io(path: path, operation: "replace", message: "it is a device, FIFO or socket, not a file; "
                          + "writing the model would replace it (give the path of a .lotrinh file)")
        }
    }

    /// Opens a regular file for reading. The open does not block (a FIFO given as a model path
    /// used to hang the loader until some writer appeared), and anything but a regular file is
    /// refused before a byte is read.
    static func openForReading(_ path: String) throws(ModelFileError) -> Int32 {
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { throw failure(path, "open") }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let error = failure(path, "inspect")
            closeQuietly(descriptor)
            throw error
        }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            closeQuietly(descriptor)
            let kind = type == S_IFIFO ? "a FIFO" : type == S_IFDIR ? "a folder" : type == S_IFSOCK ? "a socket" : "a device"
            throw .io(path: path, operation: "read", message: "it is \(kind), not a model file")
        }
        return descriptor
    }

    /// Creates or replaces a small file in one go (not atomically: for exports beside the model).
    static func writeFile(_ path: String, contents: [UInt8]) throws(ModelFileError) {
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { throw failure(path, "create") }
        do throws(ModelFileError) {
            try contents.withUnsafeBytes { raw in
                Result { () throws(ModelFileError) in try writeAll(descriptor, raw, path: path) }
            }.get()
        } catch {
            closeQuietly(descriptor)
            throw error
        }
        try close(descriptor, path: path)
    }

    /// Writes every byte, looping over short writes.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(ModelFileError) {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw failure(path, "write")
            }
            offset += written
        }
    }

    static func synchronize(_ descriptor: Int32, path: String) throws(ModelFileError) {
        while fsync(descriptor) != 0 {
            if errno != EINTR { throw failure(path, "fsync") }
        }
    }

    /// Closes `descriptor`; a failure is reported because on some file systems (NFS) it is the
    /// first sign that written data did not reach the disk.
    static func close(_ descriptor: Int32, path: String) throws(ModelFileError) {
        if systemClose(descriptor) != 0 && errno != EINTR { throw failure(path, "close") }
    }

    /// Closes `descriptor` on a path that is already failing; the first error is the one to report.
    static func closeQuietly(_ descriptor: Int32) {
        _ = systemClose(descriptor)
    }

    static func rename(_ source: String, over target: String) throws(ModelFileError) {
        if systemRename(source, target) != 0 { throw failure(target, "rename \(source) to") }
    }

    static func removeQuietly(_ path: String) {
        _ = unlink(path)
    }

    /// Flushes a directory's entries, so that a rename inside it survives a power cut.
    static func synchronizeDirectory(_ path: String) throws(ModelFileError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, "open directory") }
        defer { closeQuietly(descriptor) }
        try synchronize(descriptor, path: path)
    }

    /// The identity of the open file `descriptor` (device, inode, size, times).
    static func identity(_ descriptor: Int32, path: String) throws(ModelFileError) -> ModelFileIdentity {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure(path, "stat") }
        return ModelFileIdentity(status)
    }

    /// The identity of whatever `path` names now (following symlinks, as a load does), or nil
    /// when nothing can be found there.
    static func identity(atPath path: String) -> ModelFileIdentity? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return ModelFileIdentity(status)
    }

    /// Fills `buffer` from `offset` of the file, looping over short reads. A file that ends
    /// early is being rewritten in place while it is read.
    static func readExactly(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int,
                            path: String) throws(ModelFileError) {
        var done = 0
        while done < buffer.count {
            let count = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if count > 0 {
                done += count
            } else if count < 0 && errno == EINTR {
                continue
            } else if count == 0 {
                throw .io(path: path, operation: "read", message: "the file shrank while it was read (it is being rewritten)")
            } else {
                throw failure(path, "read")
            }
        }
    }

    /// `count` bytes from `offset` of the file, for the header and directory read before the rest.
    static func readBytes(_ descriptor: Int32, count: Int, at offset: Int, path: String) throws(ModelFileError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        try bytes.withUnsafeMutableBytes { buffer in
            Result { () throws(ModelFileError) in try readExactly(descriptor, into: buffer, at: offset, path: path) }
        }.get()
        return bytes
    }

    /// Creates a directory (and no parents); an existing directory is fine.
    static func makeDirectory(_ path: String) throws(ModelFileError) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw failure(path, "create directory") }
    }

    static var processIdentifier: Int32 { getpid() }
}

// `SystemCalls.close` and `.rename` shadow the C functions inside the enum; these reach them unambiguously.
private func systemClose(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}

private func systemRename(_ source: String, _ target: String) -> Int32 {
    rename(source, target)
}
