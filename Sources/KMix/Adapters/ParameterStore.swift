/// Trainable tensors kept end to end in one float array, each under a name.
///
/// One flat array makes the optimiser, gradient clipping and checkpointing
/// simple loops; the names (e.g. `layers.0.q.heads.3.A`) are what checkpoints
/// store and what `docs/formats.md` documents.
public struct ParameterStore: Sendable, Equatable {
    /// Where one named tensor lives in `values`.
    public struct Entry: Sendable, Equatable {
        /// The tensor's name.
        public let name: String
        /// Its shape.
        public let shape: [Int]
        /// Its index range in `values`.
        public let range: Range<Int>
    }

    /// Every tensor's elements, in entry order.
    public var values: [Float]
    /// The tensors, in storage order.
    public private(set) var entries: [Entry]
    private var index: [String: Int]

    /// An empty store.
    public init() {
        values = []
        entries = []
        index = [:]
    }

    /// Appends a zero tensor called `name` of `shape`; returns its range.
    @discardableResult
    public mutating func append(_ name: String, shape: [Int]) -> Range<Int> {
        precondition(index[name] == nil, "parameter \(name) is defined twice")
        let range = values.count..<(values.count + shape.reduce(1, *))
        index[name] = entries.count
        entries.append(Entry(name: name, shape: shape, range: range))
        values.append(contentsOf: repeatElement(0, count: range.count))
        return range
    }

    /// The entry called `name`, if any.
    public func entry(_ name: String) -> Entry? { index[name].map { entries[$0] } }

    /// The name of the tensor that holds element `offset` of `values`.
    public func entryName(at offset: Int) -> String {
        entries.first { $0.range.contains(offset) }?.name ?? "element \(offset)"
    }

    /// A copy of the tensor called `name`.
    public func tensor(_ name: String) -> Tensor? {
        entry(name).map { Tensor(shape: $0.shape, scalars: Array(values[$0.range])) }
    }

    /// Overwrites the tensor called `name`.
    /// - Precondition: the store has it, with `tensor`'s shape.
    public mutating func set(_ name: String, _ tensor: Tensor) {
        guard let entry = entry(name) else { preconditionFailure("no parameter \(name)") }
        precondition(entry.shape == tensor.shape, "\(name) has shape \(entry.shape), not \(tensor.shape)")
        values.replaceSubrange(entry.range, with: tensor.scalars)
    }

    /// Number of scalars.
    public var count: Int { values.count }
}
