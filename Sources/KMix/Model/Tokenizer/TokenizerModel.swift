/// The model step of a `Tokenizer`, with the pre-tokenizer that goes with it: BERT's WordPiece, or GPT-2's
/// byte-level BPE.
enum TokenizerModel: Sendable {
    /// `BertPreTokenizer`, then greedy longest-match WordPiece.
    case wordPiece(WordPiece)
    /// The `ByteLevel` pre-tokenizer, then BPE merges over each piece's bytes.
    case bytePairs(ByteLevelPreTokenizer, BytePairModel)

    /// Appends the ids of the text `scalars[range]` (normalized, free of added tokens) to `ids`.
    func tokenize(_ scalars: [Unicode.Scalar], range: Range<Int>, into ids: inout [Int32]) {
        switch self {
        case .wordPiece(let model):
            BertPreTokenizer.forEachWord(in: scalars, range: range) { word in
                model.tokenize(scalars, word: word, into: &ids)
            }
        case .bytePairs(let preTokenizer, let model):
            var bytes: [UInt8] = []
            preTokenizer.forEachPiece(in: scalars, range: range) { piece in
                bytes.removeAll(keepingCapacity: true)
                for scalar in piece {
                    UTF8.encode(scalar) { bytes.append($0) }
                }
                model.tokenize(bytes, into: &ids)
            }
        }
    }
}
