/// The WordPiece model of Hugging Face `tokenizers`: greedy longest-match-first over a vocabulary.
///
/// A word is split from the left into the longest vocabulary entries; every piece after the first is looked
/// up with the continuation prefix ("##"). A word with a piece that matches nothing, or longer than
/// `maxInputCharsPerWord` scalars, becomes one unknown token.
struct WordPiece: Sendable {
    /// Vocabulary entries as written, for the first piece of a word.
    private let initialPieces: ScalarTrie
    /// Vocabulary entries that start with the continuation prefix, without it, for later pieces.
    private let continuationPieces: ScalarTrie
    /// The id of the unknown token.
    let unknownID: Int32
    /// Longer words (in Unicode scalars) become the unknown token.
    let maxInputCharsPerWord: Int

    /// Builds the model from (token, id) entries; a later duplicate token replaces an earlier one.
    init(vocabulary: [(token: String, id: Int32)], continuingSubwordPrefix: String, unknownID: Int32, maxInputCharsPerWord: Int) {
        var initial = ScalarTrie()
        var continuation = ScalarTrie()
        let prefix = Array(continuingSubwordPrefix.unicodeScalars)
        for (token, id) in vocabulary {
            let scalars = Array(token.unicodeScalars)
            initial.insert(scalars, id: id)
            if scalars.starts(with: prefix) {
                continuation.insert(scalars[prefix.count...], id: id)
            }
        }
        self.initialPieces = initial
        self.continuationPieces = continuation
        self.unknownID = unknownID
        self.maxInputCharsPerWord = maxInputCharsPerWord
    }

    /// Appends the ids of the pieces of the word `scalars[word]` to `ids`.
    func tokenize(_ scalars: [Unicode.Scalar], word: Range<Int>, into ids: inout [Int32]) {
        guard word.count <= maxInputCharsPerWord else {
            ids.append(unknownID)
            return
        }
        let firstPiece = ids.count
        var start = word.lowerBound
        while start < word.upperBound {
            let pieces = start == word.lowerBound ? initialPieces : continuationPieces
            guard let match = pieces.longestPrefix(of: scalars, from: start, to: word.upperBound) else {
                ids.removeSubrange(firstPiece...)
                ids.append(unknownID)
                return
            }
            ids.append(match.id)
            start += match.length
        }
    }
}
