/// Learning material for one skill, shown beside path steps.
public struct Resource: Sendable, Equatable, Codable {
    public var title: String
    public var url: String

    public init(title: String, url: String) {
        self.title = title
        self.url = url
    }
}

/// Everything read from one dataset's files, with skills aligned across them: skill index `k`
/// means the same skill in ``responses``, ``skills``, ``graph`` and ``resources``.
public struct Dataset: Sendable {
    public var files: DatasetFiles
    public var responses: ResponseData
    public var skills: SkillCatalog
    /// Nil when no prerequisites file was given. May contain cycles: check ``PrerequisiteGraph/cycles()``.
    public var graph: PrerequisiteGraph?
    /// Learning material per skill index (empty lists when no resources file was given).
    public var resources: [[Resource]]
    public var roster: StudentRoster
    /// Rows skipped under `--skip-invalid`, per file path.
    public var skipped: [String: SkipReport]
    /// Skills given two different names in the responses' `skill_name` column.
    public var skillNameConflicts: Int
    /// Edges removed by ``breakCycles()``.
    public var removedCycleEdges: [PrerequisiteGraph.Edge] = []
}

/// How to read a dataset.
public struct DatasetLoadOptions: Sendable {
    public var mapping: ColumnMapping
    public var skipInvalid: Bool
    public var limits: CSVReader.Limits
    /// Encoding, delimiter, decimal mark and timestamp unit, the same for every file of the dataset.
    public var format: InputFormat
    public var pseudonymize: (@Sendable (String) -> String)?
    /// Progress of the responses file: bytes consumed and file size (nil for pipes).
    public var progress: (@Sendable (Int64, Int64?) -> Void)?

    public init(mapping: ColumnMapping = ColumnMapping(), skipInvalid: Bool = false, limits: CSVReader.Limits = .init(),
                format: InputFormat = InputFormat(),
                pseudonymize: (@Sendable (String) -> String)? = nil, progress: (@Sendable (Int64, Int64?) -> Void)? = nil) {
        self.mapping = mapping
        self.skipInvalid = skipInvalid
        self.limits = limits
        self.format = format
        self.pseudonymize = pseudonymize
        self.progress = progress
    }
}

extension Dataset {
    /// Where a dataset's skills come from, as an unknown skill's error names them.
    static let skillSources = "the skills file or of the responses"

    /// Reads skills first (when given, they define the skill ids every other file must use), then
    /// responses, prerequisites and resources. Without a skills file the skills are those answered,
    /// named by the responses' `skill_name` column where it exists.
    public static func load(_ files: DatasetFiles, options: DatasetLoadOptions = DatasetLoadOptions()) throws(InputError) -> Dataset {
        var skipped: [String: SkipReport] = [:]
        func note(_ report: SkipReport, _ path: String) {
            if !report.isEmpty { skipped[path] = report }
        }
        var catalog: SkillCatalog?
        if let path = files.skills {
            let (loaded, report) = try SkillCatalog.load(path: path, mapping: options.mapping,
                                                         skipInvalid: options.skipInvalid, limits: options.limits,
                                                         format: options.format)
            catalog = loaded
            note(report, path)
        }
        let responseOptions = ResponseLoadOptions(mapping: options.mapping, skipInvalid: options.skipInvalid,
                                                  limits: options.limits, format: options.format,
                                                  pseudonymize: options.pseudonymize,
                                                  progress: options.progress)
        let (responses, responseReport) = try ResponseLoader.load(path: files.responses, catalog: catalog, options: responseOptions)
        note(responseReport.skipped, files.responses)
        let skills = catalog ?? SkillCatalog(answeredIn: responses, names: responseReport.skillNames)

        var graph: PrerequisiteGraph?
        if let path = files.prerequisites {
            let (edges, report) = try loadPrerequisiteEdges(path: path, skills: skills, options: options)
            graph = PrerequisiteGraph(skillCount: skills.count, edges: edges)
            note(report, path)
        }
        var resources = [[Resource]](repeating: [], count: skills.count)
        if let path = files.resources {
            let loaded = try ResourceFile.load(path: path, skills: skills, skillsFrom: Self.skillSources, options: options)
            resources = loaded.resources
            note(loaded.skipped, path)
        }
        return Dataset(files: files, responses: responses, skills: skills, graph: graph, resources: resources,
                       roster: responseReport.roster, skipped: skipped,
                       skillNameConflicts: responseReport.skillNameConflicts)
    }

    /// Reads `prerequisites.csv` (`prerequisite_id`, `skill_id`): both must be known skills.
    static func loadPrerequisiteEdges(path: String, skills: SkillCatalog,
                                      options: DatasetLoadOptions) throws(InputError) -> ([PrerequisiteGraph.Edge], SkipReport) {
        let reader = try CSVReader(path: path, limits: options.limits, format: options.format)
        let header = try CSVHeader(reader: reader, mapping: options.mapping, required: [.prerequisite, .skill], optional: [])
        var edges: [PrerequisiteGraph.Edge] = []
        var policy = RowErrorPolicy(skipInvalid: options.skipInvalid)
        while try reader.nextRecord() {
            do throws(InputError) {
                try header.checkFieldCount(reader)
                let prerequisite = try header.knownSkill(.prerequisite, reader, in: skills, from: Self.skillSources)
                let skill = try header.knownSkill(.skill, reader, in: skills, from: Self.skillSources)
                edges.append(PrerequisiteGraph.Edge(prerequisite: prerequisite, skill: skill))
            } catch {
                try policy.handle(error)
            }
        }
        return (edges, policy.skipped)
    }
}

extension Dataset {
    /// Removes one edge per prerequisite cycle (the rule of ``PrerequisiteGraph/breakingCycles()``)
    /// and returns the removed edges, so a tool can say exactly what it changed.
    @discardableResult
    public mutating func breakCycles() -> [PrerequisiteGraph.Edge] {
        guard let graph, !graph.isAcyclic else { return [] }
        let (broken, removed) = graph.breakingCycles()
        self.graph = broken
        removedCycleEdges += removed
        return removed
    }
}

extension SkillCatalog {
    /// "name (id)", or the id alone when the skill has no name of its own: how messages name a skill.
    public func label(_ skill: Int) -> String {
        names[skill] == ids[skill] ? ids[skill] : "\(names[skill]) (\(ids[skill]))"
    }
}

extension SkillCatalog {
    /// The skills that occur in `responses`, named from the responses' own name column.
    init(answeredIn responses: ResponseData, names: [String?]) {
        self.init()
        for skill in 0..<responses.skillCount {
            add(id: responses.skillIds[skill], name: skill < names.count ? names[skill] : nil)
        }
    }
}

extension CSVHeader {
    /// The index of the skill named in `role`'s column, which must be in `skills`.
    /// The index of the row's skill in `skills`; an error naming the value and `source`, where
    /// the skills came from, when it is not one of them.
    func knownSkill(_ role: ColumnRole, _ reader: CSVReader, in skills: SkillCatalog, from source: String) throws(InputError) -> Int {
        let id = try requiredValue(role, reader)
        guard let index = skills.ids.index(of: id) else {
            throw error(role, reader, reason: .unknownSkill, expected: "a skill of \(source)")
        }
        return index
    }
}
