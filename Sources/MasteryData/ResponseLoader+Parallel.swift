import Foundation

/// Reading one responses file on several cores: the file is cut at line breaks into parts, each
/// part is parsed and its ids interned by its own reader on its own thread, and the parts are
/// merged in file order with their ids renumbered, which gives the data one reader would give.
///
/// Only what merges exactly is kept. A part that holds any invalid row, an unknown skill, or a
/// roster or skill-name conflict (whose counts are per row) makes the whole file be read again by
/// one reader, which reports errors and skipped rows with their lines as it always has. So does a
/// cut that fell inside a quoted field: the part before it then ends inside the quotes, which is an
/// error for its reader. Files that are piped, compressed or converted from another encoding are
/// read by one reader, since their bytes cannot be cut before they are read.
extension ResponseLoader {
    /// The rows of `path` parsed in parallel, or nil where the file must be read by one reader.
    static func parseInParallel(path: String, displayName: String?, catalog: SkillCatalog?,
                                options: ResponseLoadOptions) -> (rows: RawRows, report: ResponseLoadReport, file: String)? {
        // The first reader must not read past the first cut before it is told where that is.
        let chunkSize = min(1 << 20, options.minimumPartBytes / 2)
        // Only a regular file is opened here: a pipe (`<(…)`, a FIFO) gives its bytes once, and a
        // reader opened only to find that it cannot be cut would take the header with it.
        var info = stat()
        guard options.threads > 1, path != "-", stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
              let reader = try? CSVReader(path: path, displayName: displayName, limits: options.limits, format: options.format,
                                          chunkSize: chunkSize),
              let size = reader.fileSize.map(Int.init), size >= 2 * options.minimumPartBytes,
              let header = try? CSVHeader(reader: reader, mapping: options.mapping, required: ResponseLoader.requiredColumns,
                                          optional: ResponseLoader.optionalColumns),
              header.has(.correct) != header.has(.score) else { return nil }
        let partCount = min(options.threads, size / options.minimumPartBytes)
        guard let bounds = partBounds(path: path, size: size, parts: partCount), reader.endInput(atOffset: bounds[1]) else { return nil }
        var readers = [reader]
        for part in 1..<partCount {
            guard let partReader = try? CSVReader(partOf: path, displayName: reader.path, part: bounds[part]..<bounds[part + 1],
                                                  delimiter: reader.delimiter, decimalComma: reader.decimalComma,
                                                  limits: options.limits, chunkSize: chunkSize) else { return nil }
            readers.append(partReader)
        }
        var parts = (0..<partCount).map { _ in
            RawRows(header: header, catalog: catalog, maxIdBytes: options.limits.maxIdBytes,
                    decimalComma: reader.decimalComma, timestampUnit: options.format.timestampUnit)
        }
        var clean = [Bool](repeating: false, count: partCount)
        let progress = PartProgress(parts: partCount, fileSize: Int64(size), report: options.progress)
        parts.withUnsafeMutableBufferPointer { parts in
            clean.withUnsafeMutableBufferPointer { clean in
                let shared = UncheckedSendable((readers, parts, clean))
                DispatchQueue.concurrentPerform(iterations: partCount) { part in
                    let (readers, parts, clean) = shared.value
                    // The first part's columns take in the others, so they are sized for the whole file.
                    let expectedBytes = part == 0 ? size : bounds[part + 1] - bounds[part]
                    clean[part] = parse(readers[part], into: &parts[part], expectedBytes: expectedBytes, part: part,
                                        progress: progress, interval: options.progressInterval)
                }
            }
        }
        guard clean.allSatisfy({ $0 }) else { return nil }
        var rows = parts.removeFirst()
        while !parts.isEmpty {
            guard rows.absorb(parts.removeFirst()) else { return nil }
        }
        guard rows.count > 0 else { return nil }
        var report = ResponseLoadReport()
        report.bytesRead = readers.reduce(0) { $0 + $1.bytesConsumed }
        return (rows, report, reader.path)
    }

    /// Offsets where the parts start: the first byte after the first line break at or after each
    /// even share of the file, then the file's size. Nil when two cuts meet (very long lines).
    private static func partBounds(path: String, size: Int, parts: Int) -> [Int]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bounds = [0]
        var block = [UInt8](repeating: 0, count: 1 << 16)
        for part in 1..<parts {
            var offset = size / parts * part
            var cut: Int?
            while cut == nil, offset < size {
                let got = block.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
                guard got > 0 else { return nil }
                if let newline = block[..<got].firstIndex(of: UInt8(ascii: "\n")) { cut = offset + newline + 1 }
                offset += got
            }
            guard let cut, cut > bounds.last!, cut < size else { return nil }
            bounds.append(cut)
        }
        return bounds + [size]
    }

    /// Parses every record of `reader` into `rows`. False at the first row that is not valid.
    private static func parse(_ reader: CSVReader, into rows: inout RawRows, expectedBytes: Int, part: Int,
                              progress: PartProgress, interval: Int) -> Bool {
        var rowsRead = 0
        do throws(InputError) {
            while try reader.nextRecord() {
                try rows.append(reader)
                rowsRead += 1
                if rowsRead == 4096 {
                    // As one reader does: size the columns once from the rows seen so far.
                    rows.reserveCapacity(expecting: Int(Double(expectedBytes) / Double(reader.bytesConsumed) * Double(rowsRead)))
                }
                if rowsRead % interval == 0 { progress.update(part: part, bytes: reader.bytesConsumed) }
            }
        } catch {
            return false
        }
        rows.completeAppends()
        progress.update(part: part, bytes: reader.bytesConsumed)
        return true
    }
}

/// Bytes consumed by each part, summed into one progress report (calls come from every thread).
private final class PartProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [Int64]
    private let fileSize: Int64
    private let report: (@Sendable (Int64, Int64?) -> Void)?

    init(parts: Int, fileSize: Int64, report: (@Sendable (Int64, Int64?) -> Void)?) {
        bytes = Array(repeating: 0, count: parts)
        self.fileSize = fileSize
        self.report = report
    }

    func update(part: Int, bytes consumed: Int64) {
        guard let report else { return }
        lock.lock()
        defer { lock.unlock() }
        bytes[part] = consumed
        report(bytes.reduce(0, +), fileSize)
    }
}

/// Hands values to the threads of `concurrentPerform`, each of which touches only its own part of them.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
