/// The latest rows' student, skill and outcome, gathered in fixed buffers and appended to
/// ``RawRows``' columns a block at a time.
///
/// Appending to three arrays on every row cost a uniqueness check and a capacity check per
/// array, with the array written back into the loader's state each time (a sixth of the parse,
/// perf); here a row is three stores. The buffers are allocated once per reader and never grow.
final class RowStage {
    static let capacity = 4096
    let student = UnsafeMutablePointer<UInt32>.allocate(capacity: RowStage.capacity)
    let skill = UnsafeMutablePointer<UInt32>.allocate(capacity: RowStage.capacity)
    let outcome = UnsafeMutablePointer<Float>.allocate(capacity: RowStage.capacity)

    /// Appends the first `count` staged rows to the columns.
    func move(_ count: Int, student students: inout [UInt32], skill skills: inout [UInt32], outcome outcomes: inout [Float]) {
        students.append(contentsOf: UnsafeBufferPointer(start: student, count: count))
        skills.append(contentsOf: UnsafeBufferPointer(start: skill, count: count))
        outcomes.append(contentsOf: UnsafeBufferPointer(start: outcome, count: count))
    }

    deinit {
        student.deallocate()
        skill.deallocate()
        outcome.deallocate()
    }
}
