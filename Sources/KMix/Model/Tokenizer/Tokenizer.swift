import Foundation

/// The tokenizer of a model folder, for BERT's WordPiece and for GPT-2's and RoBERTa's byte-level BPE, giving the
/// same ids as Hugging Face `tokenizers` with the same files.
///
/// Encoding runs the `tokenizers` pipeline: added tokens such as `[SEP]`, `<mask>` or `<|endoftext|>` are taken
/// out of the raw text, the rest is normalized (`BertNormalizer`, or nothing), then the model step
/// (`TokenizerModel`) splits it into words and those into pieces (`BertPreTokenizer` and WordPiece, or the
/// `ByteLevel` pre-tokenizer and BPE merges), then the pieces are truncated (`LongestFirst`) and wrapped in the
/// special tokens of the post-processor. `decode` turns ids back into text.
public struct Tokenizer: Sendable {
    let normalizers: [BertNormalizer]
    let model: TokenizerModel
    let rawAddedTokens: AddedTokenSplitter
    let normalizedAddedTokens: AddedTokenSplitter
    let postProcessor: PostProcessor
    let decoder: TokenDecoder
    let tokensByID: [String?]
    /// The ids whose token is a special added token, which `decode` can skip.
    let specialIDs: Set<Int32>

    /// One more than the largest token id (model vocabulary and added tokens): the rows an embedding table needs.
    public let vocabularySize: Int
    /// The id of the padding token (BERT's `[PAD]`, RoBERTa's `<pad>`), nil when the tokenizer has none (GPT-2).
    public let padID: Int32?
    /// The id of the token the model puts for what its vocabulary lacks (BERT's `[UNK]`), nil when it has none
    /// (byte-level BPE covers every byte).
    public let unknownID: Int32?
    /// The id of the token that begins a text: the first special token of the encoding of one text (BERT's
    /// `[CLS]`, RoBERTa's `<s>`), else the beginning-of-text token (GPT-2's `<|endoftext|>`); nil when there is none.
    public let beginID: Int32?
    /// The id of the token that ends a text: the last special token of the encoding of one text (BERT's `[SEP]`,
    /// RoBERTa's `</s>`), else the end-of-text token (GPT-2's `<|endoftext|>`); nil when there is none.
    public let endOfTextID: Int32?
    /// The truncation length tokenizer.json declares (128 for all-MiniLM-L6-v2), nil when it declares none or the
    /// tokenizer came from other files; `encode` truncates only to the `maxLength` it is given.
    public let maxLength: Int?

    /// The largest token type id an encoding of one text, or of a pair (`pairs`), carries.
    public func largestTypeID(pairs: Bool) -> Int {
        Int(postProcessor.largestTypeID(isPair: pairs))
    }

    /// The token string of `id`, or nil when no token has that id.
    public func token(for id: Int32) -> String? {
        id >= 0 && Int(id) < tokensByID.count ? tokensByID[Int(id)] : nil
    }

    /// The pieces of `text` without special tokens, like `tokenizers`' `encode(text, add_special_tokens=False).tokens`
    /// (special tokens written in the text, such as "[MASK]", stay single tokens).
    public func tokenize(_ text: String) -> [String] {
        pieces(of: text).tokens
    }

    /// Encodes `text` (and `pair`) with the special tokens, like `tokenizers`' `encode(text, pair)`.
    ///
    /// With `maxLength`, the pieces are truncated `LongestFirst` so that the whole encoding, special tokens
    /// included, has at most `maxLength` tokens; as in `tokenizers`, a `maxLength` smaller than the special
    /// tokens alone truncates nothing.
    public func encode(_ text: String, pair: String? = nil, maxLength: Int? = nil) -> Encoding {
        var first = pieces(of: text)
        var second = pair.map(pieces(of:))
        if let maxLength {
            let added = postProcessor.addedTokenCount(isPair: second != nil)
            if added <= maxLength {
                let keep = Truncation.longestFirst(
                    firstCount: first.count, secondCount: second?.count, budget: maxLength - added)
                first.keepFirst(keep.first)
                if let count = keep.second { second?.keepFirst(count) }
            }
        }
        return postProcessor.apply(first: first, second: second)
    }

    /// The pieces of one text, all with type id 0.
    private func pieces(of text: String) -> Encoding {
        let scalars = Array(text.unicodeScalars)
        var ids: [Int32] = []
        var tokens: [String] = []
        ids.reserveCapacity(scalars.count / 3 + 4)
        tokens.reserveCapacity(scalars.count / 3 + 4)
        for segment in rawAddedTokens.split(scalars, range: 0..<scalars.count) {
            switch segment {
            case .token(let id, let range):
                ids.append(id)
                tokens.append(Self.string(scalars[range]))
            case .text(let range):
                let normalized = Self.normalize(scalars[range], with: normalizers)
                for part in normalizedAddedTokens.split(normalized, range: 0..<normalized.count) {
                    switch part {
                    case .token(let id, let range):
                        ids.append(id)
                        tokens.append(Self.string(normalized[range]))
                    case .text(let range):
                        let first = ids.count
                        model.tokenize(normalized, range: range, into: &ids)
                        for id in ids[first...] { tokens.append(tokensByID[Int(id)] ?? "") }
                    }
                }
            }
        }
        return Encoding(ids: ids, typeIDs: [Int32](repeating: 0, count: ids.count), tokens: tokens)
    }

    static func normalize(_ scalars: ArraySlice<Unicode.Scalar>, with normalizers: [BertNormalizer]) -> [Unicode.Scalar] {
        guard let first = normalizers.first else { return Array(scalars) }
        return normalizers.dropFirst().reduce(first.normalize(scalars)) { text, normalizer in
            normalizer.normalize(text[...])
        }
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
