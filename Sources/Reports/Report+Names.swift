extension ClassReport {
    /// Names the students from a roster's names by student id. With hidden ids nobody is named:
    /// a name would undo the hiding.
    public mutating func name(from names: [String: String]) {
        guard !idsHidden else { return }
        for index in students.indices { students[index].name = students[index].id.flatMap { names[$0] } }
    }

    /// A row label as the lists show it: "Nguyễn Văn An (81)" for a named student, else the label.
    public func display(_ label: String, words: Words) -> String {
        students.first { $0.label == label }?.name.map { words.named($0, id: label) } ?? label
    }
}

extension StudentReport {
    /// "Nguyễn Văn An (81)" for a named student, else the id.
    public func displayName(words: Words) -> String {
        name.map { words.named($0, id: student) } ?? student
    }
}
