#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure to open, write or close a CSV file. It always names the file, so a full disk
/// or a missing permission in the middle of a 30-million-row export is never anonymous.
public struct CSVWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Operation: String, Sendable {
        case open, write, close
    }

    public let path: String
    public let operation: Operation
    /// The POSIX `errno` the system reported.
    public let code: Int32

    public init(path: String, operation: Operation, code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    public var description: String {
        "cannot \(operation.rawValue) CSV file \(path): \(String(cString: strerror(code))) (errno \(code))"
    }
}

/// Buffered, streaming writer of RFC 4180 CSV (UTF-8).
///
/// Fields are quoted only when they must be (they contain a comma, a double quote, CR or LF);
/// quotes inside are doubled. Rows end with LF by default (`.crlf` on request).
///
/// Two ways to write a row:
/// - `writeRow(_:)` for convenience;
/// - `write(field:)` … `endRow()` for hot loops: integers are formatted straight into the
///   buffer and strings are copied from their UTF-8 storage, so writing a row allocates nothing.
///
/// Call `close()` to flush and learn about any write error; a writer dropped without `close()`
/// releases its file descriptor but discards buffered bytes.
public final class CSVWriter {
    public enum LineEnding: Sendable {
        case lf, crlf
    }

    public let path: String
    private let lineEnding: LineEnding
    private var descriptor: Int32
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var used = 0
    private var fieldsInRow = 0
    /// A row whose only field is empty would print as a blank line, which readers skip;
    /// such a row gets an explicit `""` when it ends.
    private var rowIsOneEmptyField = false

    /// Integers need at most 20 bytes (`-9223372036854775808`) plus a separator.
    private static let maximumIntegerBytes = 21

    /// Creates (or truncates) the file at `path`.
    public convenience init(path: String, bufferSize: Int = 1 << 20, lineEnding: LineEnding = .lf) throws(CSVWriteError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CSVWriteError(path: path, operation: .open, code: errno)
        }
        self.init(descriptor: descriptor, path: path, bufferSize: bufferSize, lineEnding: lineEnding)
    }

    /// Writes to `descriptor`, already open for writing, which the writer then owns: `close()`
    /// (or dropping the writer) closes it. `path` names the file in errors.
    public init(descriptor: Int32, path: String, bufferSize: Int = 1 << 20, lineEnding: LineEnding = .lf) {
        self.path = path
        self.lineEnding = lineEnding
        self.descriptor = descriptor
        // Room for at least one integer field and a line ending, whatever the caller asked for.
        self.capacity = max(bufferSize, 64)
        self.buffer = .allocate(capacity: capacity)
    }

    deinit {
        if descriptor >= 0 {
            _ = systemClose(descriptor)
        }
        buffer.deallocate()
    }

    // MARK: - Rows

    /// Writes one complete row.
    public func writeRow(_ fields: [String]) throws(CSVWriteError) {
        for field in fields {
            try write(field: field)
        }
        try endRow()
    }

    /// Ends the current row.
    public func endRow() throws(CSVWriteError) {
        try reserve(4)
        if rowIsOneEmptyField && fieldsInRow == 1 {
            append(UInt8(ascii: "\""))
            append(UInt8(ascii: "\""))
        }
        if lineEnding == .crlf {
            append(UInt8(ascii: "\r"))
        }
        append(UInt8(ascii: "\n"))
        fieldsInRow = 0
        rowIsOneEmptyField = false
    }

    // MARK: - Fields

    /// Appends an integer field without allocating.
    public func write(field value: Int) throws(CSVWriteError) {
        try reserve(Self.maximumIntegerBytes)
        appendSeparatorIfNeeded(fieldIsEmpty: false)
        // Work on the magnitude as UInt so Int.min has no special case.
        var magnitude = value.magnitude
        if value < 0 {
            append(UInt8(ascii: "-"))
        }
        var digits = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        var position = used + digits
        used = position
        repeat {
            position -= 1
            buffer[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
    }

    /// Appends a text field, quoting it only if it contains a comma, a quote, CR or LF.
    /// Copies straight from the string's UTF-8 storage (no allocation for native strings).
    public func write(field value: String) throws(CSVWriteError) {
        var value = value
        value.makeContiguousUTF8()
        let byteCount = value.utf8.count
        // Worst case: every byte is a doubled quote, plus the two enclosing quotes and a separator.
        let worstCase = 2 * byteCount + 3
        if worstCase > capacity {
            try writeOversizedField(Array(value.utf8))
            return
        }
        try reserve(worstCase)
        appendSeparatorIfNeeded(fieldIsEmpty: byteCount == 0)
        let copied: Void? = value.utf8.withContiguousStorageIfAvailable { appendEscaped($0) }
        assert(copied != nil, "makeContiguousUTF8() guarantees contiguous storage")
    }

    /// Appends a floating-point field in Swift's shortest round-trip form (`0.1`, `1e-05`).
    /// Formatting allocates; meant for small files such as ground truth, not hot loops.
    public func write(field value: Double) throws(CSVWriteError) {
        try write(field: value.description)
    }

    // MARK: - Finishing

    /// Writes buffered bytes to the file.
    public func flush() throws(CSVWriteError) {
        precondition(descriptor >= 0, "CSVWriter used after close()")
        let pending = used
        used = 0
        var offset = 0
        while offset < pending {
            let written = systemWrite(descriptor, buffer + offset, pending - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw CSVWriteError(path: path, operation: .write, code: errno)
            }
            offset += written
        }
    }

    /// Flushes and closes the file. Calling it again does nothing.
    public func close() throws(CSVWriteError) {
        guard descriptor >= 0 else { return }
        let closing = descriptor
        var flushError: CSVWriteError?
        do {
            try flush()
        } catch {
            flushError = error
        }
        descriptor = -1
        let closeFailed = systemClose(closing) != 0
        let closeCode = errno
        if let flushError {
            throw flushError
        }
        if closeFailed {
            throw CSVWriteError(path: path, operation: .close, code: closeCode)
        }
    }

    // MARK: - Buffer internals

    @inline(__always)
    private func reserve(_ bytes: Int) throws(CSVWriteError) {
        if used + bytes > capacity {
            try flush()
        }
    }

    @inline(__always)
    private func append(_ byte: UInt8) {
        buffer[used] = byte
        used += 1
    }

    @inline(__always)
    private func appendSeparatorIfNeeded(fieldIsEmpty: Bool) {
        if fieldsInRow > 0 {
            append(UInt8(ascii: ","))
        }
        rowIsOneEmptyField = fieldsInRow == 0 && fieldIsEmpty
        fieldsInRow += 1
    }

    /// Copies `bytes` into the buffer, quoted if needed; the caller reserved `2 * count + 2` bytes.
    private func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard Self.needsQuoting(bytes) else {
            if let base = bytes.baseAddress {
                (buffer + used).update(from: base, count: bytes.count)
                used += bytes.count
            }
            return
        }
        append(UInt8(ascii: "\""))
        for byte in bytes {
            if byte == UInt8(ascii: "\"") {
                append(byte)
            }
            append(byte)
        }
        append(UInt8(ascii: "\""))
    }

    private static func needsQuoting(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.contains { byte in
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"")
                || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
        }
    }

    /// A field bigger than the buffer streams through it byte by byte; rare, so simplicity wins.
    private func writeOversizedField(_ bytes: [UInt8]) throws(CSVWriteError) {
        let quoted = bytes.withUnsafeBufferPointer { Self.needsQuoting($0) }
        try reserve(2)
        appendSeparatorIfNeeded(fieldIsEmpty: false)
        if quoted { append(UInt8(ascii: "\"")) }
        for byte in bytes {
            try reserve(3)
            if quoted && byte == UInt8(ascii: "\"") { append(byte) }
            append(byte)
        }
        if quoted {
            try reserve(1)
            append(UInt8(ascii: "\""))
        }
    }
}

// The class has methods named `write` and `close`; these reach the C functions unambiguously.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

private func systemClose(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}
