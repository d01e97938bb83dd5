import MasteryData
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The columns of a training set that the sweep's skill pass reads, stored skill by skill (each
/// skill's rows in row order, so grouped by student), made once per fit.
///
/// Read through an index into the row-ordered columns instead, every row of the skill pass
/// costs a cache miss per column on a large set (20 million rows: a third of that pass's time
/// went to the first such load); stored in the order the pass walks them, they stream.
///
/// The default fit of 0/1 answers has only the two lifetime counts per row, whole numbers, so
/// that fit stores each row's outcome in a byte and its counts in two 16-bit halves (9 bytes a
/// row with the student, against 16): on a province's 100 M rows, 700 MB less. The compact
/// layout is chosen only when every row's values come back exactly (``WholeCountLogs``), so a
/// fit reads the same numbers in either layout.
final class SkillMajorRows {
    let student: UnsafeMutablePointer<UInt32>
    /// Empty (one unused slot) when the set has no items.
    let item: UnsafeMutablePointer<UInt32>
    /// One value, 1, read with stride 0 when the set's rows all weigh 1.
    let weight: UnsafeMutablePointer<Float>
    /// 1, or 0 over a single 1 (``TrainingSet/hasUnitWeights``).
    let weightStride: Int
    /// Whether the rows use the compact layout: ``outcome`` and ``counts`` instead of ``target``
    /// and ``practice``, whose single slots are then unused (and the other way round).
    let isCompact: Bool
    let target: UnsafeMutablePointer<Float>
    /// ``TrainingSet/practiceStride`` values per row.
    let practice: UnsafeMutablePointer<Float>
    /// The 0/1 outcome of each row (compact layout).
    let outcome: UnsafeMutablePointer<UInt8>
    /// Wins in the low 16 bits, fails in the high 16 (compact layout).
    let counts: UnsafeMutablePointer<UInt32>

    init(_ set: TrainingSet) {
        let count = max(set.rowCount, 1)
        let student: UnsafeMutablePointer<UInt32> = HugePages.allocate(count)
        let item: UnsafeMutablePointer<UInt32> = set.itemCount > 0 ? HugePages.allocate(count) : .allocate(capacity: 1)
        let weight: UnsafeMutablePointer<Float> = set.hasUnitWeights ? .allocate(capacity: 1) : HugePages.allocate(count)
        if set.hasUnitWeights { weight[0] = 1 }
        _ = Self.scatterBySkill(set) { row, position in
            student[position] = set.rowStudent[row]
            if set.itemCount > 0 { item[position] = set.rowItem[row] }
            if !set.hasUnitWeights { weight[position] = set.storedWeights[row] }
            return true
        }
        (self.student, self.item, self.weight) = (student, item, weight)
        weightStride = set.hasUnitWeights ? 0 : 1
        if let (outcome, counts) = Self.compactColumns(set) {
            isCompact = true
            (self.outcome, self.counts) = (outcome, counts)
            (target, practice) = (.allocate(capacity: 1), .allocate(capacity: 1))
        } else {
            isCompact = false
            (outcome, counts) = (.allocate(capacity: 1), .allocate(capacity: 1))
            let stride = set.practiceStride
            let target: UnsafeMutablePointer<Float> = HugePages.allocate(count)
            let practice: UnsafeMutablePointer<Float> = HugePages.allocate(count * stride)
            _ = Self.scatterBySkill(set) { row, position in
                target[position] = set.rowTarget[row]
                for term in 0..<stride { practice[position * stride + term] = set.rowPractice[row * stride + term] }
                return true
            }
            (self.target, self.practice) = (target, practice)
        }
    }

    deinit {
        student.deallocate()
        item.deallocate()
        for column in [weight, target, practice] { column.deallocate() }
        outcome.deallocate()
        counts.deallocate()
    }

    /// Calls `body(row, position)` for every row in row order with its place in the skill-major
    /// order (a stable counting sort by skill), until `body` returns false; returns whether every
    /// row was visited.
    @inline(__always)
    static func scatterBySkill(_ set: TrainingSet, _ body: (_ row: Int, _ position: Int) -> Bool) -> Bool {
        var next = set.skillOffsets
        for row in 0..<set.rowCount {
            let skill = Int(set.rowSkill[row])
            guard body(row, next[skill]) else { return false }
            next[skill] += 1
        }
        return true
    }

    /// The compact columns, or nil unless the set has 0/1 outcomes, no further practice features,
    /// and every practice value is the logarithm of a whole count below 2¹⁶ exactly as
    /// ``WholeCountLogs`` gives it.
    static func compactColumns(_ set: TrainingSet) -> (UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<UInt32>)? {
        guard set.isBinary, set.practiceStride == 2 else { return nil }
        let count = max(set.rowCount, 1)
        let outcome: UnsafeMutablePointer<UInt8> = HugePages.allocate(count)
        let counts: UnsafeMutablePointer<UInt32> = HugePages.allocate(count)
        let complete = scatterBySkill(set) { row, position in
            let target = set.rowTarget[row]
            guard target == 0 || target == 1,
                  let wins = WholeCountLogs.count(of: set.rowPractice[row * 2]),
                  let fails = WholeCountLogs.count(of: set.rowPractice[row * 2 + 1]) else { return false }
            outcome[position] = target == 1 ? 1 : 0
            counts[position] = UInt32(wins) | UInt32(fails) << 16
            return true
        }
        guard complete else {
            outcome.deallocate()
            counts.deallocate()
            return nil
        }
        return (outcome, counts)
    }
}

/// `Float(log(1 + n))` for every whole count `n` below 2¹⁶: the practice values of the compact
/// skill-major layout, and their inverse.
enum WholeCountLogs {
    static let size = 1 << 16

    /// Lives as long as the process; written once before any read, so sharing it is safe.
    nonisolated(unsafe) static let table: UnsafePointer<Float> = {
        let values = UnsafeMutablePointer<Float>.allocate(capacity: size)
        for count in 0..<size { values[count] = Float(log1p(Double(count))) }
        return UnsafePointer(values)
    }()

    /// The count whose logarithm is exactly `value`, or nil.
    @inline(__always)
    static func count(of value: Float) -> Int? {
        guard value >= 0, value < 12 else { return nil }
        // In Float: a count below 2¹⁶ comes back within 0.05 of a whole number, and the table
        // check below settles it.
        let count = Int(expm1f(value).rounded())
        guard count < size, table[count] == value else { return nil }
        return count
    }
}
