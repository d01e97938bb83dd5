#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A model file's bytes in memory. Loaded parameter arrays are views into them and keep them
/// alive; the memory goes when the last view goes.
///
/// Files up to ``inMemoryLimit`` are read into memory of their own: a model loaded by a service
/// stays what it was when loaded and verified, even when someone copies a new model over its
/// file in place (`cp`, `scp`, a truncation), which with a mapping crashed the service by
/// SIGBUS or answered from half-written pages. Larger files (a province's model with its
/// student rows) are mapped private and read-only, to load without a copy; those must be
/// deployed by writing a new file and renaming it over the old one, as Lotrinh's writers do.
final class ModelFileMapping: @unchecked Sendable {
    /// Files up to this size are read into memory rather than mapped (256 MiB: a service model
    /// of 100,000 skills at rank 32 is about 27 MiB).
    static let inMemoryLimit = 256 << 20

    /// The whole file; empty (with no memory) for an empty file.
    let bytes: UnsafeRawBufferPointer
    private let isMapped: Bool

    /// Reads (or, above ``inMemoryLimit``, maps) the file at `path`.
    init(path: String) throws(ModelFileError) {
        let descriptor = try SystemCalls.openForReading(path)
        defer { SystemCalls.closeQuietly(descriptor) }
        let size = try SystemCalls.fileSize(descriptor, path: path)
        // An empty file is reported as truncated by the reader.
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            isMapped = false
            return
        }
        if size <= Self.inMemoryLimit {
            // Page-aligned like a mapping, so the sections' 64-byte alignment holds.
            let memory = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
            var done = 0
            while done < size {
                let count = pread(descriptor, memory + done, size - done, off_t(done))
                if count > 0 {
                    done += count
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    memory.deallocate()
                    // The file shrank while it was read: someone is rewriting it in place.
                    throw count == 0 ? .io(path: path, operation: "read", message: "the file shrank while it was read (it is being rewritten)")
                        : SystemCalls.failure(path, "read")
                }
            }
            bytes = UnsafeRawBufferPointer(start: memory, count: size)
            isMapped = false
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw SystemCalls.failure(path, "memory-map")
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
        isMapped = true
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        } else {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        }
    }

    /// `count` doubles at `offset`, as an array that views the mapping (no copy) and keeps it alive.
    /// The caller checked bounds, and alignment: sections start at multiples of 64 in a page-aligned map.
    func parameters(at offset: Int, count: Int) -> ParameterArray {
        guard count > 0 else { return .empty }
        let base = (bytes.baseAddress! + offset).bindMemory(to: Double.self, capacity: count)
        return ParameterArray(base: base, count: count, owner: self)
    }
}
