/// A read-only, non-owning view of `count` doubles spaced `stride` elements apart.
///
/// A stride above 1 lets a row of a column-major matrix be passed to BLAS without copying.
/// The view does not keep its memory alive: use it only inside the `withUnsafe…` scope (or the
/// lifetime of the raw buffer) it was created from. Creating one allocates nothing, so the
/// training engine can build views over its scratch buffers in hot loops.
public struct VectorView: RandomAccessCollection {
    public let baseAddress: UnsafePointer<Double>
    public let count: Int
    public let stride: Int

    /// A view of `count` elements starting at `baseAddress`, `stride` elements apart.
    public init(baseAddress: UnsafePointer<Double>, count: Int, stride: Int = 1) {
        precondition(count >= 0, "VectorView: count \(count) is negative")
        precondition(stride >= 1, "VectorView: stride \(stride) must be at least 1")
        self.baseAddress = baseAddress
        self.count = count
        self.stride = stride
    }

    /// A contiguous view of a buffer.
    public init(_ buffer: UnsafeBufferPointer<Double>) {
        self.init(baseAddress: buffer.baseAddress ?? UnsafePointer(emptyStorage()), count: buffer.count)
    }

    /// A read-only view of the same elements, for passing a result on as an input.
    public init(_ view: MutableVectorView) {
        self.init(baseAddress: UnsafePointer(view.baseAddress), count: view.count, stride: view.stride)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(index: Int) -> Double {
        precondition(index >= 0 && index < count, "VectorView: index \(index) out of 0..<\(count)")
        return baseAddress[index * stride]
    }
}

/// A mutable, non-owning view of `count` doubles spaced `stride` elements apart.
///
/// Mutation goes through the pointer, so the setter is `nonmutating`: a `let` view writes into
/// the memory it was created over. The same lifetime rules as ``VectorView`` apply.
public struct MutableVectorView: RandomAccessCollection, MutableCollection {
    public let baseAddress: UnsafeMutablePointer<Double>
    public let count: Int
    public let stride: Int

    /// A view of `count` elements starting at `baseAddress`, `stride` elements apart.
    public init(baseAddress: UnsafeMutablePointer<Double>, count: Int, stride: Int = 1) {
        precondition(count >= 0, "MutableVectorView: count \(count) is negative")
        precondition(stride >= 1, "MutableVectorView: stride \(stride) must be at least 1")
        self.baseAddress = baseAddress
        self.count = count
        self.stride = stride
    }

    /// A contiguous view of a buffer.
    public init(_ buffer: UnsafeMutableBufferPointer<Double>) {
        self.init(baseAddress: buffer.baseAddress ?? emptyStorage(), count: buffer.count)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(index: Int) -> Double {
        get {
            precondition(index >= 0 && index < count, "MutableVectorView: index \(index) out of 0..<\(count)")
            return baseAddress[index * stride]
        }
        nonmutating set {
            precondition(index >= 0 && index < count, "MutableVectorView: index \(index) out of 0..<\(count)")
            baseAddress[index * stride] = newValue
        }
    }
}

extension Array where Element == Double {
    /// Calls `body` with a contiguous read-only view of the array.
    public func withVectorView<R, E: Error>(_ body: (VectorView) throws(E) -> R) throws(E) -> R {
        try withUnsafeBufferPointer { (buffer) throws(E) -> R in try body(VectorView(buffer)) }
    }

    /// Calls `body` with a contiguous mutable view of the array.
    public mutating func withMutableVectorView<R, E: Error>(
        _ body: (MutableVectorView) throws(E) -> R
    ) throws(E) -> R {
        try withUnsafeMutableBufferPointer { (buffer) throws(E) -> R in try body(MutableVectorView(buffer)) }
    }
}

/// A stand-in base address for empty buffers, whose `baseAddress` may be nil.
///
/// Views hold non-optional pointers so hot loops need no unwrapping; with zero elements BLAS
/// and LAPACK never dereference the address, so an aligned non-null dummy is enough.
@inline(__always)
func emptyStorage() -> UnsafeMutablePointer<Double> {
    UnsafeMutablePointer(bitPattern: MemoryLayout<Double>.alignment)!
}
