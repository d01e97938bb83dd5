import MasteryData

extension MasteryModel {
    /// Loads a `.lotrinh` model into memory of its own: parameter arrays are views into one buffer
    /// holding the file's bytes (no copy per array), kept alive by the arrays themselves. The file
    /// is read once; rewriting it afterwards does not reach the loaded model (``sourceFile`` tells
    /// whether it changed).
    ///
    /// Everything is verified before the model is returned, in this order: the path names a
    /// regular file (a FIFO or device is refused before it can block), the signature (a foreign
    /// file), the format version (a newer Lotrinh), the recorded size (truncation or appended
    /// bytes), the directory's entries against the file's size (so a forged size is refused before
    /// memory is allocated for it), the SHA-256 checksum (corruption), then every directory
    /// entry's alignment and length again on the checked bytes, the metadata JSON, id tables
    /// (valid UTF-8, no duplicates), counts against the metadata (skills × rank …), and that every
    /// parameter is finite and within ±10⁶. Any failure is a ``ModelFileError``; a model is never
    /// returned half read.
    ///
    /// The version is checked before the checksum because a later format may place or compute its
    /// checksum differently; only the signature and version are fixed for every version.
    public static func load(from path: String) throws(ModelFileError) -> MasteryModel {
        let descriptor = try SystemCalls.openForReading(path)
        defer { SystemCalls.closeQuietly(descriptor) }
        let identity = try SystemCalls.identity(descriptor, path: path)
        let size = Int(identity.size)
        // The header and directory first: what they say must account for the file's size before
        // the size is trusted for an allocation (a sparse file with a forged 8 GiB header took 31 s
        // and 8.4 GB to be refused).
        let header = try SystemCalls.readBytes(descriptor, count: min(size, ModelFileLayout.headerSize), at: 0, path: path)
        let place = try header.withUnsafeBytes { raw in
            Result { () throws(ModelFileError) in try ModelFileReader.directoryPlace(header: raw, fileSize: size, path: path) }
        }.get()
        let directory = try SystemCalls.readBytes(descriptor, count: place.length, at: place.offset, path: path)
        _ = try directory.withUnsafeBytes { raw in
            Result { () throws(ModelFileError) in
                try ModelFileReader.directoryEntries(raw, at: place.offset, fileSize: size, path: path)
            }
        }.get()

        let contents = try ModelFileContents(reading: descriptor, size: size, path: path)
        let reader = ModelFileReader(path: path, bytes: contents.bytes)
        let sections = try reader.verifiedSections()
        let metadata = try reader.metadata(sections[.metadata]!)
        let itemIds = try reader.idTable(sections[.itemIds]!)
        let studentIds = try reader.idTable(sections[.studentIds]!)
        let expected = ModelFileLayout.expectedCounts(metadata: metadata, itemCount: itemIds.count,
                                                      studentCount: studentIds.count)
        func parameters(_ name: ModelFileLayout.SectionName) throws(ModelFileError) -> ParameterArray {
            guard let section = sections[name] else {
                // Only an optional section can be absent: an older model's, without its terms.
                guard expected[name] == 0 else {
                    throw .malformed(path: path, section: name.rawValue,
                                     reason: name == .nextAnswerTerms
                                        ? "the section is missing, but the metadata names \(metadata.terms.nextAnswerFeatures.count) next-answer features"
                                        : "the section is missing, but the metadata names \(metadata.terms.activePracticeFeatures.count) practice features")
                }
                return .empty
            }
            try reader.verifyDoubles(section, expectedCount: expected[name]!)
            return contents.parameters(at: section.offset, count: section.count)
        }
        let globalBias = try parameters(.globalBias)[0]
        var model = MasteryModel(metadata: metadata, globalBias: globalBias,
                                 skillBias: try parameters(.skillBias), skillFactors: try parameters(.skillFactors),
                                 gainCorrect: try parameters(.gainCorrect), gainWrong: try parameters(.gainWrong),
                                 practiceWeights: try parameters(.practiceWeights),
                                 nextAnswerWeights: try parameters(.nextAnswerTerms),
                                 itemIds: itemIds, itemBias: try parameters(.itemBias),
                                 studentIds: studentIds, studentBias: try parameters(.studentBias),
                                 studentFactors: try parameters(.studentFactors))
        model.sourceFile = ModelSourceFile(path: path, identity: identity)
        return model
    }
}

/// Checks and decodes the parts of a model file read into memory. Every offset read from the file
/// is bounds-checked before use, in 64-bit arithmetic that cannot overflow.
struct ModelFileReader {
    typealias Layout = ModelFileLayout

    let path: String
    let bytes: UnsafeRawBufferPointer

    private func malformed(_ section: String, _ reason: String) -> ModelFileError {
        .malformed(path: path, section: section, reason: reason)
    }

    /// Far more sections than any version has (version 1 has eleven), so that a forged count
    /// cannot make the loader read a huge directory.
    static let maximumSectionCount = 1024

    // MARK: - Envelope: signature, version, size, directory, checksum

    /// The known sections by name, after the checksum and the envelope checks on the bytes it
    /// covers; unknown sections are bounds-checked and ignored.
    func verifiedSections() throws(ModelFileError) -> [Layout.SectionName: Layout.Section] {
        let size = bytes.count
        let place = try Self.directoryPlace(header: UnsafeRawBufferPointer(rebasing: bytes.prefix(Layout.headerSize)),
                                            fileSize: size, path: path)
        let body = UnsafeRawBufferPointer(rebasing: bytes[..<(size - Layout.checksumSize)])
        guard Digest.sha256(body).elementsEqual(bytes[(size - Layout.checksumSize)...]) else {
            throw .checksumMismatch(path: path)
        }
        // Again on the checksummed bytes: the file may have changed since its directory was first read.
        let directory = try Self.directoryEntries(
            UnsafeRawBufferPointer(rebasing: bytes[place.offset..<(place.offset + place.length)]),
            at: place.offset, fileSize: size, path: path)
        var known: [Layout.SectionName: Layout.Section] = [:]
        for entry in directory {
            guard let name = Layout.SectionName(rawValue: entry.name) else { continue }
            known[name] = entry
        }
        return known
    }

    /// Where the directory is (offset and byte length), from the header (the file's first
    /// `headerSize` bytes, or all of a shorter file) and the file's size: the signature, the
    /// version, the recorded size against the real one, the header's own sizes, and a directory
    /// that ends exactly where the checksum starts.
    static func directoryPlace(header: UnsafeRawBufferPointer, fileSize size: Int,
                               path: String) throws(ModelFileError) -> (offset: Int, length: Int) {
        let signatureBytes = min(size, Layout.magic.count)
        guard header.prefix(signatureBytes).elementsEqual(Layout.magic.prefix(signatureBytes)) else {
            throw .notAModel(path: path)
        }
        guard size >= Layout.headerSize + Layout.checksumSize else {
            throw .truncated(path: path, expectedBytes: Layout.headerSize + Layout.checksumSize, actualBytes: size)
        }
        let version = header.littleEndianUInt32(at: Layout.HeaderField.version)
        guard version == Layout.formatVersion else {
            throw .unsupportedVersion(path: path, found: version, supported: Layout.formatVersion)
        }
        let recordedSize = header.littleEndianUInt64(at: Layout.HeaderField.fileSize)
        if recordedSize > UInt64(size) {
            throw .truncated(path: path, expectedBytes: Int(clamping: recordedSize), actualBytes: size)
        }
        if recordedSize < UInt64(size) {
            throw .malformed(path: path, section: "header",
                             reason: "the file has \(UInt64(size) - recordedSize) bytes after its recorded end "
                                 + "(\(recordedSize) bytes): something was appended")
        }
        let headerSize = header.littleEndianUInt32(at: Layout.HeaderField.headerSize)
        guard headerSize == Layout.headerSize else {
            throw .malformed(path: path, section: "header", reason: "header size \(headerSize), expected \(Layout.headerSize)")
        }
        let entrySize = header.littleEndianUInt32(at: Layout.HeaderField.directoryEntrySize)
        guard entrySize == Layout.directoryEntrySize else {
            throw .malformed(path: path, section: "header",
                             reason: "directory entry size \(entrySize), expected \(Layout.directoryEntrySize)")
        }
        let directoryOffset = header.littleEndianUInt64(at: Layout.HeaderField.directoryOffset)
        let sectionCount = UInt64(header.littleEndianUInt32(at: Layout.HeaderField.sectionCount))
        // sectionCount < 2³², so the product and sum below stay far from overflow once the offset is ≤ size.
        guard directoryOffset % UInt64(Layout.alignment) == 0, directoryOffset >= UInt64(Layout.headerSize),
              directoryOffset <= UInt64(size), sectionCount <= UInt64(maximumSectionCount),
              directoryOffset + sectionCount * UInt64(Layout.directoryEntrySize) + UInt64(Layout.checksumSize) == UInt64(size)
        else {
            throw .malformed(path: path, section: "directory",
                             reason: "offset \(directoryOffset) with \(sectionCount) entries does not end where the "
                                 + "checksum starts (at most \(maximumSectionCount) entries)")
        }
        return (Int(directoryOffset), Int(sectionCount) * Layout.directoryEntrySize)
    }

    /// The directory's entries (`directory` holds its bytes, found at `directoryOffset` of a file of
    /// `size` bytes): each inside the section area, 64-byte aligned, with a length that matches
    /// its kind and count; together they account for the whole section area, with nothing between
    /// them but alignment padding; the known sections are all there, of their kinds, with counts
    /// that agree with each other. So a file whose directory passes is as large as its sections
    /// say, and no larger.
    static func directoryEntries(_ directory: UnsafeRawBufferPointer, at directoryOffset: Int, fileSize size: Int,
                                 path: String) throws(ModelFileError) -> [Layout.Section] {
        func malformed(_ section: String, _ reason: String) -> ModelFileError {
            .malformed(path: path, section: section, reason: reason)
        }
        var entries: [Layout.Section] = []
        var names = Set<String>()
        for position in stride(from: 0, to: directory.count, by: Layout.directoryEntrySize) {
            let entry = try directoryEntry(directory, at: position, filePosition: directoryOffset + position,
                                           sectionArea: UInt64(directoryOffset), path: path)
            guard names.insert(entry.name).inserted else { throw malformed(entry.name, "the section appears twice") }
            entries.append(entry)
        }
        var end = Layout.headerSize
        for entry in entries.sorted(by: { $0.offset < $1.offset }) {
            guard entry.offset >= end else { throw malformed(entry.name, "overlaps the header or another section") }
            guard entry.offset == Layout.alignedUp(end) else {
                throw malformed(entry.name, "starts at \(entry.offset), leaving \(entry.offset - end) unexplained bytes before it")
            }
            end = entry.offset + entry.length
        }
        guard directoryOffset == Layout.alignedUp(end) else {
            throw malformed("directory", "starts at \(directoryOffset), but the sections end at \(end): "
                                + "\(directoryOffset - end) bytes belong to no section")
        }
        var known: [Layout.SectionName: Layout.Section] = [:]
        for entry in entries {
            guard let name = Layout.SectionName(rawValue: entry.name) else { continue }
            guard entry.kind == name.kind.rawValue else {
                throw malformed(entry.name, "kind \(entry.kind), expected \(name.kind.rawValue)")
            }
            known[name] = entry
        }
        for name in Layout.SectionName.allCases where known[name] == nil && !name.isOptional {
            throw malformed(name.rawValue, "the section is missing")
        }
        if let problem = Layout.countsProblem(known.mapValues(\.count)) { throw malformed(problem.section, problem.reason) }
        return entries
    }

    private static func directoryEntry(_ directory: UnsafeRawBufferPointer, at position: Int, filePosition: Int,
                                       sectionArea: UInt64, path: String) throws(ModelFileError) -> Layout.Section {
        let nameBytes = directory[position..<(position + Layout.sectionNameSize)]
        let nameLength = nameBytes.firstIndex(of: 0).map { $0 - position } ?? Layout.sectionNameSize
        guard nameLength > 0, nameBytes.prefix(nameLength).allSatisfy({ (0x21...0x7E).contains($0) }),
              nameBytes.dropFirst(nameLength).allSatisfy({ $0 == 0 })
        else {
            throw .malformed(path: path, section: "directory", reason: "entry at byte \(filePosition) has no valid ASCII name")
        }
        let name = String(decoding: nameBytes.prefix(nameLength), as: UTF8.self)
        let fields = position + Layout.sectionNameSize
        let kind = directory.littleEndianUInt32(at: fields)
        let count = directory.littleEndianUInt64(at: fields + 8)
        let offset = directory.littleEndianUInt64(at: fields + 16)
        let length = directory.littleEndianUInt64(at: fields + 24)
        guard offset % UInt64(Layout.alignment) == 0, offset >= UInt64(Layout.headerSize), offset <= sectionArea,
              length <= sectionArea - offset
        else {
            throw .malformed(path: path, section: name,
                             reason: "offset \(offset) and length \(length) are not inside the section area "
                                 + "\(Layout.headerSize)..<\(sectionArea) at a multiple of \(Layout.alignment)")
        }
        // Bounded by the file size now, so the products below cannot overflow.
        let lengthMatches = switch Layout.SectionKind(rawValue: kind) {
        case .json: count == length
        case .float64: count <= length / 8 && 8 * count == length
        case .strings: count < length / 8 && length >= 8 * (count + 1)
        case nil: true
        }
        guard lengthMatches else {
            throw .malformed(path: path, section: name, reason: "length \(length) does not fit \(count) elements")
        }
        // A known kind's count is now below the length; an unknown kind's is never used, only clamped.
        return Layout.Section(name: name, kind: kind, count: Int(clamping: count), offset: Int(offset), length: Int(length))
    }

    // MARK: - Section contents

    func metadata(_ section: Layout.Section) throws(ModelFileError) -> ModelMetadata {
        let metadata: ModelMetadata
        do {
            metadata = try MetadataJSON.decode(contents(of: section))
        } catch {
            throw malformed(section.name, "the JSON cannot be read as model metadata: \(error)")
        }
        if let problem = Layout.metadataProblem(metadata) { throw malformed(section.name, problem) }
        return metadata
    }

    /// Ids from a `strings` section: offsets from 0, ascending, ending at the section's end, each
    /// string valid UTF-8 and different from every other.
    func idTable(_ section: Layout.Section) throws(ModelFileError) -> IdTable {
        let contents = contents(of: section)
        let offsetsLength = 8 * (section.count + 1)
        let textLength = UInt64(section.length - offsetsLength)
        var table = IdTable()
        var start: UInt64 = 0
        guard contents.littleEndianUInt64(at: 0) == 0 else { throw malformed(section.name, "the first offset is not 0") }
        for index in 0..<section.count {
            let end = contents.littleEndianUInt64(at: 8 * (index + 1))
            guard end >= start, end <= textLength else {
                throw malformed(section.name, "string \(index) ends at \(end), outside \(start)...\(textLength)")
            }
            let text = contents[(offsetsLength + Int(start))..<(offsetsLength + Int(end))]
            guard let id = String(validating: text, as: UTF8.self) else {
                throw malformed(section.name, "string \(index) is not valid UTF-8")
            }
            guard table.intern(id) == index else { throw malformed(section.name, "id \"\(id)\" appears twice") }
            start = end
        }
        guard start == textLength else {
            throw malformed(section.name, "\(textLength - start) bytes after the last string")
        }
        return table
    }

    /// Checks a `float64` section's count against what the metadata calls for, and its values.
    func verifyDoubles(_ section: Layout.Section, expectedCount: Int) throws(ModelFileError) {
        guard section.count == expectedCount else {
            throw malformed(section.name, "\(section.count) values where the metadata and ids call for \(expectedCount)")
        }
        // Sections start at multiples of 64 in a page-aligned buffer, so the doubles are aligned.
        let values = contents(of: section)
        if let index = values.withMemoryRebound(to: Double.self, Layout.firstImplausible) {
            let value = values.load(fromByteOffset: 8 * index, as: Double.self)
            throw malformed(section.name, "value \(index) is \(value), " + (value.isFinite
                ? "beyond ±\(Layout.maximumParameterMagnitude), which no fitted model reaches" : "not a finite number"))
        }
    }

    private func contents(of section: Layout.Section) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[section.offset..<(section.offset + section.length)])
    }
}
