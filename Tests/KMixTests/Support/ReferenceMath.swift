import Foundation
import KMixTestSupport
@testable import KMix

/// The few operations `ReferenceKernelMix` is written in, on plain arrays of doubles, one token
/// (one vector) at a time.
enum ReferenceMath {
    /// A row-major matrix of doubles.
    struct Matrix: Sendable {
        let rows: Int
        let columns: Int
        let values: [Double]

        /// The matrix `rows x columns` whose rows are laid out end to end in `values`.
        init(rows: Int, columns: Int, values: [Double]) {
            precondition(values.count == rows * columns, "a \(rows) x \(columns) matrix has \(rows * columns) values")
            self.rows = rows
            self.columns = columns
            self.values = values
        }

        /// A two-dimensional tensor, in double precision.
        init(_ tensor: Tensor) {
            precondition(tensor.shape.count == 2, "a matrix has two dimensions, not \(tensor.shape)")
            self.init(rows: tensor.shape[0], columns: tensor.shape[1], values: tensor.scalars.map(Double.init))
        }

        /// Row `index`.
        func row(_ index: Int) -> [Double] { Array(values[(index * columns)..<((index + 1) * columns)]) }

        /// `M x` for a vector `x` of `columns` values.
        func times(_ x: [Double]) -> [Double] {
            precondition(x.count == columns, "a \(rows) x \(columns) matrix takes \(columns) values, not \(x.count)")
            return (0..<rows).map { row in
                var sum = 0.0
                for column in 0..<columns { sum += values[row * columns + column] * x[column] }
                return sum
            }
        }
    }

    /// A Hugging Face `Linear`: `y = W x + b`, the weight stored `out x in`.
    struct Linear: Sendable {
        let weight: Matrix
        let bias: [Double]

        /// The layer whose weight is `weight` (`out x in`) and bias `bias` (`out`).
        init(weight: Tensor, bias: Tensor) {
            self.weight = Matrix(weight)
            self.bias = bias.scalars.map(Double.init)
        }

        func callAsFunction(_ x: [Double]) -> [Double] { add(weight.times(x), bias) }
    }

    /// A layer norm's gain and shift.
    struct Norm: Sendable {
        let gamma: [Double]
        let beta: [Double]
        let epsilon: Double

        init(gamma: Tensor, beta: Tensor, epsilon: Float) {
            self.gamma = gamma.scalars.map(Double.init)
            self.beta = beta.scalars.map(Double.init)
            self.epsilon = Double(epsilon)
        }

        /// `γ (x − mean) / √(variance + ε) + β`, with the biased variance.
        func callAsFunction(_ x: [Double]) -> [Double] {
            let mean = x.reduce(0, +) / Double(x.count)
            let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)
            let deviation = (variance + epsilon).squareRoot()
            return x.indices.map { gamma[$0] * (x[$0] - mean) / deviation + beta[$0] }
        }
    }

    /// Element-wise sum.
    static func add(_ x: [Double], _ y: [Double]) -> [Double] {
        precondition(x.count == y.count, "adding \(x.count) values to \(y.count)")
        return zip(x, y).map { $0 + $1 }
    }

    /// `factor · x`.
    static func scale(_ x: [Double], by factor: Double) -> [Double] { x.map { $0 * factor } }

    /// The inner product.
    static func dot(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "a dot product of \(x.count) and \(y.count) values")
        return zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// `softmax(x)`, shifted by the maximum.
    static func softmax(_ x: [Double]) -> [Double] {
        let maximum = x.max()!
        let exponentials = x.map { exp($0 - maximum) }
        let sum = exponentials.reduce(0, +)
        return exponentials.map { $0 / sum }
    }

    /// `log Σ exp(x)`.
    static func logSumExp(_ x: [Double]) -> Double {
        let maximum = x.max()!
        return maximum + log(x.reduce(0) { $0 + exp($1 - maximum) })
    }

    /// GELU in its exact (erf) form, as BERT's `hidden_act: gelu`.
    static func gelu(_ x: Double) -> Double { 0.5 * x * (1 + erf(x / 2.0.squareRoot())) }
}
