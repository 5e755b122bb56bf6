/// Token sequences stored end to end, with no padding.
///
/// Every position-wise layer runs on the packed rows, so a batch costs exactly
/// its real tokens; attention reads each sequence's own rows.
public struct PackedBatch: Sendable, Equatable {
    /// Token ids of all sequences, concatenated.
    public let tokenIDs: [Int32]
    /// Token type ids (0 for the first sentence, 1 for the second), concatenated.
    public let typeIDs: [Int32]
    /// Number of tokens of each sequence.
    public let lengths: [Int]
    /// Index of each sequence's first token in the packed rows.
    public let offsets: [Int]

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

extension PackedBatch {
    /// One group of a split batch: its sequences, packed, and where they came from.
    public struct Group: Sendable, Equatable {
        /// The group's sequences, in their original relative order.
        public let batch: PackedBatch
        /// Each group sequence's index in the whole batch.
        public let members: [Int]
    }

    /// Splits the sequences into at most `parts` groups of nearly equal token
    /// counts (longest first, each to the lightest group); empty groups are dropped.
    public func split(into parts: Int) -> [Group] {
        let count = max(1, min(parts, self.count))
        var loads = [Int](repeating: 0, count: count)
        var assigned = [[Int]](repeating: [], count: count)
        for sequence in lengths.indices.sorted(by: { lengths[$0] > lengths[$1] }) {
            let lightest = loads.indices.min { loads[$0] < loads[$1] }!
            loads[lightest] += lengths[sequence]
            assigned[lightest].append(sequence)
        }
        return assigned.filter { !$0.isEmpty }.map { members in
            let members = members.sorted()
            return Group(batch: PackedBatch(sequences: members.map { sequenceIDs($0) },
                                            typeIDs: members.map { sequenceTypes($0) }),
                         members: members)
        }
    }

    /// The token ids of sequence `index`.
    public func sequenceIDs(_ index: Int) -> [Int32] {
        Array(tokenIDs[offsets[index]..<(offsets[index] + lengths[index])])
    }

    /// The token type ids of sequence `index`.
    public func sequenceTypes(_ index: Int) -> [Int32] {
        Array(typeIDs[offsets[index]..<(offsets[index] + lengths[index])])
    }
}
