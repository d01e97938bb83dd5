import FuzzSupport
import MasteryData

// The CSV reader against itself: the same bytes read through a tiny buffer (refilled and grown
// every few bytes, so records, quotes, CR LF pairs and the BOM straddle refills) and through one
// big buffer must give the same records, fields, line numbers and errors. The first input byte
// picks the tiny buffer's size (1…16 bytes, low four bits) and the encoding the file is read in
// (UTF-8, Windows-1258 or UTF-16, so converted characters straddle refills too); the rest is the file.

private let scratch = ScratchFile("chunks.csv")

/// Every record (line and fields) up to the end or the first error.
private func records(chunkSize: Int, format: InputFormat) -> (records: [(Int, [[UInt8]])], error: InputError?) {
    var records: [(Int, [[UInt8]])] = []
    do {
        let reader = try CSVReader(path: scratch.path, limits: smallLimits, format: format, chunkSize: chunkSize)
        while try reader.nextRecord() {
            records.append((reader.line, (0..<reader.fieldCount).map { [UInt8](reader.field($0)) }))
        }
        return (records, nil)
    } catch {
        return (records, error)
    }
}

func fuzzCSVChunks(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = inputBytes(data, size)
    guard let first = input.first else { return 0 }
    scratch.write(UnsafeRawBufferPointer(rebasing: input.dropFirst()))
    let encodings: [TextEncoding?] = [nil, .windows1258, .utf16]
    let format = InputFormat(encoding: encodings[Int(first >> 4) % encodings.count])
    let small = records(chunkSize: Int(first % 16) + 1, format: format)
    let large = records(chunkSize: 1 << 16, format: format)
    require(small.error == large.error, "errors differ: \(String(describing: small.error)) vs \(String(describing: large.error))")
    require(small.records.count == large.records.count, "\(small.records.count) vs \(large.records.count) records")
    for (a, b) in zip(small.records, large.records) {
        require(a.0 == b.0 && a.1 == b.1, "record on line \(a.0)/\(b.0) differs between buffer sizes")
    }
    return 0
}
