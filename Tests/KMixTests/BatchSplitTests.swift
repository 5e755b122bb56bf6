import Testing
@testable import KMix

/// Splitting a batch over workers, anew (`PackedBatch.split`) and in reused arrays (`SequenceGrouping`).
struct BatchSplitTests {
    @Test func splittingInPlaceMatchesSplittingAnew() {
        let lengths = [5, 9, 9, 2, 7, 5, 1, 9, 3]
        let batch = PackedBatch(sequences: lengths.enumerated().map { index, length in
            (0..<length).map { Int32(index * 100 + $0) }
        })
        var grouping = SequenceGrouping()
        var reused = PackedBatch(sequences: [])
        for parts in [3, 1, 2, 20] {
            let groups = batch.split(into: parts)
            grouping.assign(batch, parts: parts)
            #expect(grouping.count == groups.count)
            for (index, group) in groups.enumerated() {
                #expect(grouping.members[index] == group.members)
                #expect(group.members == group.members.sorted())
                reused.select(group.members, of: batch)
                #expect(reused == group.batch)
            }
            #expect(groups.flatMap(\.members).sorted() == Array(lengths.indices))
        }
        let three = batch.split(into: 3).map { $0.batch.tokenCount }
        #expect(three.max()! - three.min()! <= 2, "longest first, each to the lightest group: \(three)")
    }
}
