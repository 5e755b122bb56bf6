/// Token sequences stored end to end, with no padding.
///
/// Every position-wise layer runs on the packed rows, so a batch costs exactly
/// its real tokens; attention reads each sequence's own rows.
public struct PackedBatch: Sendable, Equatable {
    /// Token ids of all sequences, concatenated.
    public internal(set) var tokenIDs: [Int32]
    /// Token type ids (0 for the first sentence, 1 for the second), concatenated.
    public internal(set) var typeIDs: [Int32]
    /// Number of tokens of each sequence.
    public internal(set) var lengths: [Int]
    /// Index of each sequence's first token in the packed rows.
    public internal(set) var offsets: [Int]

    /// Packs sequences of token ids, with their type ids (all 0 when nil).
    /// - Precondition: every type-id row has its sequence's length.
    public init(sequences: [[Int32]], typeIDs: [[Int32]]? = nil) {
        precondition(typeIDs == nil || typeIDs!.map(\.count) == sequences.map(\.count),
                     "type ids must match the sequences' lengths")
        tokenIDs = sequences.flatMap { $0 }
        self.typeIDs = typeIDs?.flatMap { $0 } ?? [Int32](repeating: 0, count: tokenIDs.count)
        lengths = sequences.map(\.count)
        var running = 0
        offsets = lengths.map { length in
            defer { running += length }
            return running
        }
    }

    /// Number of sequences.
    public var count: Int { lengths.count }
    /// Number of tokens in all sequences.
    public var tokenCount: Int { tokenIDs.count }
    /// Length of the longest sequence.
    public var maxLength: Int { lengths.max() ?? 0 }
}
