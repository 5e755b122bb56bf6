/// Ids for tokens and for the n-grams built from them: an n-gram's id is its (n − 1)-gram prefix's id extended by
/// its last token, so equal n-grams get equal ids, ids are dense (arrays can be indexed by them) and every n-gram
/// knows its prefix. Tokens are equal when their code points are (as Python and Perl compare them; Swift's `==`
/// would also equate canonically equivalent ones).
struct NGramTable {
    /// One n-gram of a text and how often the text holds it.
    struct Count {
        var id: Int32
        var count: Int
    }

    private var tokenIDs: [[UInt8]: Int32] = [:]
    private var children: [UInt64: Int32] = [:]
    /// Per n-gram id: its prefix's id (−1 for a unigram) and its order n.
    private(set) var prefix: [Int32] = []
    private(set) var order: [Int32] = []
    /// Per n-gram id, a count while `counts` runs (zero between calls).
    private var scratch: [Int] = []

    /// The number of n-gram ids given so far.
    var size: Int { prefix.count }

    /// The id of `token`.
    mutating func token(_ token: some StringProtocol) -> Int32 {
        let key = Array(token.utf8)
        if let id = tokenIDs[key] { return id }
        let id = Int32(tokenIDs.count)
        tokenIDs[key] = id
        return id
    }

    /// The id of the n-gram `parent` (−1: none) followed by the token `token`.
    mutating func extend(_ parent: Int32, with token: Int32) -> Int32 {
        let key = UInt64(UInt32(bitPattern: parent)) << 32 | UInt64(UInt32(bitPattern: token))
        if let id = children[key] { return id }
        let id = Int32(prefix.count)
        children[key] = id
        prefix.append(parent)
        order.append(parent < 0 ? 1 : order[Int(parent)] + 1)
        scratch.append(0)
        return id
    }

    /// The n-grams of order 1…`maxOrder` of `tokens` (token ids) with their counts, in the order pycocoevalcap's
    /// `precook` first meets them: all unigrams left to right, then all bigrams, and so on.
    mutating func counts(of tokens: [Int32], maxOrder: Int) -> [Count] {
        var ids: [Int32] = []
        ids.reserveCapacity(tokens.count * maxOrder)
        var current = [Int32](repeating: -1, count: tokens.count)
        for length in 1...maxOrder where length <= tokens.count {
            for start in 0...(tokens.count - length) {
                current[start] = extend(current[start], with: tokens[start + length - 1])
                ids.append(current[start])
            }
        }
        var result: [Count] = []
        for id in ids {
            if scratch[Int(id)] == 0 { result.append(Count(id: id, count: 0)) }
            scratch[Int(id)] += 1
        }
        for index in result.indices {
            result[index].count = scratch[Int(result[index].id)]
            scratch[Int(result[index].id)] = 0
        }
        return result
    }
}
