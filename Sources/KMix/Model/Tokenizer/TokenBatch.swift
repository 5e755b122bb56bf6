/// Encodings padded on the right to the longest one, as flat row-major arrays ready for a model.
public struct TokenBatch: Sendable, Equatable {
    /// The number of rows (encodings).
    public let batchSize: Int
    /// The length of every row: the longest encoding in the batch (0 for an empty batch).
    public let sequenceLength: Int
    /// Token ids, `batchSize x sequenceLength`, padded with the pad id.
    public let ids: [Int32]
    /// Token type ids, `batchSize x sequenceLength`, padded with 0.
    public let typeIDs: [Int32]
    /// 1 at real tokens, 0 at padding, `batchSize x sequenceLength`.
    public let attentionMask: [Int32]
    /// The number of real tokens in each row.
    public let lengths: [Int]

    /// Pads `encodings` with `padID` (type id 0, attention 0) to the length of the longest.
    public init(_ encodings: [Encoding], padID: Int32) {
        let width = encodings.map(\.ids.count).max() ?? 0
        var ids = [Int32](repeating: padID, count: encodings.count * width)
        var typeIDs = [Int32](repeating: 0, count: encodings.count * width)
        var attentionMask = [Int32](repeating: 0, count: encodings.count * width)
        for (row, encoding) in encodings.enumerated() {
            let start = row * width
            for (column, id) in encoding.ids.enumerated() {
                ids[start + column] = id
                attentionMask[start + column] = 1
            }
            for (column, typeID) in encoding.typeIDs.prefix(encoding.ids.count).enumerated() {
                typeIDs[start + column] = typeID
            }
        }
        self.batchSize = encodings.count
        self.sequenceLength = width
        self.ids = ids
        self.typeIDs = typeIDs
        self.attentionMask = attentionMask
        self.lengths = encodings.map(\.ids.count)
    }
}
