import MasteryData
extension Curriculum {
    /// A random layered prerequisite DAG of any size, for scale tests and benchmarks.
    ///
    /// Skills are split into about √n layers; the first layer has no prerequisites, every later
    /// skill has at least one, drawn mostly from the layer just before (so paths are long and
    /// narrow like a real syllabus) and sometimes from any earlier layer. The number of
    /// prerequisites per skill averages `averagePrerequisites` over the whole curriculum.
    /// Names are generic ("Kỹ năng 17"), one lesson resource per skill on the placeholder host.
    public static func random(skills count: Int, averagePrerequisites: Double = 1.5, seed: UInt64) throws(SimulationError) -> Curriculum {
        guard count >= 1 else {
            throw .invalidConfiguration("a random curriculum needs at least one skill, got \(count)")
        }
        guard averagePrerequisites >= 0, averagePrerequisites.isFinite else {
            throw .invalidConfiguration("averagePrerequisites must be a finite number ≥ 0, got \(averagePrerequisites)")
        }
        var random = SeededRandom(seed: seed, stream: RandomStream.curriculum)
        let layerCount = count == 1 ? 1 : max(2, Int(Double(count).squareRoot().rounded()))
        // Layer l holds skills layerStarts[l]..<layerStarts[l + 1]; sizes differ by at most one.
        let layerStarts = (0...layerCount).map { $0 * count / layerCount }
        let rootCount = layerStarts[1]
        // Only non-root skills take prerequisites, so they carry the whole average.
        let perNonRoot = count > rootCount ? averagePrerequisites * Double(count) / Double(count - rootCount) : 0

        let width = String(count).count
        func id(_ index: Int) -> String {
            let digits = String(index + 1)
            return "K" + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }

        var skills = SkillCatalog()
        var prerequisites: [PrerequisiteGraph.Edge] = []
        var resources: [[Resource]] = []
        resources.reserveCapacity(count)
        for layer in 0..<layerCount {
            for index in layerStarts[layer]..<layerStarts[layer + 1] {
                skills.add(id: id(index), name: "Kỹ năng \(index + 1)", subject: "Toán", grade: "6", topic: "Chủ đề \(layer + 1)")
                resources.append([Resource(title: "Bài giảng: Kỹ năng \(index + 1)",
                                           url: "https://thuvien.example.edu.vn/ky-nang/\(id(index).lowercased())")])
                guard layer > 0 else { continue }
                let earlier = layerStarts[layer]
                let previousLayer = layerStarts[layer - 1]..<earlier
                // floor(perNonRoot) or one more, with the right probability, and at least one.
                let whole = Int(perNonRoot)
                let wanted = whole + (random.nextBernoulli(perNonRoot - Double(whole)) ? 1 : 0)
                let target = min(max(1, wanted), earlier)
                var chosen: Set<Int> = []
                while chosen.count < target {
                    let candidate = random.nextBernoulli(0.8)
                        ? previousLayer.lowerBound + random.nextInt(below: previousLayer.count)
                        : random.nextInt(below: earlier)
                    chosen.insert(candidate)
                }
                for prerequisite in chosen.sorted() {
                    prerequisites.append(PrerequisiteGraph.Edge(prerequisite: prerequisite, skill: index))
                }
            }
        }
        return try Curriculum(skills: skills, prerequisites: prerequisites, resources: resources)
    }
}
