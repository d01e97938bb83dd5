/// Solves `matrix · x = rhs` by plain Gaussian elimination with partial pivoting: the independent
/// solve that the numeric tests check BLAS/LAPACK-based Newton steps against.
public func solveByGaussianElimination(_ matrix: [[Double]], _ rhs: [Double]) -> [Double] {
    var a = matrix
    var b = rhs
    let n = b.count
    for column in 0..<n {
        let pivot = (column..<n).max { abs(a[$0][column]) < abs(a[$1][column]) }!
        a.swapAt(column, pivot)
        b.swapAt(column, pivot)
        for row in (column + 1)..<n {
            let factor = a[row][column] / a[column][column]
            for k in column..<n { a[row][k] -= factor * a[column][k] }
            b[row] -= factor * b[column]
        }
    }
    var x = [Double](repeating: 0, count: n)
    for row in stride(from: n - 1, through: 0, by: -1) {
        var sum = b[row]
        for k in (row + 1)..<n { sum -= a[row][k] * x[k] }
        x[row] = sum / a[row][row]
    }
    return x
}
