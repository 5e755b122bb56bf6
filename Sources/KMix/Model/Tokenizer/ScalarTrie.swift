/// A trie over Unicode scalars that maps keys to token ids and finds the longest key at a position.
///
/// Keys compare scalar by scalar, as Hugging Face `tokenizers` compares bytes; Swift `String` equality
/// (canonical equivalence) would merge "é" and "e\u{301}".
struct ScalarTrie: Sendable {
    /// Child node of (node, scalar), keyed by `node << 21 | scalar`.
    private var children: [UInt64: Int32] = [:]
    /// The id stored at each node, or -1; node 0 is the root.
    private var values: [Int32] = [-1]

    /// Stores `id` under `key`, replacing an earlier id; an empty key is ignored, since it can never match.
    mutating func insert<Key: Sequence<Unicode.Scalar>>(_ key: Key, id: Int32) {
        var node: Int32 = 0
        var isEmpty = true
        for scalar in key {
            isEmpty = false
            let edge = Self.edge(node, scalar)
            if let child = children[edge] {
                node = child
            } else {
                let child = Int32(values.count)
                values.append(-1)
                children[edge] = child
                node = child
            }
        }
        if !isEmpty { values[Int(node)] = id }
    }

    /// The longest key that `scalars[start..<end]` starts with: its id and its length in scalars.
    func longestPrefix(of scalars: [Unicode.Scalar], from start: Int, to end: Int) -> (id: Int32, length: Int)? {
        var node: Int32 = 0
        var best: (id: Int32, length: Int)?
        var index = start
        while index < end, let child = children[Self.edge(node, scalars[index])] {
            node = child
            index += 1
            let id = values[Int(node)]
            if id >= 0 { best = (id, index - start) }
        }
        return best
    }

    private static func edge(_ node: Int32, _ scalar: Unicode.Scalar) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 21 | UInt64(scalar.value)
    }
}
