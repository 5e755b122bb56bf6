/// A token matched in the text before the model runs, like `[SEP]`, `<mask>` or `<|endoftext|>` (tokenizer.json
/// `added_tokens`).
struct AddedToken: Sendable {
    /// The text to find.
    var content: String
    /// Its id.
    var id: Int32
    /// Match only when neither neighbour is a word character.
    var singleWord = false
    /// Also take the whitespace on its left.
    var leftStrip = false
    /// Also take the whitespace on its right.
    var rightStrip = false
    /// Match in the normalized text (against the normalized content) rather than in the raw text.
    var normalized = false
    /// A special token, which `decode` can skip.
    var special = false
}

/// One part of a text split on added tokens.
enum AddedTokenSegment {
    /// Ordinary text, to be pre-tokenized.
    case text(Range<Int>)
    /// An added token, with the scalars it covers (whitespace included when it strips).
    case token(id: Int32, range: Range<Int>)
}

/// Finds added tokens the way `tokenizers`' `AddedVocabulary` does: leftmost-longest, non-overlapping matches,
/// then the single-word, left-strip and right-strip rules of each token.
struct AddedTokenSplitter: Sendable {
    private let patterns: ScalarTrie
    private let tokens: [AddedToken]

    /// A splitter for `tokens` whose patterns are `patterns` (the contents, normalized when the tokens are);
    /// of two tokens with the same pattern the first wins.
    init(tokens: [AddedToken], patterns: [[Unicode.Scalar]]) {
        var trie = ScalarTrie()
        for (index, pattern) in patterns.enumerated().reversed() {
            trie.insert(pattern, id: Int32(index))
        }
        self.patterns = trie
        self.tokens = tokens
    }

    /// Splits `scalars[range]` into text and added tokens, covering the range in order.
    func split(_ scalars: [Unicode.Scalar], range: Range<Int>) -> [AddedTokenSegment] {
        guard !tokens.isEmpty else { return range.isEmpty ? [] : [.text(range)] }
        var segments: [AddedTokenSegment] = []
        var textStart = range.lowerBound
        for (tokenIndex, matchStart, matchEnd) in matches(scalars, range: range) {
            let token = tokens[tokenIndex]
            if token.singleWord {
                let wordBefore = matchStart > range.lowerBound && BertCharacterClasses.isWordCharacter(scalars[matchStart - 1])
                let wordAfter = matchEnd < range.upperBound && BertCharacterClasses.isWordCharacter(scalars[matchEnd])
                if wordBefore || wordAfter { continue }
            }
            var start = matchStart
            var end = matchEnd
            if token.leftStrip {
                while start > range.lowerBound, scalars[start - 1].properties.isWhitespace { start -= 1 }
                start = max(start, textStart)
            }
            if token.rightStrip {
                while end < range.upperBound, scalars[end].properties.isWhitespace { end += 1 }
            }
            if textStart < start { segments.append(.text(textStart..<start)) }
            segments.append(.token(id: token.id, range: start..<end))
            textStart = end
        }
        if textStart < range.upperBound { segments.append(.text(textStart..<range.upperBound)) }
        return segments
    }

    /// Leftmost-longest non-overlapping matches: (token index, start, end).
    private func matches(_ scalars: [Unicode.Scalar], range: Range<Int>) -> [(Int, Int, Int)] {
        var found: [(Int, Int, Int)] = []
        var position = range.lowerBound
        while position < range.upperBound {
            if let match = patterns.longestPrefix(of: scalars, from: position, to: range.upperBound) {
                found.append((Int(match.id), position, position + match.length))
                position += match.length
            } else {
                position += 1
            }
        }
        return found
    }
}
