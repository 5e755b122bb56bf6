/// The `ByteLevel` pre-tokenizer of Hugging Face `tokenizers`: an optional space before the text, then GPT-2's
/// pattern `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+` cuts it into pieces
/// (every character falls in one), each of which the BPE model takes as bytes.
///
/// The pattern is matched by hand over Unicode scalars, alternative by alternative as the regex engine tries them.
struct ByteLevelPreTokenizer: Sendable {
    /// Whether a space is put before a text that does not start with one (each text between added tokens).
    var addPrefixSpace: Bool
    /// Whether the pattern splits the text; if not, the whole text is one piece.
    var useRegex: Bool

    /// Calls `body` with each piece of `scalars[range]`, in order; pieces are never empty.
    func forEachPiece(in scalars: [Unicode.Scalar], range: Range<Int>, _ body: (ArraySlice<Unicode.Scalar>) -> Void) {
        guard !range.isEmpty else { return }
        if addPrefixSpace && scalars[range.lowerBound] != " " {
            let spaced = [" "] + scalars[range]
            split(spaced, range: 0..<spaced.count, body)
        } else {
            split(scalars, range: range, body)
        }
    }

    private func split(_ scalars: [Unicode.Scalar], range: Range<Int>, _ body: (ArraySlice<Unicode.Scalar>) -> Void) {
        guard useRegex else {
            body(scalars[range])
            return
        }
        var start = range.lowerBound
        while start < range.upperBound {
            let end = Self.matchEnd(scalars, from: start, to: range.upperBound)
            body(scalars[start..<end])
            start = end
        }
    }

    /// Where the match of the pattern that starts at `start` ends (the pattern matches at every position).
    static func matchEnd(_ scalars: [Unicode.Scalar], from start: Int, to end: Int) -> Int {
        if let contraction = contractionEnd(scalars, from: start, to: end) { return contraction }
        // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`: the optional space is taken when a run follows it.
        var runStart = start
        if scalars[start] == " ", start + 1 < end, ByteLevelCharacterClass.of(scalars[start + 1]) != .whitespace {
            runStart = start + 1
        }
        let runClass = ByteLevelCharacterClass.of(scalars[runStart])
        var index = runStart + 1
        if runClass != .whitespace {
            while index < end, ByteLevelCharacterClass.of(scalars[index]) == runClass { index += 1 }
            return index
        }
        // `\s+(?!\S)` gives back the last whitespace before a non-space; a lone one is taken by `\s+`.
        while index < end, ByteLevelCharacterClass.of(scalars[index]) == .whitespace { index += 1 }
        if index < end && index - start > 1 { return index - 1 }
        return index
    }

    /// The end of `'s`, `'t`, `'re`, `'ve`, `'m`, `'ll` or `'d` at `start` (ASCII, lower case only), if one is there.
    private static func contractionEnd(_ scalars: [Unicode.Scalar], from start: Int, to end: Int) -> Int? {
        guard scalars[start] == "'", start + 1 < end else { return nil }
        switch scalars[start + 1] {
        case "s", "t", "m", "d":
            return start + 2
        case "r", "v":
            return start + 2 < end && scalars[start + 2] == "e" ? start + 3 : nil
        case "l":
            return start + 2 < end && scalars[start + 2] == "l" ? start + 3 : nil
        default:
            return nil
        }
    }
}
