/// `resources.csv`: the learning material of each skill, the one reader of that file for the
/// dataset loader, `lotrinh-path` and a service (through `Recommender.resources(csvPath:model:format:)`).
public enum ResourceFile {
    /// Reads `skill_id`, `title`, `url` rows into one list per skill of `skills`, in file order.
    /// The title is required, the url may be empty (a textbook page has none). A row on a skill
    /// outside `skills`, a missing title or a wrong field count is an error naming the file, line,
    /// column and value, or with `options.skipInvalid` a skipped row in the report; `skillsFrom`
    /// names where `skills` came from in that error ("the model", "the skills file or the responses").
    public static func load(path: String, skills: SkillCatalog, skillsFrom: String, options: DatasetLoadOptions = DatasetLoadOptions())
        throws(InputError) -> (resources: [[Resource]], skipped: SkipReport) {
        var resources = [[Resource]](repeating: [], count: skills.count)
        let reader = try CSVReader(path: path, limits: options.limits, format: options.format)
        let header = try CSVHeader(reader: reader, mapping: options.mapping, required: [.skill, .title, .url], optional: [])
        var policy = RowErrorPolicy(skipInvalid: options.skipInvalid)
        while try reader.nextRecord() {
            do throws(InputError) {
                try header.checkFieldCount(reader)
                let skill = try header.knownSkill(.skill, reader, in: skills, from: skillsFrom)
                let title = try header.requiredValue(.title, reader)
                resources[skill].append(Resource(title: title, url: header.optionalValue(.url, reader) ?? ""))
            } catch {
                try policy.handle(error)
            }
        }
        return (resources, policy.skipped)
    }
}
