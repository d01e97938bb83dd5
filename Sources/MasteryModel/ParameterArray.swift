/// An immutable array of model parameters, either owned or a view into the bytes of a loaded model
/// file, so that loading a model copies each array no more than the one read of its file.
public struct ParameterArray: Sendable, RandomAccessCollection, Equatable {
    /// Keeps the memory alive: an owned allocation, or the loaded file's bytes.
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

    /// An array that owns a copy of `values`.
    public init(_ values: some Collection<Double>) {
        storage = Storage(copying: values)
    }

    init(base: UnsafePointer<Double>, count: Int, owner: AnyObject) {
        storage = Storage(base: base, count: count, owner: owner)
    }

    /// An owned array of no parameters, for a term or rows the model lacks.
    public static var empty: ParameterArray { ParameterArray([]) }

    /// Always 0: indices are parameter positions.
    public var startIndex: Int { 0 }
    /// The number of parameters.
    public var endIndex: Int { storage.count }

    /// The parameter at `position`; traps when `position` is out of range, in release builds too.
    @inline(__always)
    public subscript(position: Int) -> Double {
        precondition(position >= 0 && position < storage.count, "parameter \(position) of \(storage.count)")
        return storage.base[position]
    }

    /// The elements' memory, for BLAS calls.
    package var buffer: UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: storage.base, count: storage.count)
    }

    /// Whether both hold the same values bit for bit (a NaN equals itself, 0 and −0 differ), owned
    /// or viewing a loaded file alike.
    public static func == (lhs: ParameterArray, rhs: ParameterArray) -> Bool {
        lhs.count == rhs.count && (lhs.storage === rhs.storage || lhs.elementsEqual(rhs) { $0.bitPattern == $1.bitPattern })
    }
}

extension ParameterArray.Storage {
    /// The object whose memory this storage views (a loaded model file's bytes), nil when it owns
    /// its values; lets tests check that a loaded model really views the bytes read.
    var viewedOwner: AnyObject? { owner }
}
