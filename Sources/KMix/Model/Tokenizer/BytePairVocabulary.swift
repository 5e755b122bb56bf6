/// A byte-pair model's vocabulary looked up byte for byte, to turn merges written as token strings into ids.
struct BytePairVocabulary {
    private var ids: [[UInt8]: Int32] = [:]
    /// What error messages call the vocabulary, such as "vocab.json" or "model.vocab".
    let name: String

    /// The vocabulary of `entries`; a token listed twice keeps its last id.
    init(_ entries: [(token: String, id: Int32)], name: String) {
        self.name = name
        ids.reserveCapacity(entries.count)
        for entry in entries { ids[Array(entry.token.utf8)] = entry.id }
    }

    /// The ids of `pairs` (left and right tokens, in rank order) and of the token each makes, which must all be in
    /// the vocabulary; `location` names a merge by its index, such as "line 3", for the error of the file `file`.
    func merges(
        _ pairs: [(left: String, right: String)], file: String, location: (Int) -> String
    ) throws(TokenizerError) -> [BytePairMerge] {
        var merges: [BytePairMerge] = []
        merges.reserveCapacity(pairs.count)
        for (index, pair) in pairs.enumerated() {
            let left = Array(pair.left.utf8), right = Array(pair.right.utf8)
            func id(_ bytes: [UInt8], _ token: @autoclosure () -> String) throws(TokenizerError) -> Int32 {
                guard let id = ids[bytes] else {
                    throw .unknownMergeToken(file: file, location: location(index), token: token(), vocabulary: name)
                }
                return id
            }
            merges.append(BytePairMerge(
                left: try id(left, pair.left), right: try id(right, pair.right),
                merged: try id(left + right, pair.left + pair.right)))
        }
        return merges
    }

    /// The two tokens of a merge written as "left right", or nil when the text is not two tokens around one space
    /// (`tokenizers` splits at every space and wants exactly two parts).
    static func splitMerge(_ text: String) -> (left: String, right: String)? {
        let parts = text.utf8.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        return (String(decoding: parts[0], as: UTF8.self), String(decoding: parts[1], as: UTF8.self))
    }
}
