extension Array {
    /// Shuffles the elements in place with a Fisher–Yates pass drawn from `generator`.
    ///
    /// The algorithm is spelled out rather than left to the standard library, so that a seed gives the same order
    /// on every toolchain: for `i` from `count - 1` down to 1, swap element `i` with element
    /// `j = (next() * (i + 1)) >> 64` (the high word of the 128-bit product).
    mutating func seededShuffle(using generator: inout SeededGenerator) {
        guard count > 1 else { return }
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = Int(generator.next().multipliedFullWidth(by: UInt64(i + 1)).high)
            swapAt(i, j)
        }
    }
}
