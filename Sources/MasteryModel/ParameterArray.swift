/// An immutable array of model parameters, either owned or a view into a memory-mapped model
/// file, so that a large model loads without copying.
public struct ParameterArray: Sendable, RandomAccessCollection, Equatable {
    /// Keeps the memory alive: an owned allocation, or the mapped file.
    final class Storage: @unchecked Sendable {
        let base: UnsafePointer<Double>
        let count: Int
        private let owner: AnyObject?
        private let ownsAllocation: Bool

        init(copying values: some Collection<Double>) {
            let pointer = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(values.count, 1))
            _ = UnsafeMutableBufferPointer(start: pointer, count: values.count).initialize(from: values)
            base = UnsafePointer(pointer)
            count = values.count
            owner = nil
            ownsAllocation = true
        }

        /// A view of `count` doubles at `base`, valid while `owner` lives.
        init(base: UnsafePointer<Double>, count: Int, owner: AnyObject) {
            self.base = base
            self.count = count
            self.owner = owner
            ownsAllocation = false
        }

        deinit {
            if ownsAllocation { UnsafeMutablePointer(mutating: base).deallocate() }
        }
    }

    let storage: Storage

    public init(_ values: some Collection<Double>) {
        storage = Storage(copying: values)
    }

    init(base: UnsafePointer<Double>, count: Int, owner: AnyObject) {
        storage = Storage(base: base, count: count, owner: owner)
    }

    public static var empty: ParameterArray { ParameterArray([]) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count }

    @inline(__always)
    public subscript(position: Int) -> Double {
        precondition(position >= 0 && position < storage.count, "parameter \(position) of \(storage.count)")
        return storage.base[position]
    }

    /// The elements' memory, for BLAS calls.
    public var buffer: UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: storage.base, count: storage.count)
    }

    public static func == (lhs: ParameterArray, rhs: ParameterArray) -> Bool {
        lhs.count == rhs.count && (lhs.storage === rhs.storage || lhs.elementsEqual(rhs) { $0.bitPattern == $1.bitPattern })
    }
}

extension ParameterArray.Storage {
    /// The object whose memory this storage views (a mapped model file), nil when it owns its
    /// values; lets tests check that a loaded model really uses the file's pages.
    var viewedOwner: AnyObject? { owner }
}
