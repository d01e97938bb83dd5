/// What a column means to Lotrinh, independent of what an export calls it.
public enum ColumnRole: String, Sendable, CaseIterable, Codable {
    // responses.csv
    case student, skill, item, correct, score, timestamp, order, school, `class`, grade
    /// A skill's display name given beside each answer (ASSISTments, Junyi and Statics exports do this).
    case skillName = "skill_name"
    /// A ready-made split label (fold number, train/test) to evaluate on.
    case split
    // skills.csv (also uses skill and grade)
    case name, subject, topic
    // prerequisites.csv (also uses skill)
    case prerequisite
    // resources.csv (also uses skill)
    case title, url

    /// The header Lotrinh's own files use for this role.
    public var defaultHeader: String {
        switch self {
        case .student: "student_id"
        case .skill: "skill_id"
        case .item: "item_id"
        case .school: "school_id"
        case .class: "class_id"
        case .prerequisite: "prerequisite_id"
        default: rawValue
        }
    }
}

/// Which header each role is read from. Start from Lotrinh's own layout, a preset, or both, and
/// override single roles (`--column student=user_id`).
public struct ColumnMapping: Sendable, Equatable {
    /// Roles whose header differs from ``ColumnRole/defaultHeader``; only these were asked for by name.
    public private(set) var overrides: [ColumnRole: String] = [:]

    public init(_ overrides: [ColumnRole: String] = [:]) {
        self.overrides = overrides
    }

    public func header(for role: ColumnRole) -> String {
        overrides[role] ?? role.defaultHeader
    }

    /// True when the user (or a preset) named this role's column, so its absence is an error
    /// even where the role is optional.
    public func isExplicit(_ role: ColumnRole) -> Bool {
        overrides[role] != nil
    }

    public mutating func set(_ role: ColumnRole, to header: String) {
        overrides[role] = header
    }

    /// Parses `ROLE=HEADER` as written on the command line.
    public mutating func apply(assignment: String) throws(MappingError) {
        guard let equals = assignment.firstIndex(of: "=") else {
            throw MappingError(message: "'\(assignment)' is not ROLE=HEADER (for example student=user_id)")
        }
        let roleName = String(assignment[..<equals])
        let header = String(assignment[assignment.index(after: equals)...])
        guard let role = ColumnRole(rawValue: roleName) else {
            let roles = ColumnRole.allCases.map(\.rawValue).joined(separator: ", ")
            throw MappingError(message: "unknown role '\(roleName)' in '\(assignment)'; roles are: \(roles)")
        }
        guard !header.isEmpty else {
            throw MappingError(message: "'\(assignment)' names no header after '='")
        }
        set(role, to: header)
    }

    public struct MappingError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}

/// The layouts of public datasets, so they can be read as they are published.
public enum DatasetPreset: String, Sendable, CaseIterable, Codable {
    /// Lotrinh's own layout (`responses.csv`, `skills.csv`, `prerequisites.csv`, `resources.csv`).
    case lotrinh
    /// ASSISTments 2009 skill-builder as published with AKT (`interactions.csv`, `skills.csv`); other
    /// ASSISTments exports with `student_id`, `skill_idx`, `problem_id`, `seq_idx` share it.
    case assistments
    /// Junyi Academy 2015 with its prerequisite graph (`responses.csv`, `exercises.csv`, `prerequisite_edges.csv`).
    case junyi
    /// OLI Engineering Statics 2011 (`interactions.csv`, `kcs.csv`).
    case statics

    public var mapping: ColumnMapping {
        switch self {
        case .lotrinh:
            ColumnMapping()
        case .assistments:
            ColumnMapping([.skill: "skill_idx", .item: "problem_id", .order: "seq_idx",
                           .skillName: "skill_name", .split: "akt_fold", .name: "skill_name"])
        case .junyi:
            ColumnMapping([.student: "student_idx", .skill: "exercise_idx", .skillName: "exercise_name",
                           .split: "conecd_split", .name: "pretty_display_name", .subject: "area",
                           .prerequisite: "prereq_idx"])
        case .statics:
            ColumnMapping([.student: "student_idx", .skill: "kc_id", .item: "step_id", .order: "seq_idx",
                           .skillName: "kc_name", .split: "dkvmn_split", .name: "kc_name"])
        }
    }

    /// File names inside a dataset folder: responses, skills, prerequisites, resources.
    public var fileNames: DatasetFiles.Names {
        switch self {
        case .lotrinh:
            DatasetFiles.Names(responses: "responses.csv", skills: "skills.csv",
                               prerequisites: "prerequisites.csv", resources: "resources.csv")
        case .assistments:
            DatasetFiles.Names(responses: "interactions.csv", skills: "skills.csv", prerequisites: nil, resources: nil)
        case .junyi:
            DatasetFiles.Names(responses: "responses.csv", skills: "exercises.csv",
                               prerequisites: "prerequisite_edges.csv", resources: nil)
        case .statics:
            DatasetFiles.Names(responses: "interactions.csv", skills: "kcs.csv", prerequisites: nil, resources: nil)
        }
    }
}
