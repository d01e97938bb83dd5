#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A model file's bytes, read into memory of their own. Loaded parameter arrays are views into
/// them and keep them alive; the memory goes when the last view goes.
///
/// Never mapped: a model loaded by a service stays what it was when loaded and verified, even when
/// someone copies a new model over its file in place (`cp`, `scp`, a truncation), which with a
/// mapping killed the service by SIGBUS or fed it half-written pages. Deploy a new model by
/// writing a new file and renaming it over the old one (see RELIABILITY.md), then reload.
final class ModelFileContents: @unchecked Sendable {
    /// The whole file; empty (with no memory) for an empty file.
    let bytes: UnsafeRawBufferPointer

    /// Reads `size` bytes of the open file `descriptor` in one pass. The caller has checked the
    /// header and directory against `size` first, so a forged size never reaches the allocation.
    init(reading descriptor: Int32, size: Int, path: String) throws(ModelFileError) {
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        // Page-aligned, so the sections' 64-byte alignment holds for the doubles viewed in place.
        let memory = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
        do throws(ModelFileError) {
            try SystemCalls.readExactly(descriptor, into: UnsafeMutableRawBufferPointer(start: memory, count: size),
                                        at: 0, path: path)
        } catch {
            memory.deallocate()
            throw error
        }
        bytes = UnsafeRawBufferPointer(start: memory, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { UnsafeMutableRawPointer(mutating: base).deallocate() }
    }

    /// `count` doubles at `offset`, as an array that views these bytes (no copy) and keeps them
    /// alive. The caller checked bounds, and alignment: sections start at multiples of 64 in a
    /// page-aligned buffer.
    func parameters(at offset: Int, count: Int) -> ParameterArray {
        guard count > 0 else { return .empty }
        let base = (bytes.baseAddress! + offset).bindMemory(to: Double.self, capacity: count)
        return ParameterArray(base: base, count: count, owner: self)
    }
}
