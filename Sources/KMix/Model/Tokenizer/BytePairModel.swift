/// One merge of a byte-pair model: the ids of the two tokens and of the token they make.
struct BytePairMerge: Sendable {
    /// The left token.
    var left: Int32
    /// The right token.
    var right: Int32
    /// The token the two make.
    var merged: Int32
}

/// The BPE model of Hugging Face `tokenizers` over the bytes of a byte-level piece: each byte becomes the token
/// of its character (`ByteLevelAlphabet`), then the pair of neighbours with the lowest merge rank (the leftmost
/// of equals) is merged, again and again, exactly in the order `tokenizers`' priority queue takes them.
struct BytePairModel: Sendable {
    /// The token of each byte's character, or -1 when the vocabulary lacks it.
    private let byteIDs: [Int32]
    /// Rank and result of each mergeable pair, keyed by `left << 32 | right`.
    private let merges: [UInt64: (rank: UInt32, merged: Int32)]
    /// The token for bytes missing from the vocabulary, or nil to drop them.
    private let unknownID: Int32?
    /// Whether consecutive missing bytes make one unknown token.
    private let fuseUnknown: Bool

    /// A model over `vocabulary` with `merges` in rank order; a later merge of the same pair replaces an earlier one.
    init(vocabulary: [(token: String, id: Int32)], merges: [BytePairMerge], unknownID: Int32?, fuseUnknown: Bool) {
        var byteIDs = [Int32](repeating: -1, count: 256)
        for (token, id) in vocabulary {
            var scalars = token.unicodeScalars.makeIterator()
            if let scalar = scalars.next(), scalars.next() == nil, let byte = ByteLevelAlphabet.byte(for: scalar) {
                byteIDs[Int(byte)] = id
            }
        }
        var table: [UInt64: (rank: UInt32, merged: Int32)] = [:]
        table.reserveCapacity(merges.count)
        for (rank, merge) in merges.enumerated() {
            table[Self.key(merge.left, merge.right)] = (UInt32(truncatingIfNeeded: rank), merge.merged)
        }
        self.byteIDs = byteIDs
        self.merges = table
        self.unknownID = unknownID
        self.fuseUnknown = fuseUnknown
    }

    /// Appends the tokens of the piece whose UTF-8 is `bytes` to `ids`.
    func tokenize(_ bytes: [UInt8], into ids: inout [Int32]) {
        guard !bytes.isEmpty else { return }
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: bytes.count) { buffer in
            guard let symbols = buffer.baseAddress else { return }
            let count = initialSymbols(bytes, into: symbols)
            if count > 1 {
                BytePairWord.mergeAll(symbols: symbols, count: count, merges: merges, into: &ids)
            } else {
                ids.append(contentsOf: UnsafeBufferPointer(start: symbols, count: count))
            }
        }
    }

    /// Writes the token of each byte to `symbols` (missing bytes dropped, or unknown, fused or not); returns the count.
    private func initialSymbols(_ bytes: [UInt8], into symbols: UnsafeMutablePointer<Int32>) -> Int {
        var count = 0
        var previousUnknown = false
        for byte in bytes {
            let id = byteIDs[Int(byte)]
            if id >= 0 {
                symbols[count] = id
                count += 1
                previousUnknown = false
            } else if let unknownID, !(fuseUnknown && previousUnknown) {
                symbols[count] = unknownID
                count += 1
                previousUnknown = true
            }
        }
        return count
    }

    static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }
}
