/// The tokens of one text (or pair of texts), special tokens included.
public struct Encoding: Sendable, Equatable {
    /// Token ids, special tokens included (`[CLS] … [SEP]` for BERT, `<s> … </s>` for RoBERTa, none for GPT-2).
    public var ids: [Int32]
    /// Token type (segment) ids: 0 for the first text and its special tokens, 1 for the second text of a pair
    /// (0 throughout for RoBERTa).
    public var typeIDs: [Int32]
    /// The token strings, parallel to `ids`.
    public var tokens: [String]

    /// An encoding from parallel arrays of ids, type ids and token strings.
    public init(ids: [Int32], typeIDs: [Int32], tokens: [String]) {
        self.ids = ids
        self.typeIDs = typeIDs
        self.tokens = tokens
    }

    /// The number of tokens.
    public var count: Int { ids.count }
}

extension Encoding {
    /// Drops every token after the first `count`.
    mutating func keepFirst(_ count: Int) {
        guard count < ids.count else { return }
        ids.removeSubrange(count...)
        typeIDs.removeSubrange(count...)
        tokens.removeSubrange(count...)
    }
}
