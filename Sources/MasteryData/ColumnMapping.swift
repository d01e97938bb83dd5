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
    /// Roles whose header differs from ``ColumnRole/defaultHeader``.
    public private(set) var overrides: [ColumnRole: String] = [:]
    /// Roles whose column was asked for by name (not by a preset), so that a file without it is an error.
    private var explicitRoles: Set<ColumnRole> = []
    /// Optional roles not to read even where a file has their column (`--column item=`).
    public private(set) var unsetRoles: Set<ColumnRole> = []

    /// A mapping whose every role in `overrides` was asked for by name: a file without one of
    /// these columns is refused, even where the role is optional.
    public init(_ overrides: [ColumnRole: String] = [:]) {
        self.overrides = overrides
        explicitRoles = Set(overrides.keys)
    }

    /// A preset's layout: the headers where the published files have them, with optional roles
    /// still optional (ASSISTments files without `problem_id` are read without items).
    init(preset overrides: [ColumnRole: String]) {
        self.overrides = overrides
    }

    public func header(for role: ColumnRole) -> String {
        overrides[role] ?? role.defaultHeader
    }

    /// True when the user named this role's column, so its absence is an error even where the
    /// role is optional.
    public func isExplicit(_ role: ColumnRole) -> Bool {
        explicitRoles.contains(role)
    }

    /// True when the role is not to be read at all (`--column ROLE=` with no header).
    public func isUnset(_ role: ColumnRole) -> Bool {
        unsetRoles.contains(role)
    }

    public mutating func set(_ role: ColumnRole, to header: String) {
        overrides[role] = header
        explicitRoles.insert(role)
        unsetRoles.remove(role)
    }

    /// Reads files as if they had no column for `role` (only optional roles can be unset: a file
    /// that needs the role is refused saying so).
    public mutating func unset(_ role: ColumnRole) {
        overrides[role] = nil
        explicitRoles.remove(role)
        unsetRoles.insert(role)
    }

    /// Parses `ROLE=HEADER` as written on the command line; `ROLE=` (no header) unsets an optional role.
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
        if header.isEmpty {
            unset(role)
        } else {
            set(role, to: header)
        }
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
            ColumnMapping(preset: [.skill: "skill_idx", .item: "problem_id", .order: "seq_idx",
                           .skillName: "skill_name", .split: "akt_fold", .name: "skill_name"])
        case .junyi:
            ColumnMapping(preset: [.student: "student_idx", .skill: "exercise_idx", .skillName: "exercise_name",
                           .split: "conecd_split", .name: "pretty_display_name", .subject: "area",
                           .prerequisite: "prereq_idx"])
        case .statics:
            ColumnMapping(preset: [.student: "student_idx", .skill: "kc_id", .item: "step_id", .order: "seq_idx",
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
