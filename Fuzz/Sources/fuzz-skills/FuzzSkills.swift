import FuzzSupport
import MasteryData

// skills.csv through SkillCatalog.load, strict and skipping invalid rows under small limits.

private let scratch = ScratchFile("skills.csv")

func fuzzSkills(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    scratch.write(inputBytes(data, size))
    for (skipInvalid, limits) in [(false, CSVReader.Limits()), (true, smallLimits)] {
        guard let (catalog, _) = try? SkillCatalog.load(path: scratch.path, mapping: ColumnMapping(), skipInvalid: skipInvalid,
                                                        limits: limits) else { continue }
        let count = catalog.count
        require(catalog.names.count == count && catalog.subjects.count == count
                         && catalog.grades.count == count && catalog.topics.count == count)
        for skill in 0..<count {
            require(!catalog.ids[skill].isEmpty && catalog.ids.index(of: catalog.ids[skill]) == skill)
            _ = catalog.label(skill)
        }
    }
    return 0
}
