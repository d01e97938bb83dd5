#if canImport(Glibc)
import Glibc
#endif

/// Large columns backed by 2 MB pages where the kernel offers them (Linux transparent huge pages
/// in `madvise` mode, the usual default).
///
/// An import writes a few hundred megabytes of fresh columns and indexes; with 4 KB pages the
/// kernel took a fault for each page, a sixth of a two-thread import's time (perf: page faults,
/// memory-cgroup charging, list updates). A 2 MB page is one fault. Only whole 2 MB pages of the
/// range are advised, so no byte outside it is made resident early.
///
/// A fit's student factors (128 MB for 500,000 students at rank 32) are read at random by the
/// skill pass; with 4 KB pages nearly every read missed the TLB, and the prefetch of the next
/// students' factors waited for page walks (`perf annotate`: 15 % of the skill pass's own time).
package enum HugePages {
    /// Smaller ranges are not worth a system call.
    static let minimumBytes = 4 << 20

    /// Advises the kernel that the first `elements` of `array`'s storage (at most its capacity)
    /// will be written soon.
    static func advise<Element>(_ array: inout [Element], elements: Int) {
        let bytes = min(elements, array.capacity) * MemoryLayout<Element>.stride
        guard bytes >= minimumBytes else { return }
        array.withUnsafeMutableBufferPointer { buffer in
            if let start = buffer.baseAddress { advise(UnsafeMutableRawPointer(start), byteCount: bytes) }
        }
    }

    /// Returns to the kernel the pages of `array`'s storage past its last element. A 2 MB page is
    /// resident whole once any byte of it is written, so the one that holds the last rows also
    /// holds up to 2 MB of capacity never written; this gives that back (the bytes past `count`
    /// are uninitialized storage, read by nothing).
    static func releaseSpareCapacity<Element>(of array: [Element]) {
        #if os(Linux)
        let stride = MemoryLayout<Element>.stride
        guard array.capacity * stride >= minimumBytes else { return }
        array.withUnsafeBufferPointer { buffer in
            guard let start = buffer.baseAddress else { return }
            let page = 4096
            let begin = (Int(bitPattern: start) + array.count * stride + page - 1) & ~(page - 1)
            let end = (Int(bitPattern: start) + array.capacity * stride) & ~(page - 1)
            guard end > begin else { return }
            _ = madvise(UnsafeMutableRawPointer(bitPattern: begin), end - begin, MADV_DONTNEED)
        }
        #endif
    }

    /// An array of `count` values made by `value(index)` in index order, its storage advised for
    /// 2 MB pages before the first write.
    package static func array<Element>(count: Int, _ value: (Int) -> Element) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let start = buffer.baseAddress {
                advise(UnsafeMutableRawPointer(start), byteCount: count * MemoryLayout<Element>.stride)
            }
            for index in 0..<count { (buffer.baseAddress! + index).initialize(to: value(index)) }
            initialized = count
        }
    }

    /// Uninitialized storage for `count` values, advised for 2 MB pages before the first write;
    /// the caller deallocates it.
    package static func allocate<Element>(_ count: Int) -> UnsafeMutablePointer<Element> {
        let storage = UnsafeMutablePointer<Element>.allocate(capacity: count)
        advise(UnsafeMutableRawPointer(storage), byteCount: count * MemoryLayout<Element>.stride)
        return storage
    }

    /// Advises the kernel that the `byteCount` bytes at `start` will be written soon.
    package static func advise(_ start: UnsafeMutableRawPointer, byteCount: Int) {
        #if os(Linux)
        guard byteCount >= minimumBytes else { return }
        // Whole 2 MB pages only: a partly covered one would become resident beyond the range.
        let hugePage = 2 << 20
        let begin = (Int(bitPattern: start) + hugePage - 1) & ~(hugePage - 1)
        let end = (Int(bitPattern: start) + byteCount) & ~(hugePage - 1)
        guard end > begin else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: begin), end - begin, MADV_HUGEPAGE)
        #endif
    }
}
