import MasteryData

extension MasteryModel {
    /// Writes the model as plain files for other tools (spreadsheets, R, pandas) into `directory`,
    /// which is created if missing:
    ///
    /// - `skills.csv`: `skill_id,name,bias,gain_correct,gain_wrong,f1..fk`
    /// - `items.csv`: `item_id,bias`
    /// - `students.csv`: `student_id,bias,f1..fk` — only with `includeStudents` and when the model
    ///   has students, so an export for outside use holds no student row unless asked.
    /// - `model.json`: the metadata, as in the model file (sorted keys).
    ///
    /// Numbers are printed in Swift's shortest round-trip form, so reading them back gives the
    /// same doubles bit for bit.
    public func exportCSV(to directory: String, includeStudents: Bool) throws(ModelFileError) {
        try SystemCalls.makeDirectory(directory)
        let factorColumns = (0..<rank).map { "f\($0 + 1)" }

        try writeCSV(directory + "/skills.csv",
                     header: ["skill_id", "name", "bias", "gain_correct", "gain_wrong"] + factorColumns) { (csv) throws(CSVWriteError) in
            for skill in 0..<skillCount {
                try csv.write(field: metadata.skillIds[skill])
                try csv.write(field: metadata.skillNames[skill])
                for value in [skillBias[skill], gainCorrect[skill], gainWrong[skill]] + factors(ofSkill: skill) {
                    try csv.write(field: value)
                }
                try csv.endRow()
            }
        }
        try writeCSV(directory + "/items.csv", header: ["item_id", "bias"]) { (csv) throws(CSVWriteError) in
            for item in 0..<itemIds.count {
                try csv.writeRow([itemIds[item], itemBias[item].description])
            }
        }
        if includeStudents && hasStudents {
            try writeCSV(directory + "/students.csv", header: ["student_id", "bias"] + factorColumns) { (csv) throws(CSVWriteError) in
                for student in 0..<studentIds.count {
                    try csv.write(field: studentIds[student])
                    for value in [studentBias[student]] + factors(ofStudent: student) {
                        try csv.write(field: value)
                    }
                    try csv.endRow()
                }
            }
        }
        let json: [UInt8]
        do {
            json = try MetadataJSON.encode(metadata) + [UInt8(ascii: "\n")]
        } catch {
            throw .invalidModel(path: directory + "/model.json", section: "metadata", reason: "cannot be encoded as JSON: \(error)")
        }
        try SystemCalls.writeFile(directory + "/model.json", contents: json)
    }

    /// Opens a CSV file, writes the header and the rows, closes it; a CSV write error becomes `io`.
    private func writeCSV(_ path: String, header: [String],
                          rows: (CSVWriter) throws(CSVWriteError) -> Void) throws(ModelFileError) {
        do throws(CSVWriteError) {
            let csv = try CSVWriter(path: path)
            try csv.writeRow(header)
            try rows(csv)
            try csv.close()
        } catch {
            throw .io(path: error.path, operation: error.operation.rawValue, message: SystemCalls.message(for: error.code))
        }
    }
}
