#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A model file mapped read-only into memory. Loaded parameter arrays are views into it and keep
/// it alive; the pages are unmapped when the last view goes.
///
/// The mapping is private and read-only, and models are replaced by rename (never rewritten in
/// place), so the bytes a model sees never change under it. Truncating a mapped file in place
/// (which Lotrinh never does) would make reads fault, as with any memory-mapped file.
final class ModelFileMapping: @unchecked Sendable {
    /// The whole file; empty (with no mapping) for an empty file.
    let bytes: UnsafeRawBufferPointer

    /// Maps the file at `path`, read-only.
    init(path: String) throws(ModelFileError) {
        let descriptor = try SystemCalls.openForReading(path)
        defer { SystemCalls.closeQuietly(descriptor) }
        let size = try SystemCalls.fileSize(descriptor, path: path)
        // mmap refuses a zero length; an empty file is reported as truncated by the reader.
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw SystemCalls.failure(path, "memory-map")
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit {
        if let base = bytes.baseAddress {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
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
