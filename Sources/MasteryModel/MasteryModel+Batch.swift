import Dispatch
import LinearAlgebra

/// Mastery probabilities of many students at once: row `i` holds student `i`'s probability for
/// every skill, in the model's skill order.
public struct MasteryMatrix: Sendable, Equatable {
    /// The number of rows: one per state given, in the same order.
    public let students: Int
    /// The number of columns: the model's skill count.
    public let skills: Int
    /// Row-major, `students × skills`.
    public let values: [Float]

    /// `student`'s probability for `skill`; `skill` must be below ``skills`` (only the flat index
    /// is checked).
    public subscript(student: Int, skill: Int) -> Float { values[student * skills + skill] }
}

extension MasteryModel {
    /// Mastery of every skill for a whole class or school: the student-dependent part of every
    /// logit comes from level-3 BLAS (`dgemm` of the students' parameters by the skills' design,
    /// in blocks of 512 students spread over the cores), then each student's practice counts
    /// are added. Probabilities only: intervals need each student's own covariance (see
    /// ``masteries(of:z:)``).
    public func masteryMatrix(of states: [StudentState]) -> MasteryMatrix {
        let model = self
        let skills = model.skillCount
        let rank = model.rank
        let dimension = rank + 1
        let students = states.count
        // Xᵀ: d × S, column s = (1, q_s); the skill-only part of each logit, μ + b_s.
        var design = [Double](repeating: 1, count: dimension * skills)
        var base = [Double](repeating: 0, count: skills)
        for skill in 0..<skills {
            for j in 0..<rank { design[skill * dimension + 1 + j] = model.skillFactors[skill * rank + j] }
            base[skill] = model.globalBias + model.skillBias[skill]
        }
        var values = [Float](repeating: 0, count: students * skills)
        let block = 512
        let blocks = (students + block - 1) / block
        values.withUnsafeMutableBufferPointer { output in
            design.withUnsafeBufferPointer { design in
                base.withUnsafeBufferPointer { base in
                    let shared = UnsafeSendableBox((output, design, base))
                    DispatchQueue.concurrentPerform(iterations: blocks) { blockIndex in
                        let (output, design, base) = shared.value
                        let first = blockIndex * block
                        let count = min(block, students - first)
                        // Θ_block: d × count, column i = (b_u, p_u) of student first + i.
                        var theta = [Double](repeating: 0, count: dimension * count)
                        for index in 0..<count {
                            for j in 0..<dimension { theta[index * dimension + j] = states[first + index].theta[j] }
                        }
                        // Logits: S × count (column-major), Xᵀᵀ Θ = X Θ.
                        var logits = [Double](repeating: 0, count: skills * count)
                        theta.withUnsafeBufferPointer { theta in
                            logits.withUnsafeMutableBufferPointer { logits in
                                BLAS.gemm(transA: .transpose,
                                          a: MatrixView(baseAddress: design.baseAddress!, rows: dimension, columns: skills),
                                          b: MatrixView(baseAddress: theta.baseAddress!, rows: dimension, columns: count),
                                          c: MutableMatrixView(baseAddress: logits.baseAddress!, rows: skills, columns: count))
                            }
                        }
                        for index in 0..<count {
                            let state = states[first + index]
                            let column = index * skills
                            for (skill, wins) in state.wins { logits[column + skill] += model.gainCorrect[skill] * log1p(wins) }
                            for (skill, fails) in state.fails { logits[column + skill] += model.gainWrong[skill] * log1p(fails) }
                            logits.withUnsafeMutableBufferPointer { model.addPracticeFeatureTerms(of: state, to: $0.baseAddress! + column) }
                            let row = output.baseAddress! + (first + index) * skills
                            for skill in 0..<skills {
                                let z = logits[column + skill] + base[skill]
                                row[skill] = Float(model.probability(ofLogit: z))
                            }
                        }
                    }
                }
            }
        }
        return MasteryMatrix(students: students, skills: skills, values: values)
    }
}

/// Hands buffers to `concurrentPerform`'s workers; each block writes only its own rows.
struct UnsafeSendableBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
