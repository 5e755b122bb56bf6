/// "Did you mean" for mistyped names: the known name nearest to what was typed.
public enum ClosestName {
    /// `"; did you mean 'NAME'?"` for the name in `names` closest to `typed` by edit distance, when it is close
    /// enough to be a typo (at most a third of its length, and at most 3 edits); nil otherwise.
    public static func suggestion(for typed: String, among names: [String]) -> String? {
        closest(to: typed, among: names).map { "; did you mean '\($0)'?" }
    }

    /// The name in `names` closest to `typed`, when it is close enough to be a typo.
    public static func closest(to typed: String, among names: [String]) -> String? {
        let lowered = typed.lowercased()
        let scored = names.map { (name: $0, distance: distance(Array(lowered), Array($0.lowercased()))) }
        guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance > 0 || typed != best.name else {
            return nil
        }
        let limit = min(3, max(1, best.name.count / 3))
        return best.distance <= limit ? best.name : nil
    }

    /// Levenshtein distance, with a transposition of neighbours counting as one edit.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
