/// The `LongestFirst` truncation of Hugging Face `tokenizers`.
enum Truncation {
    /// How many tokens of each sequence to keep so that together they fit in `budget` tokens.
    ///
    /// A single sequence keeps `budget`. For a pair, when the shorter one fits in half the budget the
    /// longer one takes the rest; otherwise each keeps half, and an odd token goes to the longer one (to the
    /// second one when both are equally long).
    static func longestFirst(firstCount: Int, secondCount: Int?, budget: Int) -> (first: Int, second: Int?) {
        guard let secondCount else { return (min(firstCount, budget), nil) }
        var shorter = firstCount
        var longer = secondCount
        let swapped = firstCount > secondCount
        if swapped { swap(&shorter, &longer) }
        longer = shorter > budget ? shorter : max(shorter, budget - shorter)
        if shorter + longer > budget {
            shorter = budget / 2
            longer = shorter + budget % 2
        }
        let (keepFirst, keepSecond) = swapped ? (longer, shorter) : (shorter, longer)
        return (min(firstCount, keepFirst), min(secondCount, keepSecond))
    }
}
