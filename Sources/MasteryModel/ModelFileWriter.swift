#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MasteryData

extension MasteryModel {
    /// Writes the model to `path` in the `.lotrinh` format (see ``ModelFileLayout``), atomically:
    /// the bytes go to a temporary file beside the target (`.NAME.tmp-PID-RANDOM`), which is
    /// flushed to disk and then renamed over `path`, and the directory is flushed so the rename
    /// survives a power cut. On any failure the temporary file is removed and `path` is untouched:
    /// readers see the old model or the new one, never half of one.
    ///
    /// If only the final directory flush fails, the error is thrown although the new model is
    /// already in place: its rename may not survive a power cut.
    ///
    /// A new file is created 0600 when the model holds student rows (0644 otherwise); a file
    /// replaced keeps its mode and, where the writer may set it, its owner.
    ///
    /// To write a model for services without any student, call `withoutStudents().write(to:)`.
    public func write(to path: String) throws(ModelFileError) {
        let sections = try plannedSections(path: path)
        try SystemCalls.checkReplaceable(path)
        // Student rows are personal data: readable by the owner only unless the file replaced said otherwise.
        try Self.replaceFile(path, defaultMode: hasStudents ? 0o600 : 0o644, durable: true) { (descriptor) throws(ModelFileError) in
            try ModelFileWriter.write(sections, to: ModelFileSink(descriptor: descriptor, path: path))
        }
    }

    /// Writes `path` through a temporary file beside it (`.NAME.tmp-PID-RANDOM`, created
    /// exclusively, registered for removal on interrupt), given the mode and owner of the file it
    /// replaces (else `defaultMode`), then renamed over `path`: a symlink there is replaced, not
    /// followed. With `durable`, the file is flushed before the rename and the folder after it.
    /// Stale temporary files of the same name are removed first; on any failure the temporary
    /// file is removed and `path` is untouched.
    static func replaceFile(_ path: String, defaultMode: mode_t, durable: Bool,
                            write: (Int32) throws(ModelFileError) -> Void) throws(ModelFileError) {
        let (directory, name) = splitPath(path)
        TemporaryFiles.removeStale(directory: directory, name: name)
        let temporaryPath = "\(directory)/.\(name).tmp-\(SystemCalls.processIdentifier)-"
            + String(UInt32.random(in: .min ... .max), radix: 16)
        // Registered before it exists, so an interrupt between its creation and the registration
        // cannot leave it behind (unlinking a path not yet created does nothing).
        let slot = TemporaryFiles.register(temporaryPath)
        defer { TemporaryFiles.unregister(slot) }
        let descriptor = try SystemCalls.createExclusive(temporaryPath, for: path)
        do throws(ModelFileError) {
            try SystemCalls.applyAttributes(descriptor, replacing: path, defaultMode: defaultMode, for: path)
            try write(descriptor)
            if durable { try SystemCalls.synchronize(descriptor, path: path) }
        } catch {
            SystemCalls.closeQuietly(descriptor)
            SystemCalls.removeQuietly(temporaryPath)
            throw error
        }
        do throws(ModelFileError) {
            try SystemCalls.close(descriptor, path: path)
            try SystemCalls.rename(temporaryPath, over: path)
        } catch {
            SystemCalls.removeQuietly(temporaryPath)
            throw error
        }
        if durable { try SystemCalls.synchronizeDirectory(directory) }
    }

    /// The directory part ("." when there is none) and the file name of `path`.
    static func splitPath(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// The eleven sections of version 1 in file order, after checking that the model can be read back.
    private func plannedSections(path: String) throws(ModelFileError) -> [ModelFileWriter.PlannedSection] {
        if let problem = ModelFileLayout.metadataProblem(metadata) {
            throw .invalidModel(path: path, section: "metadata", reason: problem)
        }
        let arrays: [ModelFileLayout.SectionName: ParameterArray] = [
            .globalBias: ParameterArray([globalBias]),
            .skillBias: skillBias, .skillFactors: skillFactors, .gainCorrect: gainCorrect, .gainWrong: gainWrong,
            .practiceWeights: practiceWeights, .nextAnswerTerms: nextAnswerWeights,
            .itemBias: itemBias, .studentBias: studentBias, .studentFactors: studentFactors,
        ]
        let expected = ModelFileLayout.expectedCounts(metadata: metadata, itemCount: itemIds.count,
                                                      studentCount: studentIds.count)
        for (name, array) in arrays {
            guard array.count == expected[name] else {
                throw .invalidModel(path: path, section: name.rawValue,
                                    reason: "\(array.count) values where the metadata and ids call for \(expected[name]!)")
            }
            if let index = ModelFileLayout.firstImplausible(array.buffer) {
                throw .invalidModel(path: path, section: name.rawValue,
                                    reason: "value \(index) is \(array[index]); training must have diverged")
            }
        }
        let metadataJSON: [UInt8]
        do {
            metadataJSON = try MetadataJSON.encode(metadata)
        } catch {
            throw .invalidModel(path: path, section: "metadata", reason: "cannot be encoded as JSON: \(error)")
        }
        // A model without further practice features is written exactly as before they existed.
        let names = ModelFileLayout.SectionName.allCases.filter { !$0.isOptional || arrays[$0]!.count > 0 }
        return names.map { name in
            switch name {
            case .metadata: .init(name: name, count: metadataJSON.count, payload: .bytes(metadataJSON))
            case .itemIds: .init(name: name, count: itemIds.count, payload: .bytes(ModelFileWriter.stringTable(itemIds)))
            case .studentIds:
                .init(name: name, count: studentIds.count, payload: .bytes(ModelFileWriter.stringTable(studentIds)))
            default: .init(name: name, count: arrays[name]!.count, payload: .doubles(arrays[name]!))
            }
        }
    }
}

/// Lays sections out and streams them, with the directory and checksum, into a sink.
enum ModelFileWriter {
    struct PlannedSection {
        enum Payload {
            case bytes([UInt8])
            case doubles(ParameterArray)
        }

        let name: ModelFileLayout.SectionName
        let count: Int
        let payload: Payload

        var length: Int {
            switch payload {
            case let .bytes(bytes): bytes.count
            case let .doubles(array): 8 * array.count
            }
        }
    }

    static func write(_ sections: [PlannedSection], to sink: ModelFileSink) throws(ModelFileError) {
        var directory: [ModelFileLayout.Section] = []
        var offset = ModelFileLayout.headerSize
        for section in sections {
            offset = ModelFileLayout.alignedUp(offset)
            directory.append(.init(name: section.name.rawValue, kind: section.name.kind.rawValue,
                                   count: section.count, offset: offset, length: section.length))
            offset += section.length
        }
        let directoryOffset = ModelFileLayout.alignedUp(offset)
        let fileSize = directoryOffset + directory.count * ModelFileLayout.directoryEntrySize + ModelFileLayout.checksumSize

        try sink.append(header(fileSize: fileSize, directoryOffset: directoryOffset, sectionCount: directory.count))
        for (section, entry) in zip(sections, directory) {
            try sink.padWithZeros(to: entry.offset)
            switch section.payload {
            case let .bytes(bytes): try sink.append(bytes)
            case let .doubles(array): try sink.append(UnsafeRawBufferPointer(array.buffer))
            }
        }
        try sink.padWithZeros(to: directoryOffset)
        for entry in directory {
            try sink.append(directoryEntry(entry))
        }
        try sink.finishWithChecksum()
    }

    static func header(fileSize: Int, directoryOffset: Int, sectionCount: Int) -> [UInt8] {
        var bytes = ModelFileLayout.magic
        bytes.appendLittleEndian(ModelFileLayout.formatVersion)
        bytes.appendLittleEndian(UInt32(ModelFileLayout.headerSize))
        bytes.appendLittleEndian(fileSize)
        bytes.appendLittleEndian(directoryOffset)
        bytes.appendLittleEndian(UInt32(sectionCount))
        bytes.appendLittleEndian(UInt32(ModelFileLayout.directoryEntrySize))
        bytes.append(contentsOf: repeatElement(0, count: ModelFileLayout.headerSize - bytes.count))
        return bytes
    }

    static func directoryEntry(_ section: ModelFileLayout.Section) -> [UInt8] {
        var bytes = Array(section.name.utf8)
        bytes.append(contentsOf: repeatElement(0, count: ModelFileLayout.sectionNameSize - bytes.count))
        bytes.appendLittleEndian(section.kind)
        bytes.appendLittleEndian(UInt32(0))
        bytes.appendLittleEndian(section.count)
        bytes.appendLittleEndian(section.offset)
        bytes.appendLittleEndian(section.length)
        return bytes
    }

    /// `count + 1` offsets into the UTF-8 bytes that follow them.
    static func stringTable(_ ids: IdTable) -> [UInt8] {
        var offsets: [UInt8] = []
        var text: [UInt8] = []
        offsets.appendLittleEndian(0)
        for index in 0..<ids.count {
            text.append(contentsOf: ids[index].utf8)
            offsets.appendLittleEndian(text.count)
        }
        return offsets + text
    }
}

/// A buffered output that hashes every byte it writes, so the checksum costs no second pass.
final class ModelFileSink {
    private let descriptor: Int32
    /// The target, for error messages.
    private let path: String
    private var hasher = SHA256Hasher()
    private var buffer: [UInt8] = []
    private let capacity = 1 << 20
    private(set) var bytesWritten = 0

    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
        buffer.reserveCapacity(capacity)
    }

    func append(_ bytes: [UInt8]) throws(ModelFileError) {
        // `withUnsafeBytes` rethrows untyped errors; a Result carries the typed one out.
        try bytes.withUnsafeBytes { raw in Result { () throws(ModelFileError) in try append(raw) } }.get()
    }

    func append(_ bytes: UnsafeRawBufferPointer) throws(ModelFileError) {
        hasher.update(bytes)
        bytesWritten += bytes.count
        if buffer.count + bytes.count > capacity { try flush() }
        if bytes.count >= capacity {
            try SystemCalls.writeAll(descriptor, bytes, path: path)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    func padWithZeros(to offset: Int) throws(ModelFileError) {
        precondition(offset >= bytesWritten, "sections are laid out in order")
        try append([UInt8](repeating: 0, count: offset - bytesWritten))
    }

    /// Appends the SHA-256 of everything written so far and flushes.
    func finishWithChecksum() throws(ModelFileError) {
        let checksum = hasher.finalize()
        buffer.append(contentsOf: checksum)
        bytesWritten += checksum.count
        try flush()
    }

    private func flush() throws(ModelFileError) {
        try buffer.withUnsafeBytes { raw in
            Result { () throws(ModelFileError) in try SystemCalls.writeAll(descriptor, raw, path: path) }
        }.get()
        buffer.removeAll(keepingCapacity: true)
    }
}
