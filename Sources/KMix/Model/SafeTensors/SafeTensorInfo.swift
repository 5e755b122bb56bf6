/// Where one tensor lives in a safetensors file, as its header declares it.
public struct SafeTensorInfo: Sendable, Equatable {
    /// The tensor's name, the key of its header entry.
    public let name: String
    /// The element type of the stored data.
    public let dtype: SafeTensorsDType
    /// The size of each dimension, outermost first; `[]` is a scalar.
    public let shape: [Int]
    /// The tensor's bytes, relative to the start of the data section.
    public let dataOffsets: Range<Int>

    /// The number of elements (the product of the shape; 1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }
}
