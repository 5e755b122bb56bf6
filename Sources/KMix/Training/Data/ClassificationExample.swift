/// One labelled text (or text pair) of a classification data set.
public struct ClassificationExample: Sendable, Equatable {
    /// The text to classify; may be empty.
    public var text: String
    /// The second text of a sentence-pair task, nil for single-sentence tasks.
    public var pair: String?
    /// The class index: a position in the data set's label list.
    public var label: Int
    /// The 1-based line of the source file the example starts on, for messages.
    public var line: Int

    /// An example of `text` (and `pair`) with class index `label`, read from `line`.
    public init(text: String, pair: String? = nil, label: Int, line: Int) {
        self.text = text
        self.pair = pair
        self.label = label
        self.line = line
    }
}
