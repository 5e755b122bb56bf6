/// The merge loop of `tokenizers`' BPE `Word::merge_all`, over a doubly linked list of symbols and a min-heap of
/// candidate merges ordered by rank, then position.
///
/// A candidate is dropped when its left symbol is gone or last, or when the pair now there no longer merges into
/// the token it was queued for; after each merge the new pairs with both neighbours are queued.
enum BytePairWord {
    /// Merges the `count` tokens at `symbols` and appends the result to `ids`.
    static func mergeAll(
        symbols: UnsafeMutablePointer<Int32>, count: Int, merges: [UInt64: (rank: UInt32, merged: Int32)],
        into ids: inout [Int32]
    ) {
        // previous and next link each symbol to its neighbours (-1 at the ends); a merged-away symbol is -1.
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * count) { links in
            guard let previous = links.baseAddress else { return }
            let next = previous + count
            for index in 0..<count {
                previous[index] = Int32(index - 1)
                next[index] = index + 1 < count ? Int32(index + 1) : -1
            }
            var queue = MergeQueue(capacity: 3 * count)
            for index in 0..<(count - 1) {
                if let merge = merges[BytePairModel.key(symbols[index], symbols[index + 1])] {
                    queue.push(rank: merge.rank, position: Int32(index), merged: merge.merged)
                }
            }
            while let top = queue.pop() {
                let position = Int(top.position)
                let right = Int(next[position])
                guard symbols[position] >= 0, right >= 0,
                      let merge = merges[BytePairModel.key(symbols[position], symbols[right])],
                      merge.merged == top.merged else { continue }
                symbols[position] = top.merged
                symbols[right] = -1
                let after = next[right]
                next[position] = after
                if after >= 0 { previous[Int(after)] = top.position }
                let before = previous[position]
                if before >= 0, let merge = merges[BytePairModel.key(symbols[Int(before)], top.merged)] {
                    queue.push(rank: merge.rank, position: before, merged: merge.merged)
                }
                if after >= 0, let merge = merges[BytePairModel.key(top.merged, symbols[Int(after)])] {
                    queue.push(rank: merge.rank, position: top.position, merged: merge.merged)
                }
            }
        }
        for index in 0..<count where symbols[index] >= 0 { ids.append(symbols[index]) }
    }
}

/// A binary min-heap of candidate merges keyed by (rank, position).
private struct MergeQueue {
    private var keys: [UInt64] = []
    private var mergedIDs: [Int32] = []

    init(capacity: Int) {
        keys.reserveCapacity(capacity)
        mergedIDs.reserveCapacity(capacity)
    }

    mutating func push(rank: UInt32, position: Int32, merged: Int32) {
        keys.append(UInt64(rank) << 32 | UInt64(UInt32(bitPattern: position)))
        mergedIDs.append(merged)
        var child = keys.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard keys[child] < keys[parent] else { break }
            keys.swapAt(child, parent)
            mergedIDs.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (position: Int32, merged: Int32)? {
        guard let first = keys.first else { return nil }
        let top = (position: Int32(truncatingIfNeeded: first & 0xFFFF_FFFF), merged: mergedIDs[0])
        let lastKey = keys.removeLast()
        let lastMerged = mergedIDs.removeLast()
        guard !keys.isEmpty else { return top }
        keys[0] = lastKey
        mergedIDs[0] = lastMerged
        var parent = 0
        while true {
            var smallest = parent
            let left = 2 * parent + 1
            if left < keys.count && keys[left] < keys[smallest] { smallest = left }
            if left + 1 < keys.count && keys[left + 1] < keys[smallest] { smallest = left + 1 }
            guard smallest != parent else { break }
            keys.swapAt(parent, smallest)
            mergedIDs.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
