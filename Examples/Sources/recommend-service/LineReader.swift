#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from a file descriptor as they arrive, in bounded memory: a line is returned as
/// soon as its end is read (not at the end of input), and a line longer than
/// ``maximumLineBytes`` is skipped as it streams by, reported only by its length.
struct LineReader {
    /// The longest request line kept (1 MiB: a student's answers of several years).
    static let maximumLineBytes = 1 << 20

    enum Line {
        case complete([UInt8])
        case tooLong(Int)
    }

    private let fileDescriptor: Int32
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var start = 0
    private var end = 0
    private var atEndOfInput = false
    /// A CR ended the previous line: an LF right after it belongs to it (CRLF).
    private var pendingCarriageReturn = false

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    mutating func nextLine() -> Line? {
        var line: [UInt8] = []
        var length = 0
        var sawAnything = false
        while true {
            if start == end {
                guard refill() else {
                    // The last line may lack its end of line.
                    guard sawAnything else { return nil }
                    return length > Self.maximumLineBytes ? .tooLong(length) : .complete(line)
                }
            }
            if pendingCarriageReturn {
                pendingCarriageReturn = false
                if buffer[start] == 0x0A {
                    start += 1
                    continue
                }
            }
            sawAnything = true
            let byte = buffer[start]
            start += 1
            if byte == 0x0A || byte == 0x0D {
                pendingCarriageReturn = byte == 0x0D
                return length > Self.maximumLineBytes ? .tooLong(length) : .complete(line)
            }
            length += 1
            if length <= Self.maximumLineBytes { line.append(byte) } else if !line.isEmpty { line = [] }
        }
    }

    /// Reads whatever is available (blocking until something is, or the input ends).
    private mutating func refill() -> Bool {
        guard !atEndOfInput else { return false }
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                start = 0
                end = count
                return true
            }
            if count < 0 && errno == EINTR { continue }
            atEndOfInput = true
            return false
        }
    }
}
