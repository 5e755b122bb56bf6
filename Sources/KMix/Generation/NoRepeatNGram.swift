/// transformers' `NoRepeatNGramLogitsProcessor`: a token that would complete an n-gram already present in the
/// sequence (prompt and generated tokens) is banned.
enum NoRepeatNGram {
    /// Sets to −∞ the score of every token banned after `sequence` (`scores`: one per vocabulary entry; ids beyond
    /// it are never banned). With size n: each earlier window of n tokens whose first n − 1 equal the sequence's last
    /// n − 1 bans its last token. Nothing is banned when `size` is 0 or the sequence is shorter than n.
    static func ban(after sequence: [Int32], size: Int, scores: UnsafeMutablePointer<Float>, vocabularySize: Int) {
        let length = sequence.count
        guard size > 0, length >= size else { return }
        let prefixStart = length - size + 1
        for start in 0...(length - size) {
            var matches = true
            for offset in 0..<(size - 1) where sequence[start + offset] != sequence[prefixStart + offset] {
                matches = false
                break
            }
            let banned = Int(sequence[start + size - 1])
            if matches, banned < vocabularySize { scores[banned] = -.infinity }
        }
    }
}
