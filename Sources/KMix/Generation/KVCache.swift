/// The keys and values one sequence has produced so far, for every layer: what a decoder needs to run one more
/// position without recomputing the ones before it.
///
/// Room for `capacity` positions is allocated up front (prompt + new tokens), so decoding allocates nothing.
/// Per layer, keys then values, each `capacity x d` with head h in columns `h·dh ..< (h+1)·dh`: the layout of the
/// key and value thirds of a `qkv` row, so a row is copied in as it is.
///
/// `@unchecked Sendable` because during a step each cache belongs to the one worker decoding its sequence
/// (`IncrementalDecoder` hands every worker its own rows), and the search reads and reorders caches only between
/// steps, on the caller's thread.
final class KVCache: @unchecked Sendable {
    /// Positions the cache holds.
    let capacity: Int
    /// Width of a key (d).
    let width: Int
    /// Positions filled so far.
    private(set) var length = 0
    private let layerCount: Int
    private let storage: UnsafeMutablePointer<Float>

    /// An empty cache for `layers` layers of width `width`, with room for `capacity` positions.
    init(layers: Int, width: Int, capacity: Int) {
        self.capacity = capacity
        self.width = width
        layerCount = layers
        storage = .allocate(capacity: max(1, layers * 2 * capacity * width))
    }

    deinit { storage.deallocate() }

    /// Layer `layer`'s keys, `capacity x d`.
    func keys(_ layer: Int) -> UnsafeMutablePointer<Float> { storage + layer * 2 * capacity * width }

    /// Layer `layer`'s values, `capacity x d`.
    func values(_ layer: Int) -> UnsafeMutablePointer<Float> { keys(layer) + capacity * width }

    /// Writes the keys and values of `rows` new positions of layer `layer`, read from `qkv` rows (stride 3d: query,
    /// key, value) starting at position `length`; `commit` then counts them.
    func store(layer: Int, qkv: UnsafePointer<Float>, rows: Int) {
        let d = width, k = keys(layer) + length * d, v = values(layer) + length * d
        for row in 0..<rows {
            (k + row * d).update(from: qkv + row * 3 * d + d, count: d)
            (v + row * d).update(from: qkv + row * 3 * d + 2 * d, count: d)
        }
    }

    /// Counts `rows` positions written by `store` in every layer.
    func commit(_ rows: Int) { length += rows }

    /// Makes this cache a copy of `other`'s filled positions (a beam taking over its parent's history).
    func copy(from other: KVCache) {
        for layer in 0..<layerCount {
            keys(layer).update(from: other.keys(layer), count: other.length * width)
            values(layer).update(from: other.values(layer), count: other.length * width)
        }
        length = other.length
    }
}
