import LearningPaths
import MasteryData
import XCTest

/// Planning with intervals asked on demand gives the path planned with every interval, and
/// asks for exactly the intervals that can matter: skills at or above the threshold (when the
/// interval decides mastery) and the steps returned, each once.
final class IntervalsOnDemandTests: XCTestCase {
    /// A source that remembers which intervals it was asked for and which skills it settled.
    protocol AskRecording: MasteryIntervalSource {
        var asked: [Int] { get }
        var settled: [Int] { get }
    }

    /// Answers from known estimates and remembers every request; settles nothing (the protocol's
    /// default).
    final class RecordingSource: AskRecording {
        let estimates: MasteryEstimates
        var asked: [Int] = []
        var settled: [Int] { [] }
        init(_ estimates: MasteryEstimates) { self.estimates = estimates }

        func intervalEnds(of skills: [Int]) -> (lower: [Double], upper: [Double]) {
            asked += skills
            return (skills.map { estimates.lower[$0] }, skills.map { estimates.upper[$0] })
        }
    }

    /// Also settles, without an interval, every other skill whose lower end is below the threshold.
    final class SettlingSource: AskRecording {
        let recording: RecordingSource
        var settled: [Int] = []
        var asked: [Int] { recording.asked }
        init(_ estimates: MasteryEstimates) { recording = RecordingSource(estimates) }

        func intervalEnds(of skills: [Int]) -> (lower: [Double], upper: [Double]) { recording.intervalEnds(of: skills) }

        func lowerEndsCertainlyBelow(_ threshold: Double, among skills: [Int]) -> [Bool] {
            let below = skills.map { $0 % 2 == 0 && recording.estimates.lower[$0] < threshold }
            settled += zip(skills, below).filter(\.1).map(\.0)
            return below
        }
    }

    /// Plans every property case both ways, through a fresh source from `makeSource`: the results
    /// must be equal, and the intervals asked exactly those that can matter, each once. `inspect`
    /// sees each path planned and its source.
    private func planEveryCase<Source: AskRecording>(_ makeSource: (MasteryEstimates) -> Source,
                                                     inspect: (LearningPath, Source) -> Void) throws {
        for seed in 0..<PathPropertyTests.caseCount {
            let sample = try PathPropertyTests.Case(seed: seed)
            var options = sample.options
            if seed % 3 == 0 { options.maximumLength = 1 + Int(seed % 4) }
            let planner = try PathPlanner(skillCount: sample.skillCount, graph: sample.graph, topics: sample.topics)
            let source = makeSource(sample.estimates)
            let full = Result { () throws(PlanningError) in try planner.plan(sample.estimates, options: options) }
            let onDemand = Result { () throws(PlanningError) in
                try planner.plan(mastery: sample.estimates.mastery, intervals: source, options: options)
            }
            XCTAssertEqual(onDemand, full, "seed \(seed)")
            guard case let .success(path) = full else { continue }
            // Compared with: the definition above, by brute force over the skills.
            let deciding = options.requiresConfidentMastery
                ? (0..<sample.skillCount).filter { sample.estimates.mastery[$0] >= options.masteryThreshold } : []
            XCTAssertEqual(Set(source.asked), Set(deciding).subtracting(source.settled).union(path.skills), "seed \(seed)")
            XCTAssertEqual(source.asked.count, Set(source.asked).count, "seed \(seed): an interval asked twice")
            inspect(path, source)
        }
    }

    func testSamePathAsWithEveryIntervalAskingOnlyWhatMatters() throws {
        var shortPaths = 0
        try planEveryCase(RecordingSource.init) { path, _ in
            if path.omittedByLength > 0 { shortPaths += 1 }
        }
        XCTAssertGreaterThan(shortPaths, 20, "the cases must include paths cut by their maximum length")
    }

    func testSkillsSettledBelowTheThresholdAreAskedOnlyWhenTheyBecomeSteps() throws {
        var settledCases = 0
        try planEveryCase(SettlingSource.init) { _, source in
            if !source.settled.isEmpty { settledCases += 1 }
        }
        XCTAssertGreaterThan(settledCases, 50, "the cases must settle skills")
    }

    func testAnIntervalThatMissesItsMasteryIsRejected() throws {
        struct Broken: MasteryIntervalSource {
            func intervalEnds(of skills: [Int]) -> (lower: [Double], upper: [Double]) {
                (skills.map { _ in 0.95 }, skills.map { _ in 0.99 })
            }
        }
        let planner = try PathPlanner(skillCount: 2)
        XCTAssertThrowsError(try planner.plan(mastery: [0.9, 0.2], intervals: Broken())) { error in
            guard case .invalidEstimate(skill: 0, mastery: 0.9, lower: 0.95, upper: 0.99) = error as? PlanningError else {
                return XCTFail("\(error)")
            }
        }
        XCTAssertThrowsError(try planner.plan(mastery: [0.9], intervals: Broken())) { error in
            XCTAssertEqual(error as? PlanningError, .countMismatch(what: "mastery estimates", expected: 2, actual: 1))
        }
    }
}
