import KMix

/// Named tensors drawn from one seeded normal stream, in the order they are asked for.
public struct RandomTensors {
    /// The tensors drawn so far, by checkpoint name.
    public private(set) var tensors: [String: Tensor] = [:]
    private var generator: SeededGenerator

    /// A stream seeded with `seed`.
    public init(seed: UInt64) {
        generator = SeededGenerator(seed: seed)
    }

    /// Draws `name`: `offset + scale · N(0, 1)` for each of its elements.
    public mutating func draw(_ name: String, _ shape: [Int], scale: Double, offset: Float = 0) {
        let count = shape.reduce(1, *)
        tensors[name] = Tensor(shape: shape, scalars: (0..<count).map { _ in offset + Float(generator.nextNormal() * scale) })
    }
}
