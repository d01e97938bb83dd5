import FuzzSupport
import MasteryData
import MasteryModel
import Recommend

// The .lotrinh reader. Each input is loaded twice: as it is (almost every mutation must die at
// the checksum), and "resealed" with its recorded size and SHA-256 recomputed, as a forger or a
// buggy writer would leave it, so the fuzzer reaches the structural checks behind the checksum.
// A file that loads must then serve requests (fold-in, mastery, a path) without crashing and with
// probabilities in [0, 1], and write back to a file that loads to the same model.

private let scratch = ScratchFile("model.lotrinh")
private let rewritten = ScratchFile("rewritten.lotrinh")

private let headerFileSizeOffset = 24
private let checksumSize = 32

func fuzzModelFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = inputBytes(data, size)
    scratch.write(input)
    if let model = try? MasteryModel.load(from: scratch.path) { exercise(model) }
    if size >= headerFileSizeOffset + 8 + checksumSize {
        var bytes = [UInt8](input)
        withUnsafeBytes(of: UInt64(size).littleEndian) { bytes.replaceSubrange(headerFileSizeOffset..<(headerFileSizeOffset + 8), with: $0) }
        bytes.replaceSubrange((size - checksumSize)..., with: Digest.sha256(Array(bytes.dropLast(checksumSize))))
        bytes.withUnsafeBytes { scratch.write($0) }
        if let model = try? MasteryModel.load(from: scratch.path) { exercise(model) }
    }
    return 0
}

private func exercise(_ model: MasteryModel) {
    guard model.skillCount > 0 else { return }
    let recommender = try! Recommender(model: model)
    let skill = model.metadata.skillIds[0]
    for state in [recommender.newStudent(), try? recommender.state(after: [AnswerRecord(skillId: skill, outcome: 1)])] {
        guard let state else { continue }
        let masteries = try! recommender.mastery(of: state)
        require(masteries.allSatisfy { (0...1).contains($0.probability) && $0.lower <= $0.probability && $0.probability <= $0.upper },
                     "a verified model gave a mastery outside [0, 1]")
        _ = try? recommender.path(for: state)
    }
    try! model.write(to: rewritten.path)
    let reloaded = try! MasteryModel.load(from: rewritten.path)
    require(reloaded.metadata == model.metadata && reloaded.skillFactors == model.skillFactors
                     && reloaded.studentIds == model.studentIds && reloaded.itemBias == model.itemBias,
                 "a model does not survive writing and loading again")
}
