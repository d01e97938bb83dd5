import FuzzSupport
import LearningPaths
import MasteryData

// resources.csv through Dataset.load beside a fixed valid dataset; accepted resources must land
// on known skills and reach the planner's steps.

private let fixed = FixedDataset()
private let scratch = ScratchFile("resources.csv")
private let estimates = try! MasteryEstimates(certain: [Double](repeating: 0.5, count: FixedDataset.skillIds.count))

func fuzzResources(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    scratch.write(inputBytes(data, size))
    let files = DatasetFiles(responses: fixed.responses.path, skills: fixed.skills.path, resources: scratch.path)
    for options in [DatasetLoadOptions(), DatasetLoadOptions(skipInvalid: true, limits: smallLimits)] {
        guard let dataset = try? Dataset.load(files, options: options) else { continue }
        require(dataset.resources.count == dataset.skills.count)
        require(dataset.resources.joined().allSatisfy { !$0.title.isEmpty })
        let planner = try! PathPlanner(skillCount: dataset.skills.count, resources: dataset.resources)
        let path = try! planner.plan(estimates)
        for step in path.steps { require(step.resources == dataset.resources[step.skill]) }
    }
    return 0
}
