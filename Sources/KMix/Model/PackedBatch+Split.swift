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
        var grouping = SequenceGrouping()
        grouping.assign(self, parts: parts)
        return grouping.members.prefix(grouping.count).map { members in
            var group = PackedBatch(sequences: [])
            group.select(members, of: self)
            return Group(batch: group, members: members)
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

    /// Replaces this batch's sequences by `members` of `batch`, in that order,
    /// keeping the arrays' capacity (nothing is allocated when they are large enough).
    mutating func select(_ members: [Int], of batch: PackedBatch) {
        tokenIDs.removeAll(keepingCapacity: true)
        typeIDs.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        for member in members {
            let rows = batch.offsets[member]..<(batch.offsets[member] + batch.lengths[member])
            offsets.append(tokenIDs.count)
            lengths.append(rows.count)
            tokenIDs.append(contentsOf: batch.tokenIDs[rows])
            typeIDs.append(contentsOf: batch.typeIDs[rows])
        }
    }
}

/// The assignment of a batch's sequences to groups that `PackedBatch.split`
/// makes, computed in arrays that are reused from batch to batch.
struct SequenceGrouping {
    /// The nonempty groups' members, each in increasing order: the first `count` entries.
    private(set) var members: [[Int]] = []
    /// Nonempty groups.
    private(set) var count = 0
    private var order: [Int] = []
    private var loads: [Int] = []

    /// Splits `batch`'s sequences into at most `parts` groups of nearly equal
    /// token counts: longest first (ties in index order), each to the lightest
    /// group (ties to the first); empty groups are dropped.
    mutating func assign(_ batch: PackedBatch, parts: Int) {
        let groups = max(1, min(parts, batch.count))
        order.removeAll(keepingCapacity: true)
        for sequence in 0..<batch.count {
            order.append(sequence)
            var slot = order.count - 1
            while slot > 0 && batch.lengths[order[slot - 1]] < batch.lengths[sequence] {
                order[slot] = order[slot - 1]
                slot -= 1
            }
            order[slot] = sequence
        }
        loads.removeAll(keepingCapacity: true)
        loads.append(contentsOf: repeatElement(0, count: groups))
        while members.count < groups { members.append([]) }
        for group in 0..<groups { members[group].removeAll(keepingCapacity: true) }
        for sequence in order {
            var lightest = 0
            for group in 1..<groups where loads[group] < loads[lightest] { lightest = group }
            loads[lightest] += batch.lengths[sequence]
            members[lightest].append(sequence)
        }
        count = 0
        for group in 0..<groups where !members[group].isEmpty {
            Self.sortAscending(&members[group])
            members.swapAt(count, group)
            count += 1
        }
    }

    /// Insertion sort (groups are small, and it allocates nothing).
    private static func sortAscending(_ values: inout [Int]) {
        for index in values.indices.dropFirst() {
            let value = values[index]
            var slot = index
            while slot > 0 && values[slot - 1] > value {
                values[slot] = values[slot - 1]
                slot -= 1
            }
            values[slot] = value
        }
    }
}
