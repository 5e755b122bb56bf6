extension Tokenizer {
    /// The text of `ids`, like `tokenizers`' `decode(ids, skip_special_tokens)`: each id's token (an added
    /// token's content first, else the vocabulary's; ids of no token are left out, and special tokens too when
    /// `skipSpecialTokens`), put together by the tokenizer's decoder: byte-level BPE tokens back to their bytes
    /// read as UTF-8 (U+FFFD where they are not), WordPiece pieces joined at their `##` with spaces between words,
    /// or, without a decoder, the tokens separated by spaces.
    public func decode(_ ids: [Int32], skipSpecialTokens: Bool) -> String {
        var tokens: [String] = []
        tokens.reserveCapacity(ids.count)
        for id in ids {
            guard let token = token(for: id), !(skipSpecialTokens && specialIDs.contains(id)) else { continue }
            tokens.append(token)
        }
        return decoder.decode(tokens)
    }
}
