/// Rows as read, in file order, before they are sorted into ``ResponseData``.
struct RawRows {
    private let header: CSVHeader
    private let catalog: SkillCatalog?
    private let isBinary: Bool
    private let maxIdBytes: Int
    private let decimalComma: Bool
    private let timestampUnit: TimestampUnit
    // Resolved column positions (-1 when absent), so the per-row path does no dictionary lookups.
    private let studentColumn, skillColumn, outcomeColumn, itemColumn, orderColumn, timeColumn: Int
    private let schoolColumn, classColumn, gradeColumn, skillNameColumn, splitColumn: Int
    /// Fields in each row: the header's.
    private let fieldCount: Int

    private var students = IdTable()
    private var skills: IdTable
    private var items = IdTable()
    private var splits = IdTable()
    private var rowStudent: [UInt32] = []
    private var rowSkill: [UInt32] = []
    private var rowItem: [UInt32] = []
    private var rowOutcome: [Float] = []
    /// Rows whose student, skill and outcome wait in `stage` for the three columns above.
    private let stage = RowStage()
    private var staged = 0
    /// The sequence position used for sorting: the order column, else the timestamp.
    private var rowSequence: [Double] = []
    private var rowTime: [Double] = []
    private var rowSplit: [UInt16] = []
    private var roster = StudentRoster()
    private var skillNames: [String?] = []
    private var skillNameConflicts = 0

    init(header: CSVHeader, catalog: SkillCatalog?, maxIdBytes: Int, decimalComma: Bool = false,
         timestampUnit: TimestampUnit = .seconds) {
        self.header = header
        self.catalog = catalog
        self.maxIdBytes = maxIdBytes
        self.decimalComma = decimalComma
        self.timestampUnit = timestampUnit
        skills = catalog?.ids ?? IdTable()
        isBinary = header.has(.correct)
        func column(_ role: ColumnRole) -> Int { header[role] ?? -1 }
        studentColumn = column(.student)
        skillColumn = column(.skill)
        outcomeColumn = isBinary ? column(.correct) : column(.score)
        itemColumn = column(.item)
        orderColumn = column(.order)
        timeColumn = column(.timestamp)
        schoolColumn = column(.school)
        classColumn = column(.class)
        gradeColumn = column(.grade)
        skillNameColumn = column(.skillName)
        splitColumn = column(.split)
        fieldCount = header.names.count
    }

    var count: Int { rowSkill.count + staged }
    var hasOrder: Bool { orderColumn >= 0 }

    /// Sizes the columns for about `expected` rows, with 2% to spare. Only the expected rows are
    /// advised onto 2 MB pages: slack that is never written stays on small pages, off the resident set.
    mutating func reserveCapacity(expecting expected: Int) {
        func reserve<Element>(_ column: inout [Element]) {
            column.reserveCapacity(expected + expected / 50)
            HugePages.advise(&column, elements: expected)
        }
        reserve(&rowStudent)
        reserve(&rowSkill)
        reserve(&rowOutcome)
        if itemColumn >= 0 { reserve(&rowItem) }
        if orderColumn >= 0 || timeColumn >= 0 { reserve(&rowSequence) }
        if timeColumn >= 0 { reserve(&rowTime) }
        if splitColumn >= 0 { reserve(&rowSplit) }
    }

    /// Validates every field of the current record, then stores it; a row that fails stores nothing.
    mutating func append(_ reader: CSVReader) throws(InputError) {
        // The header's check only when the count is off: called on every row it was 3% of an import.
        if reader.fieldCount != fieldCount { try header.checkFieldCount(reader) }
        let studentBytes = reader.field(studentColumn)
        if studentBytes.isEmpty { throw error(.student, reader, .emptyValue, "a student id") }
        let skillBytes = reader.field(skillColumn)
        if skillBytes.isEmpty { throw error(.skill, reader, .emptyValue, "a skill id") }
        // Static, and the error built only on failure: a call to a method of `self` from this mutating
        // method copied all of `self` (600 bytes) on every row, a fifth of the import time (perf).
        guard let outcome = Self.outcome(reader.field(outcomeColumn), isBinary: isBinary, decimalComma: decimalComma) else {
            throw outcomeError(reader)
        }
        var sequence = Double.nan
        var time = Double.nan
        if orderColumn >= 0 {
            guard let order = FieldParsing.integer(reader.field(orderColumn)) else {
                throw error(.order, reader, .notANumber, "an integer position in the student's sequence")
            }
            sequence = Double(order)
        }
        if timeColumn >= 0 {
            let field = reader.field(timeColumn)
            guard let seconds = FieldParsing.timestamp(field, unit: timestampUnit, decimalComma: decimalComma) else {
                throw error(.timestamp, reader, .badTimestamp,
                            "ISO 8601 (2015-10-24T09:28:21Z) or Unix \(timestampUnit == .seconds ? "seconds" : "milliseconds")")
            }
            if abs(seconds) > FieldParsing.latestPlausibleSeconds, !FieldParsing.isISO8601(field) {
                throw error(.timestamp, reader, .badTimestamp, timestampUnit == .seconds
                            ? "Unix seconds; this is after the year 5000 as seconds, so it looks like milliseconds: read them with --timestamp-unit ms"
                            : "Unix milliseconds; this is after the year 5000 even as milliseconds (microseconds?)")
            }
            time = seconds
            if orderColumn < 0 { sequence = seconds }
        }
        if itemColumn >= 0, reader.field(itemColumn).isEmpty { throw error(.item, reader, .emptyValue, "an item id") }
        if studentBytes.count > maxIdBytes { throw idTooLong(.student, studentBytes, reader) }
        if skillBytes.count > maxIdBytes { throw idTooLong(.skill, skillBytes, reader) }
        if itemColumn >= 0, reader.field(itemColumn).count > maxIdBytes { throw idTooLong(.item, reader.field(itemColumn), reader) }
        if splitColumn >= 0, reader.field(splitColumn).isEmpty { throw error(.split, reader, .emptyValue, "a split label") }
        let skill: Int
        if let catalog {
            guard let known = catalog.ids.index(of: skillBytes) else {
                throw error(.skill, reader, .unknownSkill, "a skill listed in the skills file")
            }
            skill = known
        } else {
            skill = skills.intern(skillBytes)
        }

        let student = students.intern(studentBytes)
        stage.student[staged] = UInt32(student)
        stage.skill[staged] = UInt32(skill)
        stage.outcome[staged] = outcome
        staged += 1
        if staged == RowStage.capacity { completeAppends() }
        if itemColumn >= 0 { rowItem.append(UInt32(items.intern(reader.field(itemColumn)))) }
        if !sequence.isNaN { rowSequence.append(sequence) }
        if timeColumn >= 0 { rowTime.append(time) }
        if splitColumn >= 0 { rowSplit.append(try splitLabel(reader)) }
        if schoolColumn >= 0 || classColumn >= 0 || gradeColumn >= 0 {
            // Static, so that passing part of `roster` inout does not force a copy of `self` (and with it
            // a copy-on-write of the id tables on every row).
            let school = Self.rosterIndex(schoolColumn, &roster.schoolIds, reader)
            let classIndex = Self.rosterIndex(classColumn, &roster.classIds, reader)
            let grade = Self.rosterIndex(gradeColumn, &roster.gradeIds, reader)
            roster.record(student: student, school: school, class: classIndex, grade: grade)
        }
        if skillNameColumn >= 0 { recordSkillName(skill, reader.field(skillNameColumn)) }
    }

    /// Moves the staged rows into the columns: once the last row is appended, before the rows are
    /// merged or finished.
    mutating func completeAppends() {
        stage.move(staged, student: &rowStudent, skill: &rowSkill, outcome: &rowOutcome)
        staged = 0
    }

    private func idTooLong(_ role: ColumnRole, _ bytes: UnsafeRawBufferPointer, _ reader: CSVReader) -> InputError {
        error(role, reader, .tooLong, "an id of at most \(maxIdBytes) bytes, not \(bytes.count) (an unclosed quote?)")
    }

    /// The outcome in `bytes`, nil when it is not one (``outcomeError(_:)`` says why).
    @inline(__always)
    private static func outcome(_ bytes: UnsafeRawBufferPointer, isBinary: Bool, decimalComma: Bool) -> Float? {
        if isBinary {
            // One test for "0" and "1" and the digit's value as the outcome: rows are right and
            // wrong at random, so a branch between the two was mispredicted every other row (perf).
            let digit = bytes.count == 1 ? bytes[0] &- UInt8(ascii: "0") : .max
            if digit <= 1 { return Float(digit) }
            if let value = FieldParsing.double(bytes, decimalComma: decimalComma), value == 0 || value == 1 { return Float(value) }
            return nil
        }
        guard let value = FieldParsing.double(bytes, decimalComma: decimalComma), !value.isNaN, (0...1).contains(value) else { return nil }
        return Float(value)
    }

    private func outcomeError(_ reader: CSVReader) -> InputError {
        let bytes = reader.field(outcomeColumn)
        if isBinary { return error(.correct, reader, bytes.isEmpty ? .emptyValue : .outOfRange, "0 (wrong) or 1 (correct)") }
        guard let value = FieldParsing.double(bytes, decimalComma: decimalComma) else {
            return error(.score, reader, bytes.isEmpty ? .emptyValue : .notANumber,
                         decimalComma ? "a score between 0 and 1 (with a decimal comma: 0,5)"
                             : "a score between 0 and 1\(bytes.contains(UInt8(ascii: ",")) ? " (a decimal comma? read it with --decimal-comma)" : "")")
        }
        if value.isNaN { return error(.score, reader, .notANumber, "a score between 0 and 1, not NaN") }
        return error(.score, reader, .outOfRange, "a score between 0 and 1")
    }

    private mutating func splitLabel(_ reader: CSVReader) throws(InputError) -> UInt16 {
        let label = splits.intern(reader.field(splitColumn))
        guard label < Int(UInt16.max) else { throw error(.split, reader, .outOfRange, "fewer than 65,535 split labels") }
        return UInt16(label)
    }

    private static func rosterIndex(_ column: Int, _ table: inout IdTable, _ reader: CSVReader) -> Int32 {
        guard column >= 0 else { return -1 }
        let bytes = reader.field(column)
        return bytes.isEmpty ? -1 : Int32(table.intern(bytes))
    }

    private mutating func recordSkillName(_ skill: Int, _ bytes: UnsafeRawBufferPointer) {
        if skillNames.count <= skill { skillNames.append(contentsOf: repeatElement(nil, count: skill + 1 - skillNames.count)) }
        guard !bytes.isEmpty else { return }
        if let known = skillNames[skill] {
            if !known.utf8.elementsEqual(bytes) { skillNameConflicts += 1 }
        } else {
            skillNames[skill] = String(decoding: bytes, as: UTF8.self)
        }
    }

    private func error(_ role: ColumnRole, _ reader: CSVReader, _ reason: InputError.Reason, _ expected: String) -> InputError {
        header.error(role, reader, reason: reason, expected: expected)
    }

    // MARK: - Merging the parts of a file read in parallel

    /// Appends the rows of the part of the file that follows this one, read by another reader with
    /// the same header, renumbering its ids into this part's tables: the result is what one reader
    /// would have read. False when the parts disagree in a way only per-row counts could report (a
    /// roster or skill-name conflict, too many split labels): the file is then read by one reader.
    mutating func absorb(_ next: consuming RawRows) -> Bool {
        precondition(staged == 0 && next.staged == 0, "rows merged before their appends were completed")
        guard roster.conflicts == 0, next.roster.conflicts == 0, skillNameConflicts == 0, next.skillNameConflicts == 0 else {
            return false
        }
        let studentMap = students.absorb(next.students)
        let skillMap = catalog == nil ? skills.absorb(next.skills) : nil
        let splitMap = splits.absorb(next.splits)
        guard splits.count < Int(UInt16.max) else { return false }
        for (local, name) in next.skillNames.enumerated() {
            guard let name else { continue }
            let skill = skillMap.map { Int($0[local]) } ?? local
            if skillNames.count <= skill { skillNames.append(contentsOf: repeatElement(nil, count: skill + 1 - skillNames.count)) }
            if let known = skillNames[skill] {
                guard known.utf8.elementsEqual(name.utf8) else { return false }
            } else {
                skillNames[skill] = name
            }
        }
        if schoolColumn >= 0 || classColumn >= 0 || gradeColumn >= 0 {
            let schools = roster.schoolIds.absorb(next.roster.schoolIds)
            let classes = roster.classIds.absorb(next.roster.classIds)
            let grades = roster.gradeIds.absorb(next.roster.gradeIds)
            func mapped(_ value: Int32, _ map: [UInt32]) -> Int32 { value < 0 ? -1 : Int32(map[Int(value)]) }
            for local in next.roster.studentSchool.indices {
                roster.record(student: Int(studentMap[local]), school: mapped(next.roster.studentSchool[local], schools),
                              class: mapped(next.roster.studentClass[local], classes),
                              grade: mapped(next.roster.studentGrade[local], grades))
            }
            guard roster.conflicts == 0 else { return false }
        }
        Self.append(next.rowStudent, mappedBy: studentMap, to: &rowStudent)
        if let skillMap { Self.append(next.rowSkill, mappedBy: skillMap, to: &rowSkill) } else { rowSkill.append(contentsOf: next.rowSkill) }
        if itemColumn >= 0 { Self.append(next.rowItem, mappedBy: items.absorb(next.items), to: &rowItem) }
        rowOutcome.append(contentsOf: next.rowOutcome)
        rowSequence.append(contentsOf: next.rowSequence)
        rowTime.append(contentsOf: next.rowTime)
        rowSplit.reserveCapacity(rowSplit.count + next.rowSplit.count)
        for label in next.rowSplit { rowSplit.append(UInt16(splitMap[Int(label)])) }
        return true
    }

    private static func append(_ values: [UInt32], mappedBy map: [UInt32], to column: inout [UInt32]) {
        column.reserveCapacity(column.count + values.count)
        map.withUnsafeBufferPointer { map in
            for value in values { column.append(map[Int(value)]) }
        }
    }

    // MARK: - Sorting into the final store

    /// Sorts rows by student then sequence (stable, so file order breaks ties), numbers answers,
    /// and builds the indexes on up to `threads` threads.
    consuming func finish(threads: Int) -> (ResponseData, StudentRoster, [String?], Int) {
        precondition(staged == 0, "rows finished before their appends were completed")
        // Before the indexes are allocated, at the import's memory peak.
        for column in [rowStudent, rowSkill, rowItem] { HugePages.releaseSpareCapacity(of: column) }
        HugePages.releaseSpareCapacity(of: rowOutcome)
        HugePages.releaseSpareCapacity(of: rowSequence)
        HugePages.releaseSpareCapacity(of: rowTime)
        HugePages.releaseSpareCapacity(of: rowSplit)
        // Exports are usually sorted by student already: then the columns are kept as read,
        // with no second copy at the memory peak, and no order is built (one pass tells).
        let alreadySorted = isInFinalOrder()
        let order = alreadySorted ? [] : sortedRowOrder()
        func permuted<T>(_ column: [T]) -> [T] {
            column.isEmpty || alreadySorted ? column : order.map { column[Int($0)] }
        }
        let sortedStudent = permuted(rowStudent)
        let sortedSkill = permuted(rowSkill)
        let sortedItem = permuted(rowItem)
        let sortedOutcome = permuted(rowOutcome)
        let sortedSequence = permuted(rowSequence)
        let answers = Self.numberAnswers(student: sortedStudent, skill: sortedSkill, item: sortedItem,
                                         outcome: sortedOutcome, sequence: sortedSequence, useSequence: orderColumn >= 0)
        let data = ResponseData(studentIds: students, skillIds: skills, itemIds: items,
                                rowStudent: sortedStudent, rowSkill: sortedSkill, rowItem: sortedItem,
                                rowOutcome: sortedOutcome, rowAnswer: answers, rowTime: permuted(rowTime),
                                rowSplit: permuted(rowSplit), splitLabels: splits.ids, isBinary: isBinary, threads: threads)
        var names = skillNames
        if names.count < skills.count { names.append(contentsOf: repeatElement(nil, count: skills.count - names.count)) }
        var finalRoster = roster
        if !finalRoster.isEmpty, finalRoster.studentSchool.count < students.count {
            finalRoster.record(student: students.count - 1, school: -1, class: -1, grade: -1)
        }
        return (data, finalRoster, names, skillNameConflicts)
    }

    /// Whether the rows are in the order ``sortedRowOrder()`` would give: students are numbered in
    /// order of first appearance, so grouped rows have non-decreasing student numbers, and each
    /// student's rows must then be in sequence order.
    private func isInFinalOrder() -> Bool {
        rowStudent.withUnsafeBufferPointer { student in
            rowSequence.withUnsafeBufferPointer { sequence in
                for row in student.indices.dropFirst() {
                    if student[row] < student[row - 1] { return false }
                    if !sequence.isEmpty, student[row] == student[row - 1], sequence[row] < sequence[row - 1] { return false }
                }
                return true
            }
        }
    }

    /// Row numbers in final order: a counting sort by student, then each student's rows by sequence.
    private func sortedRowOrder() -> [UInt32] {
        let offsets = CompressedIndex.offsets(of: rowStudent, count: students.count)
        var order = CompressedIndex.bucketRows(rowStudent, offsets: offsets)
        guard !rowSequence.isEmpty else { return order }
        rowSequence.withUnsafeBufferPointer { sequence in
            for student in 0..<students.count {
                let range = offsets[student]..<offsets[student + 1]
                let isSorted = zip(order[range].dropLast(), order[range].dropFirst()).allSatisfy {
                    sequence[Int($0)] <= sequence[Int($1)]
                }
                if !isSorted {
                    order[range].sort { sequence[Int($0)] != sequence[Int($1)] ? sequence[Int($0)] < sequence[Int($1)] : $0 < $1 }
                }
            }
        }
        return order
    }

    /// Consecutive rows of one student are one answer when they are the same question (same item;
    /// without items, same order value) with the same outcome, each on a different skill.
    private static func numberAnswers(student: [UInt32], skill: [UInt32], item: [UInt32], outcome: [Float],
                                      sequence: [Double], useSequence: Bool) -> [UInt32] {
        if item.isEmpty, !useSequence {
            // Nothing tells that two rows are one question: each row is an answer of its own.
            return [UInt32](unsafeUninitializedCapacity: student.count) { answers, initialized in
                if let start = answers.baseAddress { HugePages.advise(start, byteCount: answers.count * 4) }
                for row in 0..<student.count { answers[row] = UInt32(row) }
                initialized = student.count
            }
        }
        var answers = [UInt32](repeating: 0, count: student.count)
        var answer: UInt32 = 0
        var groupStart = 0
        for row in 1..<max(student.count, 1) {
            let sameQuestion: Bool
            if !item.isEmpty {
                sameQuestion = item[row] == item[row - 1]
            } else if useSequence {
                sameQuestion = sequence[row] == sequence[row - 1]
            } else {
                sameQuestion = false
            }
            var joins = sameQuestion && student[row] == student[row - 1] && outcome[row] == outcome[row - 1]
            if joins { joins = !skill[groupStart..<row].contains(skill[row]) }
            if !joins {
                answer += 1
                groupStart = row
            }
            answers[row] = answer
        }
        return answers
    }
}
