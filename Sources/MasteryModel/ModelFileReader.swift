import MasteryData

extension MasteryModel {
    /// Loads a `.lotrinh` model, memory-mapped: parameter arrays are views into the file's pages
    /// (no copy), kept alive by the arrays themselves.
    ///
    /// Everything is verified before the model is returned, in this order: the signature (a
    /// foreign file), the format version (a newer Lotrinh), the recorded size (truncation or
    /// appended bytes), the SHA-256 checksum (corruption), then every directory entry's bounds,
    /// alignment and length, the metadata JSON, id tables (valid UTF-8, no duplicates), counts
    /// against the metadata (skills × rank …), and that every parameter is finite and within ±10⁶. Any failure is
    /// a ``ModelFileError``; a model is never returned half read.
    ///
    /// The version is checked before the checksum because a later format may place or compute its
    /// checksum differently; only the signature and version are fixed for every version.
    public static func load(from path: String) throws(ModelFileError) -> MasteryModel {
        let mapping = try ModelFileMapping(path: path)
        let reader = ModelFileReader(path: path, bytes: mapping.bytes)
        let sections = try reader.verifiedSections()
        let metadata = try reader.metadata(sections[.metadata]!)
        let itemIds = try reader.idTable(sections[.itemIds]!)
        let studentIds = try reader.idTable(sections[.studentIds]!)
        let expected = ModelFileLayout.expectedCounts(metadata: metadata, itemCount: itemIds.count,
                                                      studentCount: studentIds.count)
        func parameters(_ name: ModelFileLayout.SectionName) throws(ModelFileError) -> ParameterArray {
            let section = sections[name]!
            try reader.verifyDoubles(section, expectedCount: expected[name]!)
            return mapping.parameters(at: section.offset, count: section.count)
        }
        let globalBias = try parameters(.globalBias)[0]
        return MasteryModel(metadata: metadata, globalBias: globalBias,
                            skillBias: try parameters(.skillBias), skillFactors: try parameters(.skillFactors),
                            gainCorrect: try parameters(.gainCorrect), gainWrong: try parameters(.gainWrong),
                            itemIds: itemIds, itemBias: try parameters(.itemBias),
                            studentIds: studentIds, studentBias: try parameters(.studentBias),
                            studentFactors: try parameters(.studentFactors))
    }
}

/// Checks and decodes the parts of a mapped model file. Every offset read from the file is
/// bounds-checked before use, in 64-bit arithmetic that cannot overflow.
struct ModelFileReader {
    typealias Layout = ModelFileLayout

    let path: String
    let bytes: UnsafeRawBufferPointer

    private func malformed(_ section: String, _ reason: String) -> ModelFileError {
        .malformed(path: path, section: section, reason: reason)
    }

    // MARK: - Envelope: signature, version, size, checksum, directory

    /// The known sections by name, after the envelope checks; unknown sections are bounds-checked
    /// and ignored.
    func verifiedSections() throws(ModelFileError) -> [Layout.SectionName: Layout.Section] {
        try verifyHeader()
        let directory = try directoryEntries()
        var known: [Layout.SectionName: Layout.Section] = [:]
        for entry in directory {
            guard let name = Layout.SectionName(rawValue: entry.name) else { continue }
            guard entry.kind == name.kind.rawValue else {
                throw malformed(entry.name, "kind \(entry.kind), expected \(name.kind.rawValue)")
            }
            known[name] = entry
        }
        for name in Layout.SectionName.allCases where known[name] == nil {
            throw malformed(name.rawValue, "the section is missing")
        }
        return known
    }

    private func verifyHeader() throws(ModelFileError) {
        let size = bytes.count
        let signatureBytes = min(size, Layout.magic.count)
        guard bytes.prefix(signatureBytes).elementsEqual(Layout.magic.prefix(signatureBytes)) else {
            throw .notAModel(path: path)
        }
        guard size >= Layout.headerSize + Layout.checksumSize else {
            throw .truncated(path: path, expectedBytes: Layout.headerSize + Layout.checksumSize, actualBytes: size)
        }
        let version = bytes.littleEndianUInt32(at: Layout.HeaderField.version)
        guard version == Layout.formatVersion else {
            throw .unsupportedVersion(path: path, found: version, supported: Layout.formatVersion)
        }
        let recordedSize = bytes.littleEndianUInt64(at: Layout.HeaderField.fileSize)
        if recordedSize > UInt64(size) {
            throw .truncated(path: path, expectedBytes: Int(clamping: recordedSize), actualBytes: size)
        }
        if recordedSize < UInt64(size) {
            throw malformed("header", "the file has \(UInt64(size) - recordedSize) bytes after its recorded end "
                                + "(\(recordedSize) bytes): something was appended")
        }
        let body = UnsafeRawBufferPointer(rebasing: bytes[..<(size - Layout.checksumSize)])
        guard Digest.sha256(body).elementsEqual(bytes[(size - Layout.checksumSize)...]) else {
            throw .checksumMismatch(path: path)
        }
        let headerSize = bytes.littleEndianUInt32(at: Layout.HeaderField.headerSize)
        guard headerSize == Layout.headerSize else {
            throw malformed("header", "header size \(headerSize), expected \(Layout.headerSize)")
        }
        let entrySize = bytes.littleEndianUInt32(at: Layout.HeaderField.directoryEntrySize)
        guard entrySize == Layout.directoryEntrySize else {
            throw malformed("header", "directory entry size \(entrySize), expected \(Layout.directoryEntrySize)")
        }
    }

    /// The directory, each entry inside the section area, 64-byte aligned, not overlapping another,
    /// and with a length that matches its kind and count.
    private func directoryEntries() throws(ModelFileError) -> [Layout.Section] {
        let size = UInt64(bytes.count)
        let directoryOffset = bytes.littleEndianUInt64(at: Layout.HeaderField.directoryOffset)
        let sectionCount = UInt64(bytes.littleEndianUInt32(at: Layout.HeaderField.sectionCount))
        // sectionCount < 2³², so the product and sum below stay far from overflow once the offset is ≤ size.
        guard directoryOffset % UInt64(Layout.alignment) == 0, directoryOffset >= UInt64(Layout.headerSize),
              directoryOffset <= size,
              directoryOffset + sectionCount * UInt64(Layout.directoryEntrySize) + UInt64(Layout.checksumSize) == size
        else {
            throw malformed("directory", "offset \(directoryOffset) with \(sectionCount) entries does not end "
                                + "where the checksum starts")
        }
        var entries: [Layout.Section] = []
        var names = Set<String>()
        for index in 0..<Int(sectionCount) {
            let entry = try directoryEntry(at: Int(directoryOffset) + index * Layout.directoryEntrySize,
                                           sectionArea: directoryOffset)
            guard names.insert(entry.name).inserted else { throw malformed(entry.name, "the section appears twice") }
            entries.append(entry)
        }
        var end = Layout.headerSize
        for entry in entries.sorted(by: { $0.offset < $1.offset }) {
            guard entry.offset >= end else { throw malformed(entry.name, "overlaps the header or another section") }
            end = entry.offset + entry.length
        }
        return entries
    }

    private func directoryEntry(at position: Int, sectionArea: UInt64) throws(ModelFileError) -> Layout.Section {
        let nameBytes = bytes[position..<(position + Layout.sectionNameSize)]
        let nameLength = nameBytes.firstIndex(of: 0).map { $0 - position } ?? Layout.sectionNameSize
        guard nameLength > 0, nameBytes.prefix(nameLength).allSatisfy({ (0x21...0x7E).contains($0) }),
              nameBytes.dropFirst(nameLength).allSatisfy({ $0 == 0 })
        else {
            throw malformed("directory", "entry at byte \(position) has no valid ASCII name")
        }
        let name = String(decoding: nameBytes.prefix(nameLength), as: UTF8.self)
        let fields = position + Layout.sectionNameSize
        let kind = bytes.littleEndianUInt32(at: fields)
        let count = bytes.littleEndianUInt64(at: fields + 8)
        let offset = bytes.littleEndianUInt64(at: fields + 16)
        let length = bytes.littleEndianUInt64(at: fields + 24)
        guard offset % UInt64(Layout.alignment) == 0, offset >= UInt64(Layout.headerSize), offset <= sectionArea,
              length <= sectionArea - offset
        else {
            throw malformed(name, "offset \(offset) and length \(length) are not inside the section area "
                                + "\(Layout.headerSize)..<\(sectionArea) at a multiple of \(Layout.alignment)")
        }
        // Bounded by the file size now, so the products below cannot overflow.
        let lengthMatches = switch Layout.SectionKind(rawValue: kind) {
        case .json: count == length
        case .float64: count <= length / 8 && 8 * count == length
        case .strings: count < length / 8 && length >= 8 * (count + 1)
        case nil: true
        }
        guard lengthMatches else { throw malformed(name, "length \(length) does not fit \(count) elements") }
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
        // Sections start at multiples of 64 in a page-aligned mapping, so the doubles are aligned.
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
