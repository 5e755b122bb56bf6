/// Adds the special tokens around one or two sequences of pieces and sets the token type ids
/// (`TemplateProcessing` and `BertProcessing` of Hugging Face `tokenizers`).
struct PostProcessor: Sendable {
    /// One element of a template.
    enum Piece: Sendable {
        /// Special tokens, with the type id they get.
        case special(ids: [Int32], tokens: [String], typeID: Int32)
        /// The first (0) or second (1) sequence, all of whose tokens get the type id.
        case sequence(index: Int, typeID: Int32)
    }

    /// The template for one sequence.
    var single: [Piece]
    /// The template for a pair of sequences.
    var pair: [Piece]

    /// BERT's templates: `[CLS] A [SEP]` and `[CLS] A [SEP] B [SEP]`, B and its `[SEP]` with type id 1.
    static func bert(classID: Int32, classToken: String, separatorID: Int32, separatorToken: String) -> PostProcessor {
        let cls = Piece.special(ids: [classID], tokens: [classToken], typeID: 0)
        let sep = Piece.special(ids: [separatorID], tokens: [separatorToken], typeID: 0)
        let secondSep = Piece.special(ids: [separatorID], tokens: [separatorToken], typeID: 1)
        return PostProcessor(
            single: [cls, .sequence(index: 0, typeID: 0), sep],
            pair: [cls, .sequence(index: 0, typeID: 0), sep, .sequence(index: 1, typeID: 1), secondSep])
    }

    /// RoBERTa's templates (`RobertaProcessing`): `<s> A </s>` and `<s> A </s></s> B </s>`, every token with type id 0.
    static func roberta(classID: Int32, classToken: String, separatorID: Int32, separatorToken: String) -> PostProcessor {
        let cls = Piece.special(ids: [classID], tokens: [classToken], typeID: 0)
        let sep = Piece.special(ids: [separatorID], tokens: [separatorToken], typeID: 0)
        return PostProcessor(
            single: [cls, .sequence(index: 0, typeID: 0), sep],
            pair: [cls, .sequence(index: 0, typeID: 0), sep, sep, .sequence(index: 1, typeID: 0), sep])
    }

    /// No special tokens: the sequences as they are, the second with type id 1 (tokenizer.json `post_processor: null`,
    /// and the `ByteLevel` post-processor, which only trims offsets).
    static let none = PostProcessor(
        single: [.sequence(index: 0, typeID: 0)],
        pair: [.sequence(index: 0, typeID: 0), .sequence(index: 1, typeID: 1)])

    /// The id of the special token the encoding of one sequence starts with, if it starts with one.
    var leadingID: Int32? {
        if case .special(let ids, _, _) = single.first { return ids.first }
        return nil
    }

    /// The id of the special token the encoding of one sequence ends with, if it ends with one.
    var trailingID: Int32? {
        if case .special(let ids, _, _) = single.last { return ids.last }
        return nil
    }

    /// The largest token type id the template for one sequence or a pair gives (0 for an empty template).
    func largestTypeID(isPair: Bool) -> Int32 {
        (isPair ? pair : single).map { piece in
            switch piece {
            case .special(_, _, let typeID), .sequence(_, let typeID): return typeID
            }
        }.max() ?? 0
    }

    /// How many special tokens the template for one sequence or a pair adds.
    func addedTokenCount(isPair: Bool) -> Int {
        (isPair ? pair : single).reduce(0) { count, piece in
            if case .special(let ids, _, _) = piece { return count + ids.count }
            return count
        }
    }

    /// The encoding of `first` (and `second`) laid out by the template.
    func apply(first: Encoding, second: Encoding?) -> Encoding {
        let sequences = [first, second ?? Encoding(ids: [], typeIDs: [], tokens: [])]
        var result = Encoding(ids: [], typeIDs: [], tokens: [])
        let count = sequences[0].ids.count + sequences[1].ids.count + addedTokenCount(isPair: second != nil)
        result.ids.reserveCapacity(count)
        result.typeIDs.reserveCapacity(count)
        result.tokens.reserveCapacity(count)
        for piece in second == nil ? single : pair {
            switch piece {
            case .special(let ids, let tokens, let typeID):
                result.ids.append(contentsOf: ids)
                result.tokens.append(contentsOf: tokens)
                result.typeIDs.append(contentsOf: repeatElement(typeID, count: ids.count))
            case .sequence(let index, let typeID):
                let sequence = sequences[index]
                result.ids.append(contentsOf: sequence.ids)
                result.tokens.append(contentsOf: sequence.tokens)
                result.typeIDs.append(contentsOf: repeatElement(typeID, count: sequence.ids.count))
            }
        }
        return result
    }
}
