import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a CSV file's bytes come from: its descriptor, through zlib when the file is
/// gzip-compressed (recognised by its first bytes, whatever its name).
struct RawInput {
    let descriptor: Int32
    let path: String
    var inflater: GzipInflater?
    /// Bytes left before the end of the part of a plain file this input reads (nil: to the end of
    /// the file), so that a part of a file read in parallel ends like a file.
    var remaining: Int?

    /// Reads up to `count` bytes into `buffer`; 0 only at the end of the (inflated) file or part.
    /// `line` is the line being read, for errors of the file itself.
    mutating func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int, line: Int) throws(InputError) -> Int {
        if let inflater { return try inflater.read(into: buffer, count: count, line: line) }
        guard let remaining else { return try Self.readFile(descriptor, into: buffer, count: count, path: path, line: line) }
        let got = try Self.readFile(descriptor, into: buffer, count: min(count, remaining), path: path, line: line)
        self.remaining = remaining - got
        return got
    }

    static func readFile(_ descriptor: Int32, into buffer: UnsafeMutablePointer<UInt8>, count: Int, path: String,
                         line: Int) throws(InputError) -> Int {
        while true {
            let got = systemRead(descriptor, buffer, count)
            if got >= 0 { return got }
            if errno != EINTR {
                throw InputError(file: path, line: line, reason: .unreadable,
                                 expected: "a readable file (\(String(cString: strerror(errno))))")
            }
        }
    }

    /// Whether `bytes` start like a gzip file (RFC 1952: 1F 8B, then deflate, method 8).
    static func isGzip(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 3 && bytes[0] == 0x1F && bytes[1] == 0x8B && bytes[2] == 8
    }
}

// `RawInput.read` shadows the C function inside the struct; this reaches it on every platform.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// Inflates a gzip file as it is read, so that a `.csv.gz` export is read without unpacking it
/// first. Files of several members (`cat a.gz b.gz`) are read through; damaged compressed data or
/// a file that ends inside a member is an error naming the file and the line reached.
final class GzipInflater {
    private var stream = z_stream()
    private let descriptor: Int32
    private let path: String
    private let input: UnsafeMutablePointer<UInt8>
    private let inputCapacity: Int
    private var inputAtEnd: Bool
    /// True between the end of one member and the start of the next (or the end of the file).
    private var memberEnded = false
    /// Text inflated so far, to say where damaged data starts (lines are counted only later, as
    /// the buffer is scanned).
    private var inflatedBytes = 0

    /// Starts inflating the file open at `descriptor`, whose first bytes, `prefix`, were already
    /// read (`atEnd` when nothing follows them).
    init(descriptor: Int32, path: String, prefix: UnsafeBufferPointer<UInt8>, atEnd: Bool) throws(InputError) {
        self.descriptor = descriptor
        self.path = path
        inputCapacity = max(1 << 16, prefix.count)
        input = .allocate(capacity: inputCapacity)
        input.update(from: prefix.baseAddress!, count: prefix.count)
        inputAtEnd = atEnd
        // 15 + 16: the largest window, and a gzip header and trailer (checked: CRC-32 and length).
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            input.deallocate()
            throw InputError(file: path, reason: .unreadable, expected: "memory to inflate the gzip file")
        }
        stream.next_in = input
        stream.avail_in = UInt32(prefix.count)
    }

    func release() {
        inflateEnd(&stream)
        input.deallocate()
    }

    /// Inflates up to `count` bytes into `buffer`; 0 only at the end of the last member.
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int, line: Int) throws(InputError) -> Int {
        stream.next_out = buffer
        stream.avail_out = UInt32(count)
        while Int(stream.avail_out) == count {
            if stream.avail_in == 0 && !inputAtEnd {
                let got = try RawInput.readFile(descriptor, into: input, count: inputCapacity, path: path, line: line)
                if got == 0 { inputAtEnd = true }
                stream.next_in = input
                stream.avail_in = UInt32(got)
            }
            if stream.avail_in == 0 && inputAtEnd {
                if memberEnded { return 0 }
                throw InputError(file: path, reason: .unreadable,
                                 expected: "a complete gzip file: it ends inside its compressed data, after \(inflatedBytes + count - Int(stream.avail_out)) "
                                     + "bytes of text (an interrupted copy or download?)")
            }
            if memberEnded {
                inflateReset(&stream)
                memberEnded = false
            }
            switch inflate(&stream, Z_NO_FLUSH) {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                memberEnded = true
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "invalid data"
                throw InputError(file: path, reason: .unreadable,
                                 expected: "gzip data that inflates (zlib: \(reason), after \(inflatedBytes + count - Int(stream.avail_out)) "
                                     + "bytes of text): the .gz file is damaged; copy or export it again")
            }
        }
        inflatedBytes += count - Int(stream.avail_out)
        return count - Int(stream.avail_out)
    }
}
