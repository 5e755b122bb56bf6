/// A dense float32 tensor stored row-major (the last dimension varies fastest).
///
/// The engine's matrices are tensors of rank 2; weights keep the layout their
/// checkpoint gives them (a Hugging Face `Linear` stores `out x in`).
public struct Tensor: Sendable, Equatable {
    /// The size of each dimension, outermost first.
    public var shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.product`.
    public var scalars: [Float]

    /// A tensor of the given shape holding `scalars`.
    /// - Precondition: the element count matches the shape.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.reduce(1, *) == scalars.count,
                     "tensor shape \(shape) does not hold \(scalars.count) elements")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of the given shape filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        self.shape = shape
        self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// The number of elements.
    public var count: Int { scalars.count }

    /// Rows of a rank-2 tensor (the first dimension).
    public var rows: Int { shape[0] }

    /// Columns of a rank-2 tensor (the product of all but the first dimension).
    public var columns: Int { shape.dropFirst().reduce(1, *) }
}

extension Tensor {
    /// A rank-2 tensor's transpose (`columns x rows`).
    public func transposed() -> Tensor {
        let r = rows, c = columns
        var result = [Float](repeating: 0, count: count)
        scalars.withUnsafeBufferPointer { source in
            for i in 0..<r {
                for j in 0..<c { result[j * r + i] = source[i * c + j] }
            }
        }
        return Tensor(shape: [c, r], scalars: result)
    }
}
