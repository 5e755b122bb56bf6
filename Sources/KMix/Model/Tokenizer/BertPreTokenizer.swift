/// The `BertPreTokenizer` of Hugging Face `tokenizers`: split on whitespace (which is dropped), then make
/// every punctuation character a word of its own.
enum BertPreTokenizer {
    /// Calls `body` with the index range of each word of `scalars[range]`, in order; words are never empty.
    static func forEachWord(in scalars: [Unicode.Scalar], range: Range<Int>, _ body: (Range<Int>) -> Void) {
        var wordStart = range.lowerBound
        for index in range {
            let scalar = scalars[index]
            if BertCharacterClasses.isWhitespace(scalar) {
                if wordStart < index { body(wordStart..<index) }
                wordStart = index + 1
            } else if BertCharacterClasses.isPunctuation(scalar) {
                if wordStart < index { body(wordStart..<index) }
                body(index..<(index + 1))
                wordStart = index + 1
            }
        }
        if wordStart < range.upperBound { body(wordStart..<range.upperBound) }
    }
}
