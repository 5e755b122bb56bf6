/// Which parameter-store element each used entry of a packed matrix holds.
struct EntryMap: Sendable {
    private var packed: [Int] = []
    private var stored: [Int] = []

    /// Records that packed entry `index` holds store element `source`.
    mutating func add(_ index: Int, from source: Int) {
        packed.append(index)
        stored.append(source)
    }

    /// Copies the store's elements into their packed entries.
    func gather(_ values: UnsafePointer<Float>, into matrix: inout [Float]) {
        matrix.withUnsafeMutableBufferPointer { matrix in
            for k in packed.indices { matrix[packed[k]] = values[stored[k]] }
        }
    }

    /// Adds the packed entries of `gradient` to the store elements they came from.
    func scatter(_ gradient: UnsafePointer<Float>, into gradients: UnsafeMutablePointer<Float>) {
        for k in packed.indices { gradients[stored[k]] += gradient[packed[k]] }
    }
}
